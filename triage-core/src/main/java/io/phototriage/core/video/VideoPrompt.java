package io.phototriage.core.video;

import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Mask;
import java.util.Objects;

/** What to follow through a clip, given on its first frame: a box around the subject or its mask. */
public sealed interface VideoPrompt {

    /**
     * The subject's box on the first frame, in that frame's pixels.
     *
     * @param box the box
     */
    record Box(BoundingBox box) implements VideoPrompt {
        /**
         * Checks the value.
         *
         * @param box the box
         */
        public Box {
            Objects.requireNonNull(box, "box");
        }
    }

    /**
     * The subject's mask on the first frame, the frame's size.
     *
     * @param mask the mask
     */
    record MaskPrompt(Mask mask) implements VideoPrompt {
        /**
         * Checks the value: the mask must not be empty.
         *
         * @param mask the mask
         */
        public MaskPrompt {
            Objects.requireNonNull(mask, "mask");
            if (mask.area() == 0) {
                throw new IllegalArgumentException("the prompt mask is empty: it marks no subject pixel");
            }
        }
    }
}
