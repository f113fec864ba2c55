package io.phototriage.core.eval;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link CocoEvaluator} measured.
 *
 * @param params      what was evaluated, with the category and image ids filled in (never empty)
 * @param detections  how many detections were on the evaluated images and categories
 * @param stats       pycocotools' 12 summary numbers
 * @param perCategory one entry per evaluated category, by ascending id
 */
public record CocoEvalResult(CocoEvalParams params, int detections, CocoStats stats,
                             List<CategoryMetrics> perCategory) {
    /**
     * Checks that nothing is null and copies the per-category list.
     *
     * @param params what was evaluated, with the category and image ids filled in (never empty)
     * @param detections how many detections were on the evaluated images and categories
     * @param stats pycocotools' 12 summary numbers
     * @param perCategory one entry per evaluated category, by ascending id
     */
    public CocoEvalResult {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(stats, "stats");
        perCategory = List.copyOf(perCategory);
    }

    /**
     * AP @ IoU .50:.95, the COCO mAP ({@code stats[0]}).
     *
     * @return {@code stats[0]}, -1 when there is no ground truth
     */
    public double mAP() {
        return stats.ap();
    }

    /**
     * AP @ IoU .50 ({@code stats[1]}).
     *
     * @return {@code stats[1]}, -1 when there is no ground truth
     */
    public double mAP50() {
        return stats.ap50();
    }

    /**
     * AP @ IoU .75 ({@code stats[2]}).
     *
     * @return {@code stats[2]}, -1 when there is no ground truth
     */
    public double mAP75() {
        return stats.ap75();
    }

    /**
     * The metrics of one category, if it was evaluated.
     *
     * @param categoryId a category id
     * @return its metrics, or empty if it was not evaluated
     */
    public Optional<CategoryMetrics> category(int categoryId) {
        return perCategory.stream().filter(c -> c.categoryId() == categoryId).findFirst();
    }
}
