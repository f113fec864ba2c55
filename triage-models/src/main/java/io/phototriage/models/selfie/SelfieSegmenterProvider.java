package io.phototriage.models.selfie;

import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.LiteModelProvider;
import java.nio.file.Path;

/**
 * Provider {@code selfie}: {@link SelfieSegmenter} on {@code <models>/selfie-segmentation/}. Options: {@code margin}
 * (fraction of the box, 0.25), {@code thumbnail} (pixels, 256), {@code feather} (pixels, 0).
 */
public final class SelfieSegmenterProvider extends LiteModelProvider {
    /** The provider {@link java.util.ServiceLoader} creates. */
    public SelfieSegmenterProvider() {
        super("selfie", Segmenter.class,
                "selfie: MediaPipe Selfie Segmentation person matte inside the prompt box, people only (lite, OnnxRuntime)",
                SelfieSegmenter.FOLDER, SelfieSegmenter.class, SelfieSegmenter.MANIFEST_RESOURCE, SelfieConfig.optionSpecs());
    }

    @Override
    protected Stage<?, ?> load(Path modelsRoot, StageSettings settings) throws StageException {
        return SelfieSegmenter.load(modelsRoot, SelfieConfig.of(settings));
    }
}
