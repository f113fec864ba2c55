package io.phototriage.core.eval;

import io.phototriage.core.stage.TriageClass;
import java.util.Objects;
import java.util.Optional;

/**
 * An image of a COCO dataset.
 *
 * @param id          the COCO image id
 * @param fileName    the file name inside the dataset's image folder
 * @param width       width in pixels
 * @param height      height in pixels
 * @param triageClass the non-COCO {@code triage_class} field of coco128 ({@code people}, {@code pets},
 *                    {@code neither}), empty when the file has none
 */
public record CocoImage(long id, String fileName, int width, int height, Optional<TriageClass> triageClass) {
    /**
     * Checks the fields.
     *
     * @param id the COCO image id
     * @param fileName the file name inside the dataset's image folder
     * @param width width in pixels
     * @param height height in pixels
     * @param triageClass the non-COCO {@code triage_class} field of coco128 ({@code people}, {@code pets}, {@code neither}), empty when the file has none
     * @throws IllegalArgumentException if the width or height is not positive
     */
    public CocoImage {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(triageClass, "triageClass");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image " + id + " (" + fileName + ") has size " + width + "x" + height
                    + "; width and height must be positive");
        }
    }
}
