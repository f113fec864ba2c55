package io.phototriage.core.eval;

import io.phototriage.core.eval.CocoMatching.Dt;
import io.phototriage.core.eval.CocoMatching.Gt;
import io.phototriage.core.eval.CocoMatching.ImageEval;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Box detection metrics by the COCO protocol, computed as pycocotools' {@code COCOeval(iouType='bbox')}
 * {@code evaluate(); accumulate(); summarize()} does, step for step.
 *
 * <ul>
 *   <li>IoU thresholds .50:.05:.95, 101 recall thresholds, maxDets 1/10/100, areas all/small/medium/large (by the
 *       annotation's {@code area} for ground truth and {@code w * h} for detections).</li>
 *   <li>Per image and category, detections are ranked by score (ties keep the order of the results list, as numpy's
 *       stable mergesort) and greedily matched to the best still-free ground truth at each IoU threshold.</li>
 *   <li>Crowd regions ({@code iscrowd}) are ignored: a detection matched to one counts neither as hit nor as false
 *       positive, and its IoU with a crowd uses the detection's own area as denominator. As in pycocotools, the
 *       ignore flag of a ground truth is its {@code iscrowd} flag; so are ground truths outside the area range, and
 *       unmatched detections outside it.</li>
 *   <li>Categories without ground truth on the evaluated images get -1 and are left out of the means.</li>
 * </ul>
 *
 * <p>Differences from pycocotools, all about bad input: a detection on an image or with a category that the dataset
 * does not have is an error here (pycocotools asserts on the image and silently drops the category).
 *
 * <pre>{@code
 * CocoEvalResult r = new CocoEvaluator(coco).evaluate(CocoDetections.read(resultsJson));
 * CocoEvalResult pets = new CocoEvaluator(coco).evaluate(detections,
 *         CocoEvalParams.defaults().withCategoryIds(Set.of(CocoCategory.PERSON, CocoCategory.CAT, CocoCategory.DOG)));
 * }</pre>
 */
public final class CocoEvaluator {
    /** The IoU thresholds .50, .55, ..., .95, computed as numpy's {@code linspace} does (so .75 is exact). */
    public static final List<Double> IOU_THRESHOLDS = linspace(.5, .95, 10);
    /** The recall thresholds 0, .01, ..., 1 of the interpolated precision, as numpy's {@code linspace}. */
    public static final List<Double> RECALL_THRESHOLDS = linspace(0, 1, 101);
    /** The per-image detection limits of the AR numbers; the largest also limits AP. */
    public static final List<Integer> MAX_DETECTIONS = List.of(1, 10, 100);

    static final double[] IOU = IOU_THRESHOLDS.stream().mapToDouble(Double::doubleValue).toArray();
    private static final double[] RECALL = RECALL_THRESHOLDS.stream().mapToDouble(Double::doubleValue).toArray();
    private static final double[][] AREA_RANGES = {{0, 1e10}, {0, 32 * 32}, {32 * 32, 96 * 96}, {96 * 96, 1e10}};
    private static final int AREA_ALL = 0;
    private static final int AREA_SMALL = 1;
    private static final int AREA_MEDIUM = 2;
    private static final int AREA_LARGE = 3;
    private static final int IOU_50 = 0;
    private static final int IOU_75 = 5;
    /** numpy's {@code np.spacing(1)}, which pycocotools adds to the precision denominator. */
    private static final double EPS = Math.ulp(1.0);

    private final CocoDataset groundTruth;

    /**
     * An evaluator against this ground truth.
     *
     * @param groundTruth the annotations the detections are scored against
     */
    public CocoEvaluator(CocoDataset groundTruth) {
        this.groundTruth = Objects.requireNonNull(groundTruth, "groundTruth");
    }

    /**
     * Evaluates every category on every image.
     *
     * @param detections the detections, on images of the ground truth
     * @return the metrics
     */
    public CocoEvalResult evaluate(List<CocoDetection> detections) {
        return evaluate(detections, CocoEvalParams.defaults());
    }

    /**
     * Evaluates detections in the COCO results format.
     *
     * @param detections the results, in file order (the order breaks score ties)
     * @param params     which categories and images to evaluate
     * @return the metrics
     * @throws IllegalArgumentException when a detection or a restriction names an image or category that the dataset
     *                                  does not have
     */
    public CocoEvalResult evaluate(List<CocoDetection> detections, CocoEvalParams params) {
        long[] imageIds = resolveImageIds(params);
        int[] categoryIds = resolveCategoryIds(params);
        for (CocoDetection d : detections) {
            if (groundTruth.image(d.imageId()).isEmpty()) {
                throw new IllegalArgumentException("detection on image " + d.imageId() + ", which is not in the"
                        + " ground truth; results must refer to the dataset's image ids");
            }
            if (groundTruth.category(d.categoryId()).isEmpty()) {
                throw new IllegalArgumentException("detection with category " + d.categoryId() + " on image "
                        + d.imageId() + ", which is not a category of the ground truth");
            }
        }

        // _prepare(): ground truth and detections per (image, category), in file order.
        Map<Long, Integer> imageIndex = new HashMap<>();
        for (int i = 0; i < imageIds.length; i++) {
            imageIndex.put(imageIds[i], i);
        }
        Map<Integer, Integer> categoryIndex = new HashMap<>();
        for (int k = 0; k < categoryIds.length; k++) {
            categoryIndex.put(categoryIds[k], k);
        }
        int nImages = imageIds.length;
        int nCategories = categoryIds.length;
        List<List<Gt>> gts = emptyCells(nImages * nCategories);
        List<List<Dt>> dts = emptyCells(nImages * nCategories);
        int[] groundTruthCounts = new int[nCategories];
        for (long imageId : imageIds) {
            for (CocoAnnotation a : groundTruth.annotationsOf(imageId)) {
                Integer k = categoryIndex.get(a.categoryId());
                if (k != null) {
                    gts.get(k * nImages + imageIndex.get(imageId)).add(new Gt(a.id(), a.bbox(), a.area(), a.crowd()));
                    if (!a.crowd()) {
                        groundTruthCounts[k]++;
                    }
                }
            }
        }
        int evaluatedDetections = 0;
        for (int n = 0; n < detections.size(); n++) {
            CocoDetection d = detections.get(n);
            Integer i = imageIndex.get(d.imageId());
            Integer k = categoryIndex.get(d.categoryId());
            if (i != null && k != null) {
                dts.get(k * nImages + i).add(new Dt(n + 1, d.bbox(), d.bbox().area(), d.score()));
                evaluatedDetections++;
            }
        }

        // evaluate(): one ImageEval per (category, area range, image).
        int maxDet = MAX_DETECTIONS.get(MAX_DETECTIONS.size() - 1);
        ImageEval[][][] evals = new ImageEval[nCategories][AREA_RANGES.length][nImages];
        for (int k = 0; k < nCategories; k++) {
            for (int i = 0; i < nImages; i++) {
                List<Gt> gt = gts.get(k * nImages + i);
                List<Dt> dt = sortedByScore(dts.get(k * nImages + i), maxDet);
                double[][] ious = CocoMatching.ious(dt, gt);
                for (int a = 0; a < AREA_RANGES.length; a++) {
                    evals[k][a][i] = CocoMatching.evaluateImage(gt, dt, ious, AREA_RANGES[a]);
                }
            }
        }

        // accumulate()
        Accumulated acc = new Accumulated(nCategories);
        for (int k = 0; k < nCategories; k++) {
            for (int a = 0; a < AREA_RANGES.length; a++) {
                for (int m = 0; m < MAX_DETECTIONS.size(); m++) {
                    accumulate(evals[k][a], MAX_DETECTIONS.get(m), k, a, m, acc);
                }
            }
        }

        // summarize()
        int nT = IOU.length;
        int nR = RECALL.length;
        int m100 = MAX_DETECTIONS.size() - 1;
        CocoStats stats = new CocoStats(
                meanPrecision(acc, -1, AREA_ALL, m100),
                meanPrecision(acc, IOU_50, AREA_ALL, m100),
                meanPrecision(acc, IOU_75, AREA_ALL, m100),
                meanPrecision(acc, -1, AREA_SMALL, m100),
                meanPrecision(acc, -1, AREA_MEDIUM, m100),
                meanPrecision(acc, -1, AREA_LARGE, m100),
                meanRecall(acc, AREA_ALL, 0),
                meanRecall(acc, AREA_ALL, 1),
                meanRecall(acc, AREA_ALL, m100),
                meanRecall(acc, AREA_SMALL, m100),
                meanRecall(acc, AREA_MEDIUM, m100),
                meanRecall(acc, AREA_LARGE, m100));

        List<CategoryMetrics> perCategory = new ArrayList<>(nCategories);
        for (int k = 0; k < nCategories; k++) {
            Mean ap = new Mean();
            Mean ap50 = new Mean();
            Mean ap75 = new Mean();
            Mean ar = new Mean();
            double[] curve = new double[nR];
            double[] curveScores = new double[nR];
            for (int t = 0; t < nT; t++) {
                for (int r = 0; r < nR; r++) {
                    double p = acc.precision[acc.at(t, r, k, AREA_ALL, m100)];
                    ap.add(p);
                    if (t == IOU_50) {
                        ap50.add(p);
                        curve[r] = p;
                        curveScores[r] = acc.scores[acc.at(t, r, k, AREA_ALL, m100)];
                    } else if (t == IOU_75) {
                        ap75.add(p);
                    }
                }
                ar.add(acc.recall[acc.at(t, k, AREA_ALL, m100)]);
            }
            Optional<PrecisionRecallCurve> curve50 = ap50.value() > -1
                    ? Optional.of(new PrecisionRecallCurve(RECALL, curve, curveScores)) : Optional.empty();
            String name = groundTruth.category(categoryIds[k]).map(CocoCategory::name).orElseThrow();
            perCategory.add(new CategoryMetrics(categoryIds[k], name, groundTruthCounts[k], ap.value(), ap50.value(),
                    ap75.value(), ar.value(), curve50));
        }
        CocoEvalParams resolved = new CocoEvalParams(
                Arrays.stream(categoryIds).boxed().collect(java.util.stream.Collectors.toSet()),
                Arrays.stream(imageIds).boxed().collect(java.util.stream.Collectors.toSet()));
        return new CocoEvalResult(resolved, evaluatedDetections, stats, perCategory);
    }

    private long[] resolveImageIds(CocoEvalParams params) {
        if (params.imageIds().isEmpty()) {
            return groundTruth.images().stream().mapToLong(CocoImage::id).sorted().toArray();
        }
        for (long id : params.imageIds()) {
            if (groundTruth.image(id).isEmpty()) {
                throw new IllegalArgumentException("image id " + id + " is not in the ground truth; restrict the"
                        + " evaluation to ids of the dataset's images");
            }
        }
        return params.imageIds().stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private int[] resolveCategoryIds(CocoEvalParams params) {
        if (params.categoryIds().isEmpty()) {
            return groundTruth.categories().stream().mapToInt(CocoCategory::id).sorted().distinct().toArray();
        }
        for (int id : params.categoryIds()) {
            if (groundTruth.category(id).isEmpty()) {
                throw new IllegalArgumentException("category id " + id + " is not in the ground truth; restrict the"
                        + " evaluation to ids of the dataset's categories");
            }
        }
        return params.categoryIds().stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** Highest score first, ties in input order (numpy's stable mergesort of -score), at most {@code limit}. */
    private static List<Dt> sortedByScore(List<Dt> dt, int limit) {
        List<Dt> sorted = new ArrayList<>(dt);
        sorted.sort((x, y) -> descending(x.score(), y.score()));
        return sorted.size() > limit ? sorted.subList(0, limit) : sorted;
    }

    /** Higher first; equal (also 0.0 and -0.0) compares 0, so a stable sort keeps input order as numpy does. */
    private static int descending(double x, double y) {
        return x > y ? -1 : x < y ? 1 : 0;
    }

    /** pycocotools' {@code accumulate} for one category, area range and maxDets. */
    private static void accumulate(ImageEval[] images, int maxDet, int k, int a, int m, Accumulated acc) {
        List<ImageEval> present = Arrays.stream(images).filter(Objects::nonNull).toList();
        if (present.isEmpty()) {
            return;
        }
        int total = 0;
        int notIgnoredGt = 0;
        for (ImageEval e : present) {
            total += Math.min(maxDet, e.dtScores().length);
            for (boolean ig : e.gtIgnore()) {
                if (!ig) {
                    notIgnoredGt++;
                }
            }
        }
        double[] dtScores = new double[total];
        int[] imageOf = new int[total];
        int[] indexInImage = new int[total];
        int n = 0;
        for (int i = 0; i < present.size(); i++) {
            ImageEval e = present.get(i);
            for (int d = 0; d < Math.min(maxDet, e.dtScores().length); d++) {
                dtScores[n] = e.dtScores()[d];
                imageOf[n] = i;
                indexInImage[n] = d;
                n++;
            }
        }
        if (notIgnoredGt == 0) {
            return;
        }
        Integer[] order = new Integer[total];
        for (int j = 0; j < total; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (x, y) -> descending(dtScores[x], dtScores[y]));
        int nT = IOU_THRESHOLDS.size();
        int nR = RECALL_THRESHOLDS.size();
        for (int t = 0; t < nT; t++) {
            double[] rc = new double[total];
            double[] pr = new double[total];
            double tp = 0;
            double fp = 0;
            for (int j = 0; j < total; j++) {
                ImageEval e = present.get(imageOf[order[j]]);
                int d = indexInImage[order[j]];
                if (!e.dtIgnore()[t][d]) {
                    if (e.dtMatched()[t][d]) {
                        tp++;
                    } else {
                        fp++;
                    }
                }
                rc[j] = tp / notIgnoredGt;
                pr[j] = tp / (fp + tp + EPS);
            }
            acc.recall[acc.at(t, k, a, m)] = total > 0 ? rc[total - 1] : 0;
            for (int j = total - 1; j > 0; j--) {
                if (pr[j] > pr[j - 1]) {
                    pr[j - 1] = pr[j];
                }
            }
            for (int r = 0; r < nR; r++) {
                int at = searchSortedLeft(rc, RECALL[r]);
                if (at >= total) {
                    // pycocotools stops at the first recall threshold that is never reached: the rest stay 0.
                    for (int rest = r; rest < nR; rest++) {
                        acc.precision[acc.at(t, rest, k, a, m)] = 0;
                        acc.scores[acc.at(t, rest, k, a, m)] = 0;
                    }
                    break;
                }
                acc.precision[acc.at(t, r, k, a, m)] = pr[at];
                acc.scores[acc.at(t, r, k, a, m)] = dtScores[order[at]];
            }
        }
    }

    /** The first index whose value is {@code >= x} in an ascending array, as numpy's searchsorted(side='left'). */
    private static int searchSortedLeft(double[] ascending, double x) {
        int lo = 0;
        int hi = ascending.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ascending[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Mean over IoU thresholds (or one, {@code t >= 0}), recall thresholds and categories of the values above -1. */
    private static double meanPrecision(Accumulated acc, int t, int a, int m) {
        Mean mean = new Mean();
        for (int ti = 0; ti < IOU.length; ti++) {
            if (t >= 0 && ti != t) {
                continue;
            }
            for (int r = 0; r < RECALL.length; r++) {
                for (int k = 0; k < acc.categories; k++) {
                    mean.add(acc.precision[acc.at(ti, r, k, a, m)]);
                }
            }
        }
        return mean.value();
    }

    private static double meanRecall(Accumulated acc, int a, int m) {
        Mean mean = new Mean();
        for (int t = 0; t < IOU.length; t++) {
            for (int k = 0; k < acc.categories; k++) {
                mean.add(acc.recall[acc.at(t, k, a, m)]);
            }
        }
        return mean.value();
    }

    private static <T> List<List<T>> emptyCells(int n) {
        List<List<T>> cells = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            cells.add(new ArrayList<>());
        }
        return cells;
    }

    private static List<Double> linspace(double start, double stop, int num) {
        double step = (stop - start) / (num - 1);
        Double[] values = new Double[num];
        for (int i = 0; i < num; i++) {
            values[i] = i * step + start;
        }
        values[num - 1] = stop;
        return List.of(values);
    }

    /**
     * pycocotools' {@code eval['precision']} and {@code eval['scores']} [T, R, K, A, M] and {@code eval['recall']}
     * [T, K, A, M], flattened row-major; -1 where a setting has no ground truth.
     */
    private static final class Accumulated {
        final int categories;
        final double[] precision;
        final double[] scores;
        final double[] recall;

        Accumulated(int categories) {
            this.categories = categories;
            int cells = categories * AREA_RANGES.length * MAX_DETECTIONS.size();
            precision = new double[IOU.length * RECALL.length * cells];
            scores = new double[precision.length];
            recall = new double[IOU.length * cells];
            Arrays.fill(precision, -1);
            Arrays.fill(scores, -1);
            Arrays.fill(recall, -1);
        }

        int at(int t, int r, int k, int a, int m) {
            return (((t * RECALL.length + r) * categories + k) * AREA_RANGES.length + a) * MAX_DETECTIONS.size() + m;
        }

        int at(int t, int k, int a, int m) {
            return ((t * categories + k) * AREA_RANGES.length + a) * MAX_DETECTIONS.size() + m;
        }
    }

    /** The mean of the values above -1, or -1 when there are none (pycocotools' {@code np.mean(s[s > -1])}). */
    private static final class Mean {
        private double sum;
        private int count;

        void add(double v) {
            if (v > -1) {
                sum += v;
                count++;
            }
        }

        double value() {
            return count == 0 ? -1 : sum / count;
        }
    }
}
