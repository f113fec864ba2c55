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

/**
 * Provides {@link SamSegmenter} as the default {@link Segmenter}, named {@code sam}.
 *
 * <p>Options: {@code model} (folder under the models folder, default {@value #DEFAULT_MODEL}), {@code thumbnail}
 * (thumbnail size in pixels, default 256), {@code softEdges} ({@code true}/{@code false}, default false).
 */
public final class SamStageProvider implements StageProvider {
    /** The model folder used when the {@code model} option is not set. */
    public static final String DEFAULT_MODEL = "sam-vit-base";
    /** The tiny random-weight fixture of the same architecture, chosen with option {@code tiny=true}. */
    public static final String TINY_FIXTURE = "sam-tiny";

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

    @Override
    public Stage<?, ?> create(StageSettings settings) throws StageException {
        String modelName = settings.modelFolder(DEFAULT_MODEL, TINY_FIXTURE);
        SamOptions options;
        try {
            options = new SamOptions(
                    Integer.parseInt(settings.option("thumbnail").orElse(String.valueOf(SamOptions.DEFAULT_THUMBNAIL_SIZE))),
                    parseBoolean(settings.option("softEdges").orElse("false")));
        } catch (IllegalArgumentException e) {
            throw new StageException("sam: bad option: " + e.getMessage() + " (thumbnail=<pixels>, softEdges=true|false)", e);
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
