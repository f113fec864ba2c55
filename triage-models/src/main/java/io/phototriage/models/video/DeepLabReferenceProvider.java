package io.phototriage.models.video;

import io.phototriage.core.spi.OptionSpec;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.video.VideoSegmenter;
import io.phototriage.models.LiteModelProvider;
import io.phototriage.models.deeplab.DeepLabConfig;
import io.phototriage.models.deeplab.DeepLabSegmenter;
import java.nio.file.Path;
import java.util.List;

/**
 * Provider {@code deeplab-video-reference}: {@link DeepLabReferenceSegmenter}, the simple per-frame baseline of
 * issue #14 (for comparisons, e.g. {@code eval-video --segmenter deeplab-video-reference}). Option {@code variant}
 * ({@code full}, the default, or {@code half}): which DeepLab network.
 */
public final class DeepLabReferenceProvider extends LiteModelProvider {
    /** Declares the provider. */
    public DeepLabReferenceProvider() {
        super("deeplab-video-reference", VideoSegmenter.class,
                "deeplab-video-reference: per-frame DeepLab, components touching the previous mask (baseline, lite)",
                DeepLabSegmenter.FOLDER, DeepLabSegmenter.class, DeepLabSegmenter.MANIFEST_RESOURCE,
                List.of(OptionSpec.of(DeepLabConfig.VARIANT, "network: full or half", "full")));
    }

    @Override
    protected Stage<?, ?> load(Path modelsRoot, StageSettings settings) throws StageException {
        return DeepLabReferenceSegmenter.load(modelsRoot,
                settings.option(DeepLabConfig.VARIANT).map(DeepLabConfig.Variant::of).orElse(DeepLabConfig.Variant.FULL));
    }
}
