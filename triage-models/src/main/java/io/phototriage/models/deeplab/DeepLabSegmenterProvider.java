package io.phototriage.models.deeplab;

import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelSources;
import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;

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

    @Override
    public Stage<?, ?> create(StageSettings settings) throws StageException {
        try {
            return DeepLabSegmenter.load(ModelSources.defaults().root(settings, DeepLabSegmenter.FOLDER), DeepLabConfig.of(settings));
        } catch (ModelException | IllegalArgumentException | IllegalStateException e) {
            throw new StageException("deeplab: " + e.getMessage(), e);
        }
    }
}
