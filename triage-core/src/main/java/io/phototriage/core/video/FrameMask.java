package io.phototriage.core.video;

import io.phototriage.core.stage.Mask;
import java.util.Objects;

/**
 * The subject's mask on one frame.
 *
 * @param index the frame's position in the clip
 * @param mask  the mask, the frame's size (empty when the subject is not visible)
 * @param score the model's confidence in the mask, 0 to 1 (SAM 2: its predicted IoU; lite path: mean foreground
 *              probability)
 */
public record FrameMask(int index, Mask mask, double score) {
    /**
     * Checks the values.
     *
     * @param index the frame's position in the clip
     * @param mask  the mask
     * @param score the confidence
     */
    public FrameMask {
        Objects.requireNonNull(mask, "mask");
    }
}
