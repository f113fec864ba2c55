package io.phototriage.core.eval;

import io.phototriage.core.stage.Detection;
import java.util.Objects;

/**
 * One detection in the COCO results format: {@code {"image_id", "category_id", "bbox": [x, y, w, h], "score"}}.
 *
 * @param imageId    the COCO image id
 * @param categoryId the COCO category id
 * @param bbox       the box in pixels of the original image
 * @param score      the confidence; higher ranks first
 */
public record CocoDetection(long imageId, int categoryId, CocoBox bbox, double score) {
    /**
     * Checks the box and the score.
     *
     * @param imageId the COCO image id
     * @param categoryId the COCO category id
     * @param bbox the box in pixels of the original image
     * @param score the confidence; higher ranks first
     * @throws IllegalArgumentException if the score is not finite
     */
    public CocoDetection {
        Objects.requireNonNull(bbox, "bbox");
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("detection score must be finite, got " + score + " (image " + imageId
                    + ", category " + categoryId + ")");
        }
    }

    /**
     * A detect-stage box as a COCO detection.
     *
     * @param imageId    the COCO image id of the photo
     * @param categoryId the COCO category of {@code detection.label()} (see {@link CocoDataset#categoryByName})
     * @param detection  the box, which must be in pixels of the original photo
     * @return the COCO result record
     */
    public static CocoDetection of(long imageId, int categoryId, Detection detection) {
        return new CocoDetection(imageId, categoryId, CocoBox.of(detection.box()), detection.score());
    }
}
