package io.phototriage.core.video;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * One decoded frame of a clip, upright (rotation metadata already applied).
 *
 * @param index           the frame's position in the clip, from 0
 * @param timestampMicros its presentation time in microseconds from the start of the clip
 * @param image           its pixels
 */
public record VideoFrame(int index, long timestampMicros, BufferedImage image) {
    /**
     * Checks the values.
     *
     * @param index           the frame's position in the clip, from 0
     * @param timestampMicros its presentation time in microseconds
     * @param image           its pixels
     */
    public VideoFrame {
        if (index < 0) {
            throw new IllegalArgumentException("frame index must be >= 0: " + index);
        }
        Objects.requireNonNull(image, "image");
    }

    /** @return the frame's width in pixels */
    public int width() {
        return image.getWidth();
    }

    /** @return the frame's height in pixels */
    public int height() {
        return image.getHeight();
    }
}
