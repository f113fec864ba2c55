package io.phototriage.models.yolox;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The YOLOX training loss on DJL NDArrays (gradients flow to the raw head outputs), as the reference
 * {@code YOLOXHead.get_losses}: with the {@link SimOta} assignment of each image and {@code numFg = max(1, total
 * foreground anchors of the batch)},
 * <ul>
 *   <li>IoU loss {@code 5 * sum(1 - IoU(pred, box)^2) / numFg} over foreground anchors (boxes decoded from the raw
 *       regressions: {@code (r + grid) * stride}, {@code exp(r) * stride});</li>
 *   <li>objectness {@code sum(BCEWithLogits(obj, foreground?1:0)) / numFg} over every anchor;</li>
 *   <li>class {@code sum(BCEWithLogits(cls, one-hot * IoU of the assignment)) / numFg} over foreground anchors;</li>
 *   <li>optionally (YOLOX turns it on for its last epochs) L1 {@code sum(|r - target|) / numFg} on the raw
 *       regressions, target {@code (cx / s - gx, cy / s - gy, log(w / s + 1e-8), log(h / s + 1e-8))}.</li>
 * </ul>
 */
final class YoloxLoss {
    static final float REG_WEIGHT = 5f;

    private final YoloxAnchors anchors;
    private final int classes;

    YoloxLoss(int size, int classes) {
        this.anchors = YoloxAnchors.of(size);
        this.classes = classes;
    }

    YoloxAnchors anchors() {
        return anchors;
    }

    /**
     * The loss of one batch.
     *
     * @param total      the weighted sum, a scalar NDArray to call {@code backward} on
     * @param iou        the weighted IoU term
     * @param obj        the objectness term
     * @param cls        the class term
     * @param l1         the L1 term (0 when off)
     * @param foreground foreground anchors of the batch
     * @param boxes      ground-truth boxes of the batch
     * @param assignments each image's assignment
     */
    record Terms(NDArray total, float iou, float obj, float cls, float l1, int foreground, int boxes,
            List<SimOta.Assignment> assignments) {}

    /**
     * Assigns and computes the loss.
     *
     * @param raw    {@code [B, anchors, 5 + C]} raw head outputs (attached to a gradient collector when training)
     * @param boxes  per image its boxes, in letterboxed input pixels
     * @param useL1  whether to add the L1 term
     * @return the loss terms; {@code total} is in {@code raw}'s manager
     */
    Terms compute(NDArray raw, List<List<SimOta.Box>> boxes, boolean useL1) {
        int batch = Math.toIntExact(raw.getShape().get(0));
        int a = anchors.count();
        int row = 5 + classes;
        if (raw.getShape().get(1) != a || raw.getShape().get(2) != row || boxes.size() != batch) {
            throw new IllegalArgumentException("raw outputs " + raw.getShape() + " do not match " + a + " anchors, "
                    + classes + " classes and " + boxes.size() + " images of boxes");
        }
        float[] values = raw.toFloatArray();
        List<SimOta.Assignment> assignments = new ArrayList<>(batch);
        int fgTotal = 0;
        int boxTotal = 0;
        for (int b = 0; b < batch; b++) {
            SimOta.Assignment assignment = SimOta.assign(values, b, classes, anchors, boxes.get(b));
            assignments.add(assignment);
            fgTotal += assignment.count();
            boxTotal += boxes.get(b).size();
        }
        NDManager manager = raw.getManager();
        float numFg = Math.max(fgTotal, 1);
        NDArray flat = raw.reshape(batch * a, row);
        float[] objTarget = new float[batch * a];
        long[] fgRows = new long[fgTotal];
        float[] regTarget = new float[fgTotal * 4];
        float[] clsTarget = new float[fgTotal * classes];
        float[] l1Target = new float[fgTotal * 4];
        float[] gx = new float[fgTotal];
        float[] gy = new float[fgTotal];
        float[] gs = new float[fgTotal];
        int k = 0;
        for (int b = 0; b < batch; b++) {
            SimOta.Assignment as = assignments.get(b);
            for (int i = 0; i < as.count(); i++) {
                int anchor = as.foreground()[i];
                SimOta.Box box = boxes.get(b).get(as.matchedBox()[i]);
                fgRows[k] = (long) b * a + anchor;
                objTarget[b * a + anchor] = 1f;
                regTarget[4 * k] = box.cx();
                regTarget[4 * k + 1] = box.cy();
                regTarget[4 * k + 2] = box.w();
                regTarget[4 * k + 3] = box.h();
                clsTarget[k * classes + box.cls()] = as.iou()[i];
                float s = anchors.stride(anchor);
                gx[k] = anchors.x(anchor);
                gy[k] = anchors.y(anchor);
                gs[k] = s;
                l1Target[4 * k] = box.cx() / s - anchors.x(anchor);
                l1Target[4 * k + 1] = box.cy() / s - anchors.y(anchor);
                l1Target[4 * k + 2] = (float) Math.log(box.w() / s + 1e-8f);
                l1Target[4 * k + 3] = (float) Math.log(box.h() / s + 1e-8f);
                k++;
            }
        }
        NDArray objLoss = bceWithLogits(flat.get(new NDIndex(":, 4")), manager.create(objTarget)).sum().div(numFg);
        NDArray iouLoss;
        NDArray clsLoss;
        NDArray l1Loss = null;
        if (fgTotal > 0) {
            NDArray fg = flat.get(manager.create(fgRows));
            NDArray reg = fg.get(new NDIndex(":, 0:4"));
            NDArray stride = manager.create(gs).reshape(fgTotal, 1);
            NDArray grid = manager.create(gx).reshape(fgTotal, 1).concat(manager.create(gy).reshape(fgTotal, 1), 1);
            NDArray xy = reg.get(new NDIndex(":, 0:2")).add(grid).mul(stride);
            NDArray wh = reg.get(new NDIndex(":, 2:4")).exp().mul(stride);
            NDArray target = manager.create(regTarget, new Shape(fgTotal, 4));
            iouLoss = iouLoss(xy, wh, target).sum().div(numFg).mul(REG_WEIGHT);
            clsLoss = bceWithLogits(fg.get(new NDIndex(":, 5:")), manager.create(clsTarget, new Shape(fgTotal, classes)))
                    .sum().div(numFg);
            if (useL1) {
                l1Loss = reg.sub(manager.create(l1Target, new Shape(fgTotal, 4))).abs().sum().div(numFg);
            }
        } else {
            // No foreground: only the objectness term; keep the graph connected to raw with a zero.
            iouLoss = flat.sum().mul(0f);
            clsLoss = flat.sum().mul(0f);
        }
        NDArray total = iouLoss.add(objLoss).add(clsLoss);
        if (l1Loss != null) {
            total = total.add(l1Loss);
        }
        return new Terms(total, iouLoss.getFloat(), objLoss.getFloat(), clsLoss.getFloat(),
                l1Loss == null ? 0f : l1Loss.getFloat(), fgTotal, boxTotal, assignments);
    }

    /** {@code 1 - IoU^2} per row of centre-size boxes, as the reference {@code IOUloss(loss_type="iou")}. */
    private static NDArray iouLoss(NDArray xy, NDArray wh, NDArray target) {
        NDArray txy = target.get(new NDIndex(":, 0:2"));
        NDArray twh = target.get(new NDIndex(":, 2:4"));
        NDArray tl = xy.sub(wh.div(2)).maximum(txy.sub(twh.div(2)));
        NDArray br = xy.add(wh.div(2)).minimum(txy.add(twh.div(2)));
        NDArray areaP = wh.prod(new int[] {1});
        NDArray areaG = twh.prod(new int[] {1});
        NDArray en = tl.lt(br).toType(DataType.FLOAT32, false).prod(new int[] {1});
        NDArray areaI = br.sub(tl).prod(new int[] {1}).mul(en);
        NDArray iou = areaI.div(areaP.add(areaG).sub(areaI).add(1e-16f));
        return iou.square().neg().add(1f);
    }

    /** {@code max(x, 0) - x * t + log(1 + exp(-|x|))}, element-wise (PyTorch's stable form). */
    static NDArray bceWithLogits(NDArray x, NDArray t) {
        return x.maximum(0f).sub(x.mul(t)).add(x.abs().neg().exp().add(1f).log());
    }
}
