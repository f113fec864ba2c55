package io.phototriage.core.stage;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * The segment stage's answer.
 *
 * @param mask      the subject mask at the size of the image that was segmented
 * @param score     the model's quality estimate for the mask (SAM's predicted IoU), or {@code NaN} if it has none
 * @param cutout    the photo's pixels inside the mask, transparent outside ({@code TYPE_INT_ARGB}), cropped to the
 *                  mask's bounding box
 * @param thumbnail a small preview of the cut-out ({@code TYPE_INT_ARGB})
 */
public record Segmentation(Mask mask, double score, BufferedImage cutout, BufferedImage thumbnail) {
    /**
     * Checks that no component is null.
     *
     * @param mask the subject mask at the size of the image that was segmented
     * @param score the model's quality estimate for the mask (SAM's predicted IoU), or {@code NaN} if it has none
     * @param cutout the photo's pixels inside the mask, transparent outside ({@code TYPE_INT_ARGB}), cropped to the mask's bounding box
     * @param thumbnail a small preview of the cut-out ({@code TYPE_INT_ARGB})
     */
    public Segmentation {
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(cutout, "cutout");
        Objects.requireNonNull(thumbnail, "thumbnail");
    }
}
