package io.phototriage.models.yolox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * YOLOX's SimOTA label assignment for one image, in plain Java float32 arithmetic (it needs no gradient), following
 * {@code YOLOXHead.get_assignments} / {@code simota_matching} of the reference source (Megvii YOLOX, commit
 * 6ddff48):
 * <ol>
 *   <li>centre prior: an anchor is a candidate of a box when the anchor's centre {@code (grid + 0.5) * stride} lies
 *       within {@code 1.5 * stride} of the box's centre; candidates are the anchors that are a candidate of any box;</li>
 *   <li>cost of (box, candidate) = {@code BCE(sqrt(sigmoid(cls) * sigmoid(obj)), one-hot).sum()
 *       + 3 * -log(IoU + 1e-8) + 1e6 * (candidate outside that box's centre prior)};</li>
 *   <li>dynamic k per box = {@code max(1, (int) sum of its 10 best IoUs)}; each box takes its k cheapest
 *       candidates; a candidate taken by several boxes goes to the cheapest of them (first on ties).</li>
 * </ol>
 * This reference version uses only the centre prior as the geometry constraint (older YOLOX versions also used
 * "inside the box" and a 1e5 penalty).
 */
final class SimOta {
    static final float CENTER_RADIUS = 1.5f;
    static final int CANDIDATE_K = 10;
    static final float OUTSIDE_COST = 1e6f;
    static final float IOU_COST_WEIGHT = 3f;

    private SimOta() {}

    /**
     * A ground-truth box in letterboxed input pixels.
     *
     * @param cls class index into the head's classes
     * @param cx  centre x
     * @param cy  centre y
     * @param w   width
     * @param h   height
     */
    record Box(int cls, float cx, float cy, float w, float h) {}

    /**
     * The assignment of one image.
     *
     * @param foreground the foreground anchors, ascending
     * @param matchedBox for each foreground anchor, the index of its box
     * @param iou        for each foreground anchor, the IoU of its predicted box with its box
     */
    record Assignment(int[] foreground, int[] matchedBox, float[] iou) {
        static final Assignment NONE = new Assignment(new int[0], new int[0], new float[0]);

        int count() {
            return foreground.length;
        }
    }

    /**
     * Assigns anchors to the boxes of one image.
     *
     * @param raw     the raw head outputs of the batch, {@code [B, anchors, 5 + C]} row-major
     * @param image   which image of the batch
     * @param classes C
     * @param anchors the anchor grid
     * @param boxes   the image's boxes (empty: nothing is assigned)
     * @return the foreground anchors with their boxes and IoUs
     */
    static Assignment assign(float[] raw, int image, int classes, YoloxAnchors anchors, List<Box> boxes) {
        int numGt = boxes.size();
        if (numGt == 0) {
            return Assignment.NONE;
        }
        int a = anchors.count();
        int row = 5 + classes;
        int base = image * a * row;
        // 1. centre prior
        boolean[][] inCenter = new boolean[numGt][a];
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < a; i++) {
            float s = anchors.stride(i);
            float xc = (anchors.x(i) + 0.5f) * s;
            float yc = (anchors.y(i) + 0.5f) * s;
            float dist = s * CENTER_RADIUS;
            boolean any = false;
            for (int g = 0; g < numGt; g++) {
                Box b = boxes.get(g);
                float cl = xc - (b.cx() - dist);
                float cr = (b.cx() + dist) - xc;
                float ct = yc - (b.cy() - dist);
                float cb = (b.cy() + dist) - yc;
                if (Math.min(Math.min(cl, ct), Math.min(cr, cb)) > 0f) {
                    inCenter[g][i] = true;
                    any = true;
                }
            }
            if (any) {
                candidates.add(i);
            }
        }
        int n = candidates.size();
        if (n == 0) {
            return Assignment.NONE;
        }
        // 2. pairwise IoU and cost
        float[][] ious = new float[numGt][n];
        float[][] cost = new float[numGt][n];
        for (int j = 0; j < n; j++) {
            int anchor = candidates.get(j);
            int o = base + anchor * row;
            float s = anchors.stride(anchor);
            float pcx = (raw[o] + anchors.x(anchor)) * s;
            float pcy = (raw[o + 1] + anchors.y(anchor)) * s;
            float pw = (float) Math.exp(raw[o + 2]) * s;
            float ph = (float) Math.exp(raw[o + 3]) * s;
            float obj = sigmoid(raw[o + 4]);
            float[] p = new float[classes];
            for (int c = 0; c < classes; c++) {
                p[c] = (float) Math.sqrt(sigmoid(raw[o + 5 + c]) * obj);
            }
            for (int g = 0; g < numGt; g++) {
                Box b = boxes.get(g);
                float iou = iou(b.cx(), b.cy(), b.w(), b.h(), pcx, pcy, pw, ph);
                ious[g][j] = iou;
                float clsCost = 0f;
                for (int c = 0; c < classes; c++) {
                    clsCost += c == b.cls() ? -clampedLog(p[c]) : -clampedLog(1f - p[c]);
                }
                float iouCost = (float) -Math.log(iou + 1e-8f);
                cost[g][j] = clsCost + IOU_COST_WEIGHT * iouCost + (inCenter[g][anchor] ? 0f : OUTSIDE_COST);
            }
        }
        // 3. dynamic k matching
        int topK = Math.min(CANDIDATE_K, n);
        int[] matchCount = new int[n];
        boolean[][] matching = new boolean[numGt][n];
        for (int g = 0; g < numGt; g++) {
            float[] sorted = ious[g].clone();
            Arrays.sort(sorted);
            float sum = 0f;
            for (int t = 0; t < topK; t++) {
                sum += sorted[n - 1 - t];
            }
            int k = Math.max(1, (int) sum);
            for (int j : cheapest(cost[g], k)) {
                matching[g][j] = true;
                matchCount[j]++;
            }
        }
        List<Integer> fg = new ArrayList<>();
        List<Integer> matched = new ArrayList<>();
        List<Float> fgIou = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            if (matchCount[j] == 0) {
                continue;
            }
            int g;
            if (matchCount[j] > 1) {
                g = 0;
                for (int h = 1; h < numGt; h++) {
                    if (cost[h][j] < cost[g][j]) {
                        g = h;
                    }
                }
            } else {
                g = 0;
                while (!matching[g][j]) {
                    g++;
                }
            }
            fg.add(candidates.get(j));
            matched.add(g);
            fgIou.add(ious[g][j]);
        }
        float[] iouArray = new float[fgIou.size()];
        for (int i = 0; i < iouArray.length; i++) {
            iouArray[i] = fgIou.get(i);
        }
        return new Assignment(fg.stream().mapToInt(Integer::intValue).toArray(),
                matched.stream().mapToInt(Integer::intValue).toArray(), iouArray);
    }

    /** Indices of the {@code k} smallest values, lower index first on ties. */
    private static int[] cheapest(float[] values, int k) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> {
            int c = Float.compare(values[x], values[y]);
            return c != 0 ? c : Integer.compare(x, y);
        });
        int[] out = new int[Math.min(k, values.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = order[i];
        }
        return out;
    }

    /** IoU of two centre-size boxes, as the reference's {@code bboxes_iou(..., xyxy=False)} in float32. */
    static float iou(float acx, float acy, float aw, float ah, float bcx, float bcy, float bw, float bh) {
        float tlx = Math.max(acx - aw / 2, bcx - bw / 2);
        float tly = Math.max(acy - ah / 2, bcy - bh / 2);
        float brx = Math.min(acx + aw / 2, bcx + bw / 2);
        float bry = Math.min(acy + ah / 2, bcy + bh / 2);
        float areaA = aw * ah;
        float areaB = bw * bh;
        float inter = tlx < brx && tly < bry ? (brx - tlx) * (bry - tly) : 0f;
        return inter / (areaA + areaB - inter);
    }

    static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    /** {@code log} clamped at -100, as {@code torch.nn.functional.binary_cross_entropy} does. */
    private static float clampedLog(float x) {
        return Math.max((float) Math.log(x), -100f);
    }
}
