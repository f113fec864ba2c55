package io.phototriage.models.faststyle;

import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelSources;
import io.phototriage.core.spi.OptionSpec;
import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.Stylizer;
import io.phototriage.core.spi.OptionSpec;
import java.util.List;
import java.util.Optional;
import io.phototriage.models.ModelPresence;
import io.phototriage.models.lite.LiteModels;

/**
 * Provider {@code fast-style}: {@link FastStyleStylizer} on {@code <models>/fast-neural-style/}. Options: {@code style}
 * (candy, mosaic, udnie, rain-princess, pointilism; default candy), {@code max-side} (pixels, 512), {@code input}
 * ({@code cutout}, the default, or {@code photo}).
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

    /** {@code style}, {@code max-side} and {@code input}. */
    @Override
    public List<OptionSpec> options() {
        return FastStyleConfig.optionSpecs();
    }

    /** Whether {@code fast-neural-style/} and its style weights are in the models folder. */
    @Override
    public Optional<String> missing(StageSettings settings) {
        return ModelPresence.ofLite(settings, FastStyleStylizer.FOLDER,
                LiteModels.manifest(FastStyleStylizer.class, "fast-neural-style.manifest.json"));
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
