package io.phototriage.models.video;

import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelSources;
import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.video.VideoSegmenter;
import io.phototriage.models.ModelPresence;
import io.phototriage.models.deeplab.DeepLabSegmenter;
import io.phototriage.models.lite.LiteModels;
import java.util.Optional;

/**
 * Provider {@code deeplab-video-reference}: {@link DeepLabReferenceSegmenter}, the simple per-frame baseline of
 * issue #14 (for comparisons, e.g. {@code eval-video --segmenter deeplab-video-reference}). Option {@code variant}
 * ({@code full}, the default, or {@code half}): which DeepLab network.
 */
public final class DeepLabReferenceProvider implements StageProvider {
    @Override
    public String name() {
        return "deeplab-video-reference";
    }

    @Override
    public Class<? extends Stage<?, ?>> kind() {
        return VideoSegmenter.class;
    }

    @Override
    public String description() {
        return "deeplab-video-reference: per-frame DeepLab, components touching the previous mask (baseline, lite)";
    }

    @Override
    public java.util.List<io.phototriage.core.spi.OptionSpec> options() {
        return java.util.List.of(io.phototriage.core.spi.OptionSpec.of(io.phototriage.models.deeplab.DeepLabConfig.VARIANT,
                "network: full or half", "full"));
    }

    @Override
    public Optional<String> missing(StageSettings settings) {
        return ModelPresence.ofLite(settings, DeepLabSegmenter.FOLDER,
                LiteModels.manifest(DeepLabSegmenter.class, "deeplabv3-pascal.manifest.json"));
    }

    @Override
    public Stage<?, ?> create(StageSettings settings) throws StageException {
        try {
            return DeepLabReferenceSegmenter.load(ModelSources.defaults().root(settings, DeepLabSegmenter.FOLDER),
                    settings.option(io.phototriage.models.deeplab.DeepLabConfig.VARIANT)
                            .map(io.phototriage.models.deeplab.DeepLabConfig.Variant::of)
                            .orElse(io.phototriage.models.deeplab.DeepLabConfig.Variant.FULL));
        } catch (ModelException | IllegalArgumentException | IllegalStateException e) {
            throw new StageException("deeplab-video-reference: " + e.getMessage(), e);
        }
    }
}
