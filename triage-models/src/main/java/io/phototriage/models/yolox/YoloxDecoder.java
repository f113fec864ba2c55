package io.phototriage.models.yolox;

import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Detection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * YOLOX post-processing on the raw {@code [anchors, 5 + classes]} output, in plain Java (no NDArray), so it can be
 * tested on canned tensors.
 *
 * <ol>
 *   <li>Grid decode per anchor, strides 8/16/32 over a {@code size x size} input (anchors in row-major order per
 *       level): {@code cx,cy = (o[0..1] + grid) * stride}, {@code w,h = exp(o[2..3]) * stride}, corners
 *       {@code c -/+ wh / 2}; float arithmetic as the reference does in float32.</li>
 *   <li>For each kept class {@code c} (every anchor may give one candidate per kept class, as YOLOX's class-aware
 *       {@code multiclass_nms}): {@code score = obj * cls[c]}, a candidate if {@code score > minScore}.</li>
 *   <li>Class-wise NMS in the letterboxed frame (IoU without YOLOX demo's legacy "+1"; {@code torchvision.ops.nms}'s
 *       definition), candidates by descending score, ties in candidate order (anchor, then class list order).</li>
 *   <li>The best {@code maxDetections} of all classes, then boxes divided by the letterbox ratio and clipped to the
 *       image.</li>
 * </ol>
 */
final class YoloxDecoder {
    static final int[] STRIDES = {8, 16, 32};

    private final int size;
    private final int anchors;
    private final float[] gridX;
    private final float[] gridY;
    private final float[] stride;
    private final int[] classIds;
    private final List<String> labels;

    /**
     * @param size     the square input side (416 for YOLOX-Nano)
     * @param classIds the kept class indices into the model's classes
     * @param labels   the label of each kept class, in the same order
     */
    YoloxDecoder(int size, int[] classIds, List<String> labels) {
        if (classIds.length != labels.size() || classIds.length == 0) {
            throw new IllegalArgumentException("need one label per kept class id, and at least one: " + Arrays.toString(classIds) + " " + labels);
        }
        this.size = size;
        this.classIds = classIds.clone();
        this.labels = List.copyOf(labels);
        YoloxAnchors grid = YoloxAnchors.of(size);
        anchors = grid.count();
        gridX = grid.xs();
        gridY = grid.ys();
        stride = grid.strides();
    }

    int anchors() {
        return anchors;
    }

    /**
     * Detections for one image.
     *
     * @param raw       the model output for one image, {@code anchors * (5 + classes)} floats, row per anchor
     * @param letterbox how the image was letterboxed (ratio and size, to map boxes back)
     */
    List<Detection> decode(float[] raw, Letterbox letterbox, EvalSettings settings) {
        if (raw.length % anchors != 0) {
            throw new IllegalArgumentException("model output has " + raw.length + " values, not a multiple of " + anchors + " anchors");
        }
        int row = raw.length / anchors;
        for (int id : classIds) {
            if (id < 0 || 5 + id >= row) {
                throw new IllegalArgumentException("class id " + id + " is outside the model's " + (row - 5) + " classes");
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int a = 0; a < anchors; a++) {
            int o = a * row;
            float obj = raw[o + 4];
            for (int k = 0; k < classIds.length; k++) {
                float score = obj * raw[o + 5 + classIds[k]];
                if (score > settings.minScore()) {
                    float cx = (raw[o] + gridX[a]) * stride[a];
                    float cy = (raw[o + 1] + gridY[a]) * stride[a];
                    float w = (float) Math.exp(raw[o + 2]) * stride[a];
                    float h = (float) Math.exp(raw[o + 3]) * stride[a];
                    candidates.add(new Candidate(candidates.size(), k, score, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2));
                }
            }
        }
        Comparator<Candidate> best = Comparator.comparingDouble((Candidate c) -> c.score).reversed()
                .thenComparingInt(c -> c.order);
        candidates.sort(best);
        List<Candidate> kept = new ArrayList<>();
        for (int k = 0; k < classIds.length; k++) {
            final int cls = k;
            kept.addAll(nms(candidates.stream().filter(c -> c.cls == cls).toList(), settings.nmsIou()));
        }
        kept.sort(best);
        List<Detection> out = new ArrayList<>(Math.min(kept.size(), settings.maxDetections()));
        for (Candidate c : kept.subList(0, Math.min(kept.size(), settings.maxDetections()))) {
            double r = letterbox.ratio();
            BoundingBox box = new BoundingBox(c.x0 / r, c.y0 / r, Math.max(c.x0, c.x1) / r, Math.max(c.y0, c.y1) / r)
                    .clip(letterbox.imageWidth(), letterbox.imageHeight());
            out.add(new Detection(labels.get(c.cls), c.score, box));
        }
        return out;
    }

    /** Greedy NMS over candidates of one class already sorted best first. */
    private static List<Candidate> nms(List<Candidate> sorted, double iouThreshold) {
        List<Candidate> keep = new ArrayList<>();
        boolean[] suppressed = new boolean[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            if (suppressed[i]) {
                continue;
            }
            Candidate a = sorted.get(i);
            keep.add(a);
            for (int j = i + 1; j < sorted.size(); j++) {
                if (!suppressed[j] && iou(a, sorted.get(j)) > iouThreshold) {
                    suppressed[j] = true;
                }
            }
        }
        return keep;
    }

    private static double iou(Candidate a, Candidate b) {
        // In double, as the reference does, so that suppression decisions agree at the boundary.
        double iw = (double) Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
        double ih = (double) Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter = iw * ih;
        double union = ((double) a.x1 - a.x0) * ((double) a.y1 - a.y0) + ((double) b.x1 - b.x0) * ((double) b.y1 - b.y0) - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /** A box in the letterboxed frame; {@code order} is its position in anchor-then-class order. */
    private record Candidate(int order, int cls, float score, float x0, float y0, float x1, float y1) {}
}
