package io.phototriage.models.sam;

/**
 * How {@link SamSegmenter} turns a mask into pictures.
 *
 * @param thumbnailSize longer side of the thumbnail, in pixels
 * @param softEdges     if {@code true}, the cut-out's alpha is {@code sigmoid(logit)} (a soft boundary, pixels just
 *                      outside the mask partly visible) instead of 0/255 from the binary mask
 */
public record SamOptions(int thumbnailSize, boolean softEdges) {
    /** The default thumbnail size. */
    public static final int DEFAULT_THUMBNAIL_SIZE = 256;

    public SamOptions {
        if (thumbnailSize < 1) {
            throw new IllegalArgumentException("thumbnail size must be positive: " + thumbnailSize);
        }
    }

    /** 256-pixel thumbnails, hard edges. */
    public static SamOptions defaults() {
        return new SamOptions(DEFAULT_THUMBNAIL_SIZE, false);
    }
}
