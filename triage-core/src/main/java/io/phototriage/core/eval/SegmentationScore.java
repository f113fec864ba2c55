package io.phototriage.core.eval;

/**
 * How well one photo's predicted subject mask matches its ground-truth subject.
 *
 * @param imageId      the COCO image id
 * @param annotationId the ground-truth instance it was compared with
 * @param categoryId   that instance's category
 * @param iou          mask intersection over union, in {@code [0, 1]}
 */
public record SegmentationScore(long imageId, long annotationId, int categoryId, double iou) {
    /**
     * Checks the IoU.
     *
     * @param imageId the COCO image id
     * @param annotationId the ground-truth instance it was compared with
     * @param categoryId that instance's category
     * @param iou mask intersection over union, in {@code [0, 1]}
     * @throws IllegalArgumentException if the IoU is not in [0, 1]
     */
    public SegmentationScore {
        if (!(iou >= 0 && iou <= 1)) {
            throw new IllegalArgumentException("mask IoU must be in [0, 1], got " + iou + " for image " + imageId);
        }
    }
}
