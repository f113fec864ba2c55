package io.phototriage.core.eval;

import java.util.Objects;
import java.util.Optional;

/**
 * COCO box metrics of one category (all areas, maxDets 100). Values are -1 when the category has no ground truth
 * among the evaluated images (crowd regions do not count), as in pycocotools.
 *
 * @param categoryId  the COCO category id
 * @param name        the category name
 * @param groundTruth the number of non-crowd ground-truth boxes of this category on the evaluated images
 * @param ap          AP @ IoU .50:.95
 * @param ap50        AP @ IoU .50
 * @param ap75        AP @ IoU .75
 * @param recall      AR@100: recall at maxDets 100, averaged over IoU .50:.95
 * @param curve50     the interpolated precision-recall curve at IoU .50; empty when {@code ap50} is -1
 */
public record CategoryMetrics(int categoryId, String name, int groundTruth, double ap, double ap50, double ap75,
                              double recall, Optional<PrecisionRecallCurve> curve50) {
    /**
     * Checks that {@code name} and {@code curve50} are not null.
     *
     * @param categoryId the COCO category id
     * @param name the category name
     * @param groundTruth the number of non-crowd ground-truth boxes of this category on the evaluated images
     * @param ap AP @ IoU .50:.95
     * @param ap50 AP @ IoU .50
     * @param ap75 AP @ IoU .75
     * @param recall AR@100: recall at maxDets 100, averaged over IoU .50:.95
     * @param curve50 the interpolated precision-recall curve at IoU .50; empty when {@code ap50} is -1
     */
    public CategoryMetrics {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(curve50, "curve50");
    }

    /**
     * Whether the category has ground truth among the evaluated images (its metrics are not -1).
     *
     * @return true when the category has at least one ground-truth instance
     */
    public boolean hasGroundTruth() {
        return ap50 > -1;
    }
}
