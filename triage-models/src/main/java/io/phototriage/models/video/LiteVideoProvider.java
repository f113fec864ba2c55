package io.phototriage.models.video;

import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.video.VideoSegmenter;
import io.phototriage.models.LiteModelProvider;
import io.phototriage.models.deeplab.DeepLabSegmenter;
import java.nio.file.Path;

/**
 * Provider {@code lite-video}: {@link LiteVideoSegmenter} on the lite models folder ({@code deeplabv3-pascal/},
 * optionally {@code selfie-segmentation/} and {@code yolox-nano/}); the default video segmenter, since it runs on a CPU
 * with the real weights. It is present when {@code deeplabv3-pascal/} is (Selfie and YOLOX are optional). Options: see
 * {@link LiteVideoConfig}.
 */
public final class LiteVideoProvider extends LiteModelProvider {
    /** Declares the provider. */
    public LiteVideoProvider() {
        super("lite-video", VideoSegmenter.class, true,
                "lite-video: DeepLabV3 + Selfie per frame with association, smoothing and YOLOX re-detection (lite, OnnxRuntime)",
                DeepLabSegmenter.FOLDER, DeepLabSegmenter.class, DeepLabSegmenter.MANIFEST_RESOURCE,
                LiteVideoConfig.optionSpecs());
    }

    @Override
    protected Stage<?, ?> load(Path modelsRoot, StageSettings settings) throws StageException {
        return LiteVideoSegmenter.load(modelsRoot, LiteVideoConfig.of(settings));
    }
}
