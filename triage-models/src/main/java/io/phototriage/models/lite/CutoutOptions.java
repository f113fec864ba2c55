package io.phototriage.models.lite;

import io.phototriage.core.spi.StageSettings;

/**
 * How a segmenter turns its mask into a cut-out and a thumbnail.
 *
 * @param thumbnailSize longer side of the thumbnail in pixels (option {@code thumbnail}, default 256)
 * @param featherRadius soft edge: the cut-out's alpha is smoothed inwards over this many pixels, 0 = hard edge
 *                      (option {@code feather}, default 0). Pixels outside the mask stay fully transparent.
 */
public record CutoutOptions(int thumbnailSize, int featherRadius) {
    /** Option key of {@link #thumbnailSize}. */
    public static final String THUMBNAIL = "thumbnail";
    /** Option key of {@link #featherRadius}. */
    public static final String FEATHER = "feather";

    public CutoutOptions {
        if (thumbnailSize < 1) {
            throw new IllegalArgumentException("thumbnail size must be at least 1 pixel: " + thumbnailSize);
        }
        if (featherRadius < 0 || featherRadius > 64) {
            throw new IllegalArgumentException("feather radius must be 0..64 pixels: " + featherRadius);
        }
    }

    /** Thumbnails of 256 pixels, hard edges. */
    public static CutoutOptions defaults() {
        return new CutoutOptions(256, 0);
    }

    /** From the options {@code thumbnail} and {@code feather}, the defaults where absent. */
    public static CutoutOptions of(StageSettings settings) {
        CutoutOptions d = defaults();
        return new CutoutOptions(intOption(settings, THUMBNAIL, d.thumbnailSize), intOption(settings, FEATHER, d.featherRadius));
    }

    static int intOption(StageSettings settings, String key, int fallback) {
        String value = settings.option(key).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + "=" + value + " is not a whole number", e);
        }
    }
}
