package io.phototriage.models.faststyle;

import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelSources;
import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.Stylizer;

/**
 * Provider {@code fast-style}: {@link FastStyleStylizer} on {@code <models>/fast-neural-style/}. Options: {@code style}
 * (candy, mosaic, udnie, rain-princess, pointilism; default candy), {@code max-side} (pixels, 512).
 */
public final class FastStyleStylizerProvider implements StageProvider {
    @Override
    public String name() {
        return "fast-style";
    }

    @Override
    public Class<? extends Stage<?, ?>> kind() {
        return Stylizer.class;
    }

    @Override
    public String description() {
        return "fast-style: Fast Neural Style (candy, mosaic, udnie, rain-princess, pointilism), no prompt (lite, OnnxRuntime)";
    }

    @Override
    public Stage<?, ?> create(StageSettings settings) throws StageException {
        try {
            return FastStyleStylizer.load(ModelSources.defaults().root(settings, FastStyleStylizer.FOLDER), FastStyleConfig.of(settings));
        } catch (ModelException | IllegalArgumentException | IllegalStateException e) {
            throw new StageException("fast-style: " + e.getMessage(), e);
        }
    }
}
