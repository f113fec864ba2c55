package io.phototriage.models.deeplab;

import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.spi.OptionSpec;
import java.util.List;
import java.util.Optional;
import io.phototriage.models.ModelPresence;
import io.phototriage.models.lite.LiteModels;

/**
 * Provider {@code deeplab}: {@link DeepLabSegmenter} on {@code <models>/deeplabv3-pascal/}. Options: {@code variant}
 * ({@code full} | {@code half}), {@code thumbnail} (pixels, 256), {@code feather} (pixels, 0).
 */
public final class DeepLabSegmenterProvider implements StageProvider {
    @Override
    public String name() {
        return "deeplab";
    }

    @Override
    public Class<? extends Stage<?, ?>> kind() {
        return Segmenter.class;
    }

    @Override
    public String description() {
        return "deeplab: DeepLabV3-MobileNetV2 PASCAL VOC semantic masks inside the prompt box (lite, OnnxRuntime)";
    }

    /** {@code variant}, {@code thumbnail}, {@code feather}. */
    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.of(DeepLabConfig.VARIANT, "full or half (input resolution)", "full"),
                OptionSpec.of(io.phototriage.models.lite.CutoutOptions.THUMBNAIL, "thumbnail long side in pixels", "256"),
                OptionSpec.of(io.phototriage.models.lite.CutoutOptions.FEATHER, "cut-out edge feather in pixels", "0"));
    }

    /** Whether {@code deeplabv3-pascal/} and its weights are in the models folder. */
    @Override
    public Optional<String> missing(StageSettings settings) {
        return ModelPresence.ofLite(settings, DeepLabSegmenter.FOLDER,
                LiteModels.manifest(DeepLabSegmenter.class, "deeplabv3-pascal.manifest.json"));
    }

    @Override
    public Stage<?, ?> create(StageSettings settings) throws StageException {
        try {
            return DeepLabSegmenter.load(settings.requireModelsDir(), DeepLabConfig.of(settings));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new StageException("deeplab: " + e.getMessage(), e);
        }
    }
}
