package io.phototriage.core.stage;

/**
 * An axis-aligned box in pixels, corners {@code (x0, y0)} top-left and {@code (x1, y1)} bottom-right
 * (exclusive), so {@code width = x1 - x0}.
 */
public record BoundingBox(double x0, double y0, double x1, double y1) {
    /**
     * Checks the corners.
     *
     * @param x0 left, pixels
     * @param y0 top, pixels
     * @param x1 right (exclusive), pixels
     * @param y1 bottom (exclusive), pixels
     * @throws IllegalArgumentException if a coordinate is not finite or {@code x1 < x0} or {@code y1 < y0}
     */
    public BoundingBox {
        if (!(Double.isFinite(x0) && Double.isFinite(y0) && Double.isFinite(x1) && Double.isFinite(y1))) {
            throw new IllegalArgumentException("box coordinates must be finite: " + x0 + "," + y0 + "," + x1 + "," + y1);
        }
        if (x1 < x0 || y1 < y0) {
            throw new IllegalArgumentException("box corners out of order: " + x0 + "," + y0 + "," + x1 + "," + y1);
        }
    }

    /**
     * From COCO's {@code [x, y, width, height]}.
     *
     * @param x      left
     * @param y      top
     * @param width  width
     * @param height height
     * @return the box
     */
    public static BoundingBox ofXywh(double x, double y, double width, double height) {
        return new BoundingBox(x, y, x + width, y + height);
    }

    /** @return {@code x1 - x0}, in pixels */
    public double width() {
        return x1 - x0;
    }

    /** @return {@code y1 - y0}, in pixels */
    public double height() {
        return y1 - y0;
    }

    /** @return width × height, in square pixels */
    public double area() {
        return width() * height();
    }

    /**
     * Intersection over union with another box; 0 when both are empty.
     *
     * @param other another box
     * @return the IoU, in [0, 1]
     */
    public double iou(BoundingBox other) {
        double iw = Math.min(x1, other.x1) - Math.max(x0, other.x0);
        double ih = Math.min(y1, other.y1) - Math.max(y0, other.y0);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter = iw * ih;
        double union = area() + other.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /**
     * This box with x coordinates multiplied by {@code sx} and y by {@code sy} (e.g. decoded to original pixels).
     *
     * @param sx factor for x0 and x1
     * @param sy factor for y0 and y1
     * @return the scaled box
     */
    public BoundingBox scale(double sx, double sy) {
        return new BoundingBox(x0 * sx, y0 * sy, x1 * sx, y1 * sy);
    }

    /**
     * This box clipped to {@code [0, width] x [0, height]}.
     *
     * @param width  the image width
     * @param height the image height
     * @return the box clipped to {@code [0, width] × [0, height]}
     */
    public BoundingBox clip(double width, double height) {
        double cx0 = Math.min(Math.max(x0, 0), width);
        double cy0 = Math.min(Math.max(y0, 0), height);
        double cx1 = Math.min(Math.max(x1, cx0), width);
        double cy1 = Math.min(Math.max(y1, cy0), height);
        return new BoundingBox(cx0, cy0, cx1, cy1);
    }

    /**
     * {@code [x, y, width, height]} as COCO writes boxes.
     *
     * @return {@code [x0, y0, width, height]}
     */
    public double[] toXywh() {
        return new double[] {x0, y0, width(), height()};
    }
}
