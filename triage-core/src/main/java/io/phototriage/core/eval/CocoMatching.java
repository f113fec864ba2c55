package io.phototriage.core.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The per-image half of {@link CocoEvaluator}: pycocotools' {@code computeIoU} and {@code evaluateImg} (greedy
 * matching of score-sorted detections to ground truth per IoU threshold, crowd and area-range ignores). Kept apart
 * from the accumulation so that each half reads against its pycocotools function.
 */
final class CocoMatching {
    private CocoMatching() {}

    record Gt(long id, CocoBox box, double area, boolean crowd) {
    }

    record Dt(long id, CocoBox box, double area, double score) {
    }

    record ImageEval(double[] dtScores, boolean[][] dtMatched, boolean[][] dtIgnore, boolean[] gtIgnore) {
    }

    /** {@code ious[d][g]}, as pycocotools' {@code computeIoU} with boxes. */
    static double[][] ious(List<Dt> dt, List<Gt> gt) {
        if (dt.isEmpty() || gt.isEmpty()) {
            return new double[0][0];
        }
        double[][] ious = new double[dt.size()][gt.size()];
        for (int d = 0; d < dt.size(); d++) {
            for (int g = 0; g < gt.size(); g++) {
                ious[d][g] = dt.get(d).box.iou(gt.get(g).box, gt.get(g).crowd);
            }
        }
        return ious;
    }

    /** pycocotools' {@code evaluateImg} for one image, category and area range; null when nothing is there. */
    static ImageEval evaluateImage(List<Gt> gtInFileOrder, List<Dt> dt, double[][] iousInFileOrder,
                                           double[] areaRange) {
        if (gtInFileOrder.isEmpty() && dt.isEmpty()) {
            return null;
        }
        int nG = gtInFileOrder.size();
        int nD = dt.size();
        // Ground truth that is ignored (crowd, or outside the area range) goes last, stably.
        Integer[] order = new Integer[nG];
        boolean[] ignoredInFileOrder = new boolean[nG];
        for (int g = 0; g < nG; g++) {
            Gt gt = gtInFileOrder.get(g);
            order[g] = g;
            ignoredInFileOrder[g] = gt.crowd || gt.area < areaRange[0] || gt.area > areaRange[1];
        }
        Arrays.sort(order, Comparator.comparingInt(g -> ignoredInFileOrder[g] ? 1 : 0));
        boolean[] gtIgnore = new boolean[nG];
        boolean[] crowd = new boolean[nG];
        for (int g = 0; g < nG; g++) {
            gtIgnore[g] = ignoredInFileOrder[order[g]];
            crowd[g] = gtInFileOrder.get(order[g]).crowd;
        }
        int nT = CocoEvaluator.IOU_THRESHOLDS.size();
        boolean[][] dtMatched = new boolean[nT][nD];
        boolean[][] dtIgnore = new boolean[nT][nD];
        if (iousInFileOrder.length > 0) {
            boolean[][] gtMatched = new boolean[nT][nG];
            for (int t = 0; t < nT; t++) {
                for (int d = 0; d < nD; d++) {
                    double best = Math.min(CocoEvaluator.IOU[t], 1 - 1e-10);
                    int match = -1;
                    for (int g = 0; g < nG; g++) {
                        if (gtMatched[t][g] && !crowd[g]) {
                            continue; // already taken, and not a crowd
                        }
                        if (match > -1 && !gtIgnore[match] && gtIgnore[g]) {
                            break; // matched a regular ground truth; only ignored ones are left
                        }
                        double iou = iousInFileOrder[d][order[g]];
                        if (iou < best) {
                            continue;
                        }
                        best = iou;
                        match = g;
                    }
                    if (match == -1) {
                        continue;
                    }
                    dtIgnore[t][d] = gtIgnore[match];
                    dtMatched[t][d] = true;
                    gtMatched[t][match] = true;
                }
            }
        }
        // Unmatched detections outside the area range are ignored.
        double[] dtScores = new double[nD];
        for (int d = 0; d < nD; d++) {
            Dt det = dt.get(d);
            dtScores[d] = det.score;
            boolean outside = det.area < areaRange[0] || det.area > areaRange[1];
            for (int t = 0; t < nT; t++) {
                dtIgnore[t][d] = dtIgnore[t][d] || (!dtMatched[t][d] && outside);
            }
        }
        return new ImageEval(dtScores, dtMatched, dtIgnore, gtIgnore);
    }
}
