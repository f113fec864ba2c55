package io.phototriage.models.faststyle;

import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.Stylizer;
import io.phototriage.models.LiteModelProvider;
import java.nio.file.Path;

/**
 * Provider {@code fast-style}: {@link FastStyleStylizer} on {@code <models>/fast-neural-style/}. Options: {@code style}
 * (candy, mosaic, udnie, rain-princess, pointilism; default candy), {@code max-side} (pixels, 512), {@code input}
 * ({@code cutout}, the default, or {@code photo}).
 */
public final class FastStyleStylizerProvider extends LiteModelProvider {
    /** The provider {@link java.util.ServiceLoader} creates. */
    public FastStyleStylizerProvider() {
        super("fast-style", Stylizer.class,
                "fast-style: Fast Neural Style (candy, mosaic, udnie, rain-princess, pointilism), no prompt (lite, OnnxRuntime)",
                FastStyleStylizer.FOLDER, FastStyleStylizer.class, FastStyleStylizer.MANIFEST_RESOURCE, FastStyleConfig.optionSpecs());
    }

    @Override
    protected Stage<?, ?> load(Path modelsRoot, StageSettings settings) throws StageException {
        return FastStyleStylizer.load(modelsRoot, FastStyleConfig.of(settings));
    }
}
