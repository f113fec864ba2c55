package io.phototriage.models.sam2;

import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelSources;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.spi.OptionSpec;
import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.video.VideoSegmenter;
import io.phototriage.models.ModelPresence;
import io.phototriage.models.djl.DjlRuntime;
import java.util.List;
import java.util.Optional;

/**
 * Provides {@link Sam2VideoSegmenter} as a {@link VideoSegmenter} named {@code sam2}. Option {@code model}: the
 * folder under the models folder, default {@value #DEFAULT_MODEL} (the tiny test fixture is {@code sam2-tiny}).
 */
public final class Sam2StageProvider implements StageProvider {
    /** The model folder used when the {@code model} option is not set. */
    public static final String DEFAULT_MODEL = "sam2.1-hiera-tiny";

    @Override
    public String name() {
        return "sam2";
    }

    @Override
    public Class<? extends Stage<?, ?>> kind() {
        return VideoSegmenter.class;
    }

    @Override
    public String description() {
        return "sam2: SAM 2 video segmentation (box or mask prompt on the first frame, memory across frames), "
                + "four TorchScript parts";
    }

    /** {@code model}. */
    @Override
    public List<OptionSpec> options() {
        return List.of(OptionSpec.of(StageSettings.MODEL_OPTION, "model folder under the models folder", DEFAULT_MODEL));
    }

    /** Whether the model folder and the files its manifest lists are there. */
    @Override
    public Optional<String> missing(StageSettings settings) {
        return ModelPresence.ofFolder(settings, settings.modelFolder(DEFAULT_MODEL));
    }

    @Override
    public Stage<?, ?> create(StageSettings settings) throws StageException {
        String modelName = settings.modelFolder(DEFAULT_MODEL);
        ResolvedModel resolved;
        try {
            resolved = ModelStore.at(ModelSources.defaults().root(settings, modelName)).resolve(modelName);
        } catch (ModelException | IllegalStateException e) {
            throw new StageException("sam2: " + e.getMessage()
                    + " (export it with tools/export/export.py sam2 --real --out <models>/" + modelName + ")", e);
        }
        if (!DjlRuntime.PYTORCH.equals(resolved.manifest().engine())) {
            throw new StageException("sam2: model " + modelName + " in " + resolved.dir() + " is for engine "
                    + resolved.manifest().engine() + ", expected " + DjlRuntime.PYTORCH
                    + " (TorchScript from tools/export/export.py sam2)");
        }
        return Sam2VideoSegmenter.load(resolved);
    }
}
