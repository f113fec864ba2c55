package io.phototriage.core.eval;

import io.phototriage.core.stage.BoundingBox;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the ground-truth "main subject" of a photo, the instance a segmentation is compared with. COCO has no such
 * label; crowd regions are never subjects.
 *
 * <pre>{@code
 * Optional<CocoAnnotation> subject = MainSubjects.bestMatch(coco, imageId, detectedBox);
 * }</pre>
 */
public final class MainSubjects {
    /** person, cat and dog. */
    public static final Set<Integer> SUBJECT_CATEGORY_IDS = Set.of(CocoCategory.PERSON, CocoCategory.CAT,
            CocoCategory.DOG);

    private MainSubjects() {
    }

    /**
     * The person, dog or cat instance whose box has the highest IoU with {@code box}. See
     * {@link #bestMatch(CocoDataset, long, BoundingBox, Set)}.
     *
     * @param dataset the ground truth
     * @param imageId the image
     * @param box     a box in pixels of the original image
     * @return the instance, or empty when none overlaps the box
     */
    public static Optional<CocoAnnotation> bestMatch(CocoDataset dataset, long imageId, BoundingBox box) {
        return bestMatch(dataset, imageId, box, SUBJECT_CATEGORY_IDS);
    }

    /**
     * The non-crowd instance of one of {@code categoryIds} on the image whose box has the highest IoU with
     * {@code box} (the first in file order on a tie); empty when no such instance overlaps the box.
     *
     * @param box a box in pixels of the original image, e.g. the one the segmenter was prompted with
     * @param dataset     the ground truth
     * @param imageId     the image
     * @param categoryIds the categories to consider
     * @return the instance, or empty
     */
    public static Optional<CocoAnnotation> bestMatch(CocoDataset dataset, long imageId, BoundingBox box,
                                                     Set<Integer> categoryIds) {
        CocoAnnotation best = null;
        double bestIou = 0;
        for (CocoAnnotation a : dataset.annotationsOf(imageId)) {
            if (a.crowd() || !categoryIds.contains(a.categoryId())) {
                continue;
            }
            double iou = a.bbox().toBoundingBox().iou(box);
            if (iou > bestIou) {
                bestIou = iou;
                best = a;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The person, dog or cat instance with the largest mask area (the first in file order on a tie), the proxy that
     * the coco128 README suggests when there is no box to match; empty when the image has none.
     *
     * @param dataset the ground truth
     * @param imageId the image
     * @return the instance, or empty
     */
    public static Optional<CocoAnnotation> largest(CocoDataset dataset, long imageId) {
        return dataset.annotationsOf(imageId).stream()
                .filter(a -> !a.crowd() && SUBJECT_CATEGORY_IDS.contains(a.categoryId()))
                .max(Comparator.comparingDouble(CocoAnnotation::area)); // BinaryOperator.maxBy keeps the first of ties
    }
}
