package io.phototriage.models.deeplab;

import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.LiteModelProvider;
import java.nio.file.Path;

/**
 * Provider {@code deeplab}: {@link DeepLabSegmenter} on {@code <models>/deeplabv3-pascal/}. Options: {@code variant}
 * ({@code full} | {@code half}), {@code thumbnail} (pixels, 256), {@code feather} (pixels, 0), {@code min-size}
 * (pixels, 16), {@code fallbacks} ({@code selfie,other-class,box}, or {@code none}); see {@link #options()}.
 */
public final class DeepLabSegmenterProvider extends LiteModelProvider {
    /** The provider {@link java.util.ServiceLoader} creates. */
    public DeepLabSegmenterProvider() {
        super("deeplab", Segmenter.class,
                "deeplab: DeepLabV3-MobileNetV2 PASCAL VOC semantic masks inside the prompt box (lite, OnnxRuntime)",
                DeepLabSegmenter.FOLDER, DeepLabSegmenter.class, DeepLabSegmenter.MANIFEST_RESOURCE, DeepLabConfig.optionSpecs());
    }

    @Override
    protected Stage<?, ?> load(Path modelsRoot, StageSettings settings) throws StageException {
        return DeepLabSegmenter.load(modelsRoot, DeepLabConfig.of(settings));
    }
}
