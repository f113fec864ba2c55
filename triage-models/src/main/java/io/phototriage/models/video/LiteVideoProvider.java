package io.phototriage.models.video;

import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelSources;
import io.phototriage.core.spi.OptionSpec;
import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.video.VideoSegmenter;
import io.phototriage.models.ModelPresence;
import io.phototriage.models.deeplab.DeepLabSegmenter;
import io.phototriage.models.lite.LiteModels;
import java.util.List;
import java.util.Optional;

/**
 * Provider {@code lite-video}: {@link LiteVideoSegmenter} on the lite models folder ({@code deeplabv3-pascal/},
 * optionally {@code selfie-segmentation/} and {@code yolox-nano/}); the default video segmenter. Options: see
 * {@link LiteVideoConfig}.
 */
public final class LiteVideoProvider implements StageProvider {
    @Override
    public String name() {
        return "lite-video";
    }

    @Override
    public Class<? extends Stage<?, ?>> kind() {
        return VideoSegmenter.class;
    }

    /** The default video segmenter: the lite set's, which runs on a CPU with the real weights. */
    @Override
    public boolean isDefault() {
        return true;
    }

    @Override
    public String description() {
        return "lite-video: DeepLabV3 + Selfie per frame with association, smoothing and YOLOX re-detection (lite, OnnxRuntime)";
    }

    @Override
    public List<OptionSpec> options() {
        return LiteVideoConfig.optionSpecs();
    }

    /** Whether {@code deeplabv3-pascal/} is there (Selfie and YOLOX are optional). */
    @Override
    public Optional<String> missing(StageSettings settings) {
        return ModelPresence.ofLite(settings, DeepLabSegmenter.FOLDER,
                LiteModels.manifest(DeepLabSegmenter.class, "deeplabv3-pascal.manifest.json"));
    }

    @Override
    public Stage<?, ?> create(StageSettings settings) throws StageException {
        try {
            return LiteVideoSegmenter.load(ModelSources.defaults().root(settings, DeepLabSegmenter.FOLDER),
                    LiteVideoConfig.of(settings));
        } catch (ModelException | IllegalArgumentException | IllegalStateException e) {
            throw new StageException("lite-video: " + e.getMessage(), e);
        }
    }
}
