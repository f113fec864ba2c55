package io.phototriage.models.sam;

/**
 * How {@link SamSegmenter} turns a mask into pictures.
 *
 * @param thumbnailSize longer side of the thumbnail, in pixels
 * @param softEdges     if {@code true}, the cut-out's alpha is {@code sigmoid(logit)} (a soft boundary, pixels just
 *                      outside the mask partly visible) instead of 0/255 from the binary mask
 * @param minSize       the smallest usable cut-out: a mask whose bounding box is narrower or lower than this many
 *                      pixels is degenerate, and the segmenter tries the photo's next box (option {@code min-size},
 *                      default {@value #DEFAULT_MIN_SIZE}, as the lite segmenters)
 */
public record SamOptions(int thumbnailSize, boolean softEdges, int minSize) {
    /** The default thumbnail size. */
    public static final int DEFAULT_THUMBNAIL_SIZE = 256;
    /** The default {@link #minSize}, in pixels. */
    public static final int DEFAULT_MIN_SIZE = 16;

    /**
     * Validates.
     *
     * @param thumbnailSize longer side of the thumbnail, in pixels, positive
     * @param softEdges     whether the cut-out's alpha follows the mask probability
     * @param minSize       the smallest usable cut-out side, 1..4096 pixels
     * @throws IllegalArgumentException when a value is out of range
     */
    public SamOptions {
        if (thumbnailSize < 1) {
            throw new IllegalArgumentException("thumbnail size must be positive: " + thumbnailSize);
        }
        if (minSize < 1 || minSize > 4096) {
            throw new IllegalArgumentException("min-size must be 1..4096 pixels: " + minSize);
        }
    }

    /**
     * The given thumbnail size and edges, the default {@link #minSize}.
     *
     * @param thumbnailSize longer side of the thumbnail, in pixels, positive
     * @param softEdges     whether the cut-out's alpha follows the mask probability
     */
    public SamOptions(int thumbnailSize, boolean softEdges) {
        this(thumbnailSize, softEdges, DEFAULT_MIN_SIZE);
    }

    /**
     * 256-pixel thumbnails, hard edges, cut-outs of at least 16 pixels a side.
     *
     * @return the default options
     */
    public static SamOptions defaults() {
        return new SamOptions(DEFAULT_THUMBNAIL_SIZE, false, DEFAULT_MIN_SIZE);
    }
}
