package io.phototriage.models.sam;

import io.phototriage.core.spi.OptionSpec;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.FolderModelProvider;
import java.util.List;

/**
 * Provides {@link SamSegmenter} as the default {@link Segmenter}, named {@code sam}.
 *
 * <p>Options: {@code model} (folder under the models folder, default {@value #DEFAULT_MODEL}), {@code thumbnail}
 * (thumbnail size in pixels, default 256), {@code softEdges} ({@code true}/{@code false}, default false),
 * {@code min-size} (smallest width and height of a usable cut-out in pixels, default 16; a smaller mask makes the
 * segmenter try the next box).
 */
public final class SamStageProvider extends FolderModelProvider {
    /** The model folder used when the {@code model} option is not set. */
    public static final String DEFAULT_MODEL = "sam-vit-base";

    /** The provider {@link java.util.ServiceLoader} creates. */
    public SamStageProvider() {
        super("sam", Segmenter.class, true,
                "sam: Segment Anything (box prompt -> mask, cut-out, thumbnail), TorchScript image encoder + mask decoder",
                DEFAULT_MODEL, List.of(modelOption(DEFAULT_MODEL),
                        OptionSpec.of("thumbnail", "thumbnail long side in pixels", String.valueOf(SamOptions.DEFAULT_THUMBNAIL_SIZE)),
                        OptionSpec.of("softEdges", "true for soft mask edges", "false"),
                        OptionSpec.of("min-size", "smallest width and height of a usable cut-out, pixels (1..4096); a smaller "
                                + "mask makes SAM try the next box", String.valueOf(SamOptions.DEFAULT_MIN_SIZE))));
    }

    @Override
    public Stage<?, ?> create(StageSettings settings) throws StageException {
        SamOptions options;
        try {
            options = new SamOptions(
                    settings.wholeNumber("thumbnail", SamOptions.DEFAULT_THUMBNAIL_SIZE),
                    settings.flag("softEdges", false),
                    settings.wholeNumber("min-size", SamOptions.DEFAULT_MIN_SIZE));
        } catch (IllegalArgumentException e) {
            throw new StageException("sam: bad option: " + e.getMessage() + " (thumbnail=<pixels>, softEdges=true|false, min-size=1..4096)", e);
        }
        return SamSegmenter.load(resolveTorchScript(settings, "sam"), options);
    }
}
