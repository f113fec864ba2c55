package io.phototriage.core.eval;

import io.phototriage.core.stage.BoundingBox;

/**
 * A box as COCO writes it, {@code [x, y, width, height]} in pixels with a top-left origin.
 *
 * <p>Kept in this form (not as {@link BoundingBox}) so that the evaluator does the same floating-point arithmetic
 * as pycocotools: converting to corners and back can move the width by one ulp.
 *
 * @param x      left edge
 * @param y      top edge
 * @param width  width, {@code >= 0}
 * @param height height, {@code >= 0}
 */
public record CocoBox(double x, double y, double width, double height) {
    /**
     * Checks the values.
     *
     * @param x left edge
     * @param y top edge
     * @param width width, {@code >= 0}
     * @param height height, {@code >= 0}
     * @throws IllegalArgumentException if a value is not finite or the width or height is negative
     */
    public CocoBox {
        if (!(Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(width) && Double.isFinite(height))) {
            throw new IllegalArgumentException("COCO box values must be finite: [" + x + ", " + y + ", " + width
                    + ", " + height + "]");
        }
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("COCO box width and height must not be negative: [" + x + ", " + y
                    + ", " + width + ", " + height + "]");
        }
    }

    /**
     * The COCO box of a corner box.
     *
     * @param box a box as corners
     * @return the same box as {@code [x, y, width, height]}
     */
    public static CocoBox of(BoundingBox box) {
        return new CocoBox(box.x0(), box.y0(), box.width(), box.height());
    }

    /**
     * This box with corners {@code (x, y)} and {@code (x + width, y + height)}.
     *
     * @return the same box as corners
     */
    public BoundingBox toBoundingBox() {
        return BoundingBox.ofXywh(x, y, width, height);
    }

    /**
     * {@code width * height}, the area pycocotools gives a box detection.
     *
     * @return width × height
     */
    public double area() {
        return width * height;
    }

    /**
     * IoU as pycocotools' {@code bbIou}: for a crowd ground truth the union is replaced by this box's own area (a
     * detection may match any part of a crowd).
     *
     * @param groundTruth the other box
     * @param crowd       whether {@code groundTruth} is a crowd region
     * @return the IoU, in [0, 1]
     */
    public double iou(CocoBox groundTruth, boolean crowd) {
        double w = Math.min(width + x, groundTruth.width + groundTruth.x) - Math.max(x, groundTruth.x);
        if (w <= 0) {
            return 0;
        }
        double h = Math.min(height + y, groundTruth.height + groundTruth.y) - Math.max(y, groundTruth.y);
        if (h <= 0) {
            return 0;
        }
        double inter = w * h;
        double union = crowd ? width * height : width * height + groundTruth.width * groundTruth.height - inter;
        return inter / union;
    }

    /**
     * {@code [x, y, width, height]}.
     *
     * @return {@code [x, y, width, height]}
     */
    public double[] toArray() {
        return new double[] {x, y, width, height};
    }
}
