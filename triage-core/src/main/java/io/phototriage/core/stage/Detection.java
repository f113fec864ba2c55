package io.phototriage.core.stage;

import java.util.Objects;

/**
 * One detected object.
 *
 * @param label the class name, e.g. {@code person}, {@code dog}, {@code cat}
 * @param score detector confidence in {@code [0, 1]}
 * @param box   where, in pixels of the image the detector was given
 */
public record Detection(String label, double score, BoundingBox box) {
    /**
     * Checks that the label and the box are not null.
     *
     * @param label the class name, e.g. {@code person}, {@code dog}, {@code cat}
     * @param score detector confidence in {@code [0, 1]}
     * @param box where, in pixels of the image the detector was given
     */
    public Detection {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(box, "box");
    }
}
