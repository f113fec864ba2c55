package io.phototriage.models.lite;

import io.phototriage.core.spi.OptionSpec;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Mask;
import java.util.List;
import java.util.Locale;

/**
 * How a segmenter turns its mask into a cut-out and a thumbnail.
 *
 * @param thumbnailSize longer side of the thumbnail in pixels (option {@code thumbnail}, default 256)
 * @param featherRadius soft edge: the cut-out's alpha is smoothed inwards over this many pixels, 0 = hard edge
 *                      (option {@code feather}, default 0). Pixels outside the mask stay fully transparent.
 * @param minSize       the smallest cut-out worth keeping: a mask whose bounding box is narrower or lower than this
 *                      many pixels is degenerate (a 1x21 sliver) and is not used as the subject's cut-out (option
 *                      {@code min-size}, default {@value #DEFAULT_MIN_SIZE}, range 1..4096)
 */
public record CutoutOptions(int thumbnailSize, int featherRadius, int minSize) {
    /** Option key of {@link #thumbnailSize}. */
    public static final String THUMBNAIL = "thumbnail";
    /** Option key of {@link #featherRadius}. */
    public static final String FEATHER = "feather";
    /** Option key of {@link #minSize}. */
    public static final String MIN_SIZE = "min-size";
    /**
     * Default {@link #minSize}: 16 pixels, the smallest side that still shows a subject in a 256-pixel thumbnail
     * grid; the degenerate DeepLab cut-outs seen on coco128 were 1x21, 6x1 and 15x19 pixels.
     */
    public static final int DEFAULT_MIN_SIZE = 16;

    /**
     * Validates.
     *
     * @param thumbnailSize longer side of the thumbnail in pixels, at least 1
     * @param featherRadius soft edge width in pixels, 0..64 (0 = hard edge)
     * @param minSize       the smallest usable cut-out side in pixels, 1..4096
     * @throws IllegalArgumentException when a value is out of range
     */
    public CutoutOptions {
        if (thumbnailSize < 1) {
            throw new IllegalArgumentException("thumbnail size must be at least 1 pixel: " + thumbnailSize);
        }
        if (featherRadius < 0 || featherRadius > 64) {
            throw new IllegalArgumentException("feather radius must be 0..64 pixels: " + featherRadius);
        }
        if (minSize < 1 || minSize > 4096) {
            throw new IllegalArgumentException("min-size must be 1..4096 pixels: " + minSize);
        }
    }

    /**
     * The given thumbnail size and feather, the default {@link #minSize}.
     *
     * @param thumbnailSize longer side of the thumbnail in pixels, at least 1
     * @param featherRadius soft edge width in pixels, 0..64 (0 = hard edge)
     */
    public CutoutOptions(int thumbnailSize, int featherRadius) {
        this(thumbnailSize, featherRadius, DEFAULT_MIN_SIZE);
    }

    /**
     * Why {@code mask} is no usable cut-out (empty, or its bounding box under {@link #minSize} on a side), or
     * {@code null} when it is usable.
     *
     * @param mask a subject mask
     * @return e.g. {@code "empty"} or {@code "6x1 px, under min-size 16"}, or {@code null}
     */
    public String unusable(Mask mask) {
        BoundingBox box = mask.boundingBox().orElse(null);
        if (box == null) {
            return "empty";
        }
        if (box.width() < minSize || box.height() < minSize) {
            return String.format(Locale.ROOT, "%dx%d px, under min-size %d", (int) box.width(), (int) box.height(),
                    minSize);
        }
        return null;
    }

    /**
     * Thumbnails of 256 pixels, hard edges, cut-outs of at least {@value #DEFAULT_MIN_SIZE} pixels a side.
     *
     * @return the default options
     */
    public static CutoutOptions defaults() {
        return new CutoutOptions(256, 0, DEFAULT_MIN_SIZE);
    }

    /**
     * From the options {@code thumbnail}, {@code feather} and {@code min-size}, the defaults where absent.
     *
     * @param settings the stage's settings
     * @return the options
     * @throws IllegalArgumentException when an option is not an integer or out of range
     */
    public static CutoutOptions of(StageSettings settings) {
        CutoutOptions d = defaults();
        return new CutoutOptions(settings.wholeNumber(THUMBNAIL, d.thumbnailSize), settings.wholeNumber(FEATHER, d.featherRadius),
                settings.wholeNumber(MIN_SIZE, d.minSize));
    }

    /**
     * The options {@link #of} reads, for a provider's {@code options()}.
     *
     * @return the three option specs with their defaults
     */
    public static List<OptionSpec> optionSpecs() {
        CutoutOptions d = defaults();
        return List.of(
                OptionSpec.of(THUMBNAIL, "longer side of the cut-out thumbnail, pixels (>= 1)",
                        String.valueOf(d.thumbnailSize)),
                OptionSpec.of(FEATHER, "soft edge of the cut-out inside the mask, pixels (0..64)",
                        String.valueOf(d.featherRadius)),
                OptionSpec.of(MIN_SIZE, "smallest width and height of a usable cut-out, pixels "
                        + "(1..4096); a smaller mask is degenerate: the segmenter tries its fallbacks", String.valueOf(d.minSize)));
    }
}
