package io.phototriage.examples;

import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.video.VideoSegmenter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Which {@link VideoSegmenter} provider a model set uses, looked up by name through the {@link StageRegistry}:
 * {@code lite-video} for lite, {@code sam2} for tiny and full (SAM 2; its provider lives in triage-models'
 * {@code sam2} package). Options for the segmenter are pipeline-wide keys {@code video.OPTION}.
 */
final class VideoSegmenters {
    /** The stage key video options are prefixed with. */
    static final String STAGE = "video";

    private VideoSegmenters() {}

    /** The provider name of a set. */
    static String providerOf(ModelSet set) {
        return switch (set) {
            case LITE -> "lite-video";
            case TINY, FULL -> "sam2";
        };
    }

    /**
     * Creates the segmenter.
     *
     * @param set      the model set
     * @param models   the models folder, or empty for the set's default
     * @param provider a provider name that overrides the set's, or null
     * @param options  segmenter options (unprefixed keys)
     * @throws IllegalArgumentException when no provider of that name is on the class path, or an option is unknown
     * @throws StageException           when the provider cannot load its models
     */
    static VideoSegmenter open(ModelSet set, Optional<Path> models, String provider, Map<String, String> options)
            throws StageException {
        String name = provider != null ? provider : providerOf(set);
        StageSettings settings = set.settings(models).forStage(STAGE);
        if (set == ModelSet.TINY && settings.option(StageSettings.MODEL_OPTION).isEmpty()) {
            settings = settings.withOption(StageSettings.MODEL_OPTION, "sam2-tiny");
        }
        for (Map.Entry<String, String> e : options.entrySet()) {
            settings = settings.withOption(e.getKey(), e.getValue());
        }
        StageRegistry registry = StageRegistry.load();
        var found = registry.providers(VideoSegmenter.class).stream()
                .filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no video segmenter provider named '" + name + "' for the " + set.label()
                    + " model set on the class path (available: " + registry.providers(VideoSegmenter.class).stream()
                            .map(p -> p.name()).sorted().toList() + ")" + (name.equals("sam2")
                                    ? "; SAM 2 comes with triage-models' sam2 package (#14); use --model-set lite meanwhile" : ""));
        }
        Map<String, String> checked = new java.util.TreeMap<>(settings.options());
        checked.remove(StageSettings.MODEL_OPTION);
        StageRegistry.checkOptions(found.get(), new StageSettings(settings.modelsDir(), checked), STAGE + ".");
        return registry.create(found.get(), VideoSegmenter.class, settings);
    }
}
