package io.phototriage.models.selfie;

import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelSources;
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
 * Provider {@code selfie}: {@link SelfieSegmenter} on {@code <models>/selfie-segmentation/}. Options: {@code margin}
 * (fraction of the box, 0.25), {@code thumbnail} (pixels, 256), {@code feather} (pixels, 0).
 */
public final class SelfieSegmenterProvider implements StageProvider {
    @Override
    public String name() {
        return "selfie";
    }

    @Override
    public Class<? extends Stage<?, ?>> kind() {
        return Segmenter.class;
    }

    @Override
    public String description() {
        return "selfie: MediaPipe Selfie Segmentation person matte inside the prompt box, people only (lite, OnnxRuntime)";
    }

    /** {@code margin} and the cut-out options ({@code thumbnail}, {@code feather}, {@code min-size}). */
    @Override
    public List<OptionSpec> options() {
        List<OptionSpec> options = new java.util.ArrayList<>();
        options.add(OptionSpec.of(SelfieConfig.MARGIN, "margin around the box, as a fraction of its size", "0.25"));
        options.addAll(io.phototriage.models.lite.CutoutOptions.optionSpecs());
        return List.copyOf(options);
    }

    /** Whether {@code selfie-segmentation/} and its weights are in the models folder. */
    @Override
    public Optional<String> missing(StageSettings settings) {
        return ModelPresence.ofLite(settings, SelfieSegmenter.FOLDER,
                LiteModels.manifest(SelfieSegmenter.class, "selfie-segmentation.manifest.json"));
    }

    @Override
    public Stage<?, ?> create(StageSettings settings) throws StageException {
        try {
            return SelfieSegmenter.load(ModelSources.defaults().root(settings, SelfieSegmenter.FOLDER), SelfieConfig.of(settings));
        } catch (ModelException | IllegalArgumentException | IllegalStateException e) {
            throw new StageException("selfie: " + e.getMessage(), e);
        }
    }
}
