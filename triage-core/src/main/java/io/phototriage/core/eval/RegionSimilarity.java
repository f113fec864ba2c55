package io.phototriage.core.eval;

import io.phototriage.core.stage.Mask;
import java.util.List;

/**
 * DAVIS's region similarity J (Perazzi et al., CVPR 2016): the intersection over union of a predicted and a ground
 * truth mask, 1 when both are empty (the object is absent and nothing was predicted); a clip's J is the mean over its
 * frames, the prompt frame left out when its mask was given.
 */
public final class RegionSimilarity {
    private RegionSimilarity() {}

    /**
     * J of one frame.
     *
     * @param predicted the predicted mask
     * @param truth     the ground truth, the same size
     * @return the IoU, 1 when both masks are empty
     * @throws IllegalArgumentException when the sizes differ
     */
    public static double of(Mask predicted, Mask truth) {
        if (predicted.area() == 0 && truth.area() == 0) {
            if (predicted.width() != truth.width() || predicted.height() != truth.height()) {
                throw new IllegalArgumentException("mask sizes differ: " + predicted + " vs " + truth);
            }
            return 1.0;
        }
        return predicted.iou(truth);
    }

    /**
     * The mean of per-frame J values.
     *
     * @param perFrame J of each scored frame
     * @return their mean, {@code NaN} when there is none
     */
    public static double mean(List<Double> perFrame) {
        return perFrame.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
