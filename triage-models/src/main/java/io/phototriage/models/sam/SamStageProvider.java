package io.phototriage.models.sam;

import io.phototriage.core.model.ModelSources;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.djl.DjlRuntime;
import io.phototriage.core.spi.OptionSpec;
import java.util.List;
import java.util.Optional;
import io.phototriage.models.ModelPresence;

/**
 * Provides {@link SamSegmenter} as the default {@link Segmenter}, named {@code sam}.
 *
 * <p>Options: {@code model} (folder under the models folder, default {@value #DEFAULT_MODEL}), {@code thumbnail}
 * (thumbnail size in pixels, default 256), {@code softEdges} ({@code true}/{@code false}, default false),
 * {@code min-size} (smallest width and height of a usable cut-out in pixels, default 16; a smaller mask makes the
 * segmenter try the next box).
 */
public final class SamStageProvider implements StageProvider {
    /** The model folder used when the {@code model} option is not set. */
    public static final String DEFAULT_MODEL = "sam-vit-base";

    @Override
    public String name() {
        return "sam";
    }

    @Override
    public Class<? extends Stage<?, ?>> kind() {
        return Segmenter.class;
    }

    @Override
    public boolean isDefault() {
        return true;
    }

    @Override
    public String description() {
        return "sam: Segment Anything (box prompt -> mask, cut-out, thumbnail), TorchScript image encoder + mask decoder";
    }

    /** {@code model}, {@code thumbnail}, {@code softEdges}, {@code min-size}. */
    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.of(StageSettings.MODEL_OPTION, "model folder under the models folder", DEFAULT_MODEL),
                OptionSpec.of("thumbnail", "thumbnail long side in pixels", String.valueOf(SamOptions.DEFAULT_THUMBNAIL_SIZE)),
                OptionSpec.of("softEdges", "true for soft mask edges", "false"),
                OptionSpec.of("min-size", "smallest width and height of a usable cut-out, pixels (1..4096); a smaller mask "
                        + "makes SAM try the next box", String.valueOf(SamOptions.DEFAULT_MIN_SIZE)));
    }

    /** Whether the model folder and the files its manifest lists are there. */
    @Override
    public Optional<String> missing(StageSettings settings) {
        return ModelPresence.ofFolder(settings, settings.modelFolder(DEFAULT_MODEL));
    }

    @Override
    public Stage<?, ?> create(StageSettings settings) throws StageException {
        String modelName = settings.modelFolder(DEFAULT_MODEL);
        SamOptions options;
        try {
            options = new SamOptions(
                    Integer.parseInt(settings.option("thumbnail").orElse(String.valueOf(SamOptions.DEFAULT_THUMBNAIL_SIZE))),
                    parseBoolean(settings.option("softEdges").orElse("false")),
                    Integer.parseInt(settings.option("min-size").orElse(String.valueOf(SamOptions.DEFAULT_MIN_SIZE))));
        } catch (IllegalArgumentException e) {
            throw new StageException("sam: bad option: " + e.getMessage() + " (thumbnail=<pixels>, softEdges=true|false, min-size=1..4096)", e);
        }
        ResolvedModel resolved;
        try {
            resolved = ModelStore.at(ModelSources.defaults().root(settings, modelName)).resolve(modelName);
        } catch (ModelException | IllegalStateException e) {
            throw new StageException("sam: " + e.getMessage(), e);
        }
        if (!DjlRuntime.PYTORCH.equals(resolved.manifest().engine())) {
            throw new StageException("sam: model " + modelName + " in " + resolved.dir() + " is for engine "
                    + resolved.manifest().engine() + ", expected " + DjlRuntime.PYTORCH
                    + " (TorchScript from tools/export/export.py sam)");
        }
        return SamSegmenter.load(resolved, options);
    }

    private static boolean parseBoolean(String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException("softEdges must be true or false, got '" + value + "'");
    }
}
