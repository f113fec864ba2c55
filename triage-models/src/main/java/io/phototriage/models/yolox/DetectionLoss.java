package io.phototriage.models.yolox;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.List;

/**
 * The YOLOX loss as a DJL {@link Loss}: labels are {@code [B, maxBoxes, 5]} rows {@code (class, cx, cy, w, h)} in
 * input pixels, padded with rows of width 0.
 */
final class DetectionLoss extends Loss {
    private final YoloxLoss loss;
    boolean useL1;

    DetectionLoss(YoloxLoss loss) {
        super("yolox");
        this.loss = loss;
    }

    static NDArray encode(NDManager manager, List<List<SimOta.Box>> boxes) {
        int most = Math.max(1, boxes.stream().mapToInt(List::size).max().orElse(0));
        float[] values = new float[boxes.size() * most * 5];
        for (int b = 0; b < boxes.size(); b++) {
            for (int i = 0; i < boxes.get(b).size(); i++) {
                SimOta.Box box = boxes.get(b).get(i);
                int o = (b * most + i) * 5;
                values[o] = box.cls();
                values[o + 1] = box.cx();
                values[o + 2] = box.cy();
                values[o + 3] = box.w();
                values[o + 4] = box.h();
            }
        }
        return manager.create(values, new Shape(boxes.size(), most, 5));
    }

    static List<List<SimOta.Box>> decode(NDArray labels) {
        long[] shape = labels.getShape().getShape();
        float[] values = labels.toFloatArray();
        List<List<SimOta.Box>> out = new ArrayList<>();
        for (int b = 0; b < shape[0]; b++) {
            List<SimOta.Box> list = new ArrayList<>();
            for (int i = 0; i < shape[1]; i++) {
                int o = (int) ((b * shape[1] + i) * 5);
                if (values[o + 3] > 0 && values[o + 4] > 0) {
                    list.add(new SimOta.Box((int) values[o], values[o + 1], values[o + 2], values[o + 3], values[o + 4]));
                }
            }
            out.add(list);
        }
        return out;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return loss.compute(predictions.singletonOrThrow(), decode(labels.singletonOrThrow()), useL1).total();
    }
}
