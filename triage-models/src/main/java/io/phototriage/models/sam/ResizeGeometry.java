package io.phototriage.models.sam;

import io.phototriage.core.stage.BoundingBox;

/**
 * How a photo was fitted into SAM's square input: resized so its longer side is {@code inputSize}, then padded at
 * the bottom and right.
 *
 * @param originalWidth  width of the image that was embedded
 * @param originalHeight height of the image that was embedded
 * @param resizedWidth   its width after resizing (before padding)
 * @param resizedHeight  its height after resizing (before padding)
 * @param inputSize      side of the square model input
 */
public record ResizeGeometry(int originalWidth, int originalHeight, int resizedWidth, int resizedHeight, int inputSize) {
    /**
     * Validates.
     *
     * @param originalWidth  width of the image that was embedded, positive
     * @param originalHeight height of the image that was embedded, positive
     * @param resizedWidth   its width after resizing, positive, at most {@code inputSize}
     * @param resizedHeight  its height after resizing, positive, at most {@code inputSize}
     * @param inputSize      side of the square model input
     * @throws IllegalArgumentException when a size is not positive or the resized image exceeds the input
     */
    public ResizeGeometry {
        if (originalWidth < 1 || originalHeight < 1 || resizedWidth < 1 || resizedHeight < 1) {
            throw new IllegalArgumentException("sizes must be positive: " + originalWidth + "x" + originalHeight + " -> "
                    + resizedWidth + "x" + resizedHeight);
        }
        if (resizedWidth > inputSize || resizedHeight > inputSize) {
            throw new IllegalArgumentException("resized " + resizedWidth + "x" + resizedHeight + " exceeds the input "
                    + inputSize);
        }
    }

    /**
     * The geometry SamImageProcessor uses: {@code scale = longestSide / max(w, h)}, each side
     * {@code (int) (side * scale + 0.5)}.
     *
     * @param width       the image width, in pixels
     * @param height      the image height, in pixels
     * @param longestSide the model's square input side
     * @return the geometry with {@code inputSize = longestSide}
     */
    public static ResizeGeometry fit(int width, int height, int longestSide) {
        double scale = longestSide * 1.0 / Math.max(width, height);
        int newWidth = (int) (width * scale + 0.5);
        int newHeight = (int) (height * scale + 0.5);
        return new ResizeGeometry(width, height, newWidth, newHeight, longestSide);
    }

    /**
     * A box in pixels of the original image as SAM's prompt: {@code [x0, y0, x1, y1]} in the resized frame, scaled
     * per axis as SamProcessor does (in double, then rounded to float).
     *
     * @param box a box in pixels of the original image
     * @return {@code [x0, y0, x1, y1]} in the resized frame
     */
    public float[] toInputFrame(BoundingBox box) {
        double sx = (double) resizedWidth / originalWidth;
        double sy = (double) resizedHeight / originalHeight;
        return new float[] {(float) (box.x0() * sx), (float) (box.y0() * sy), (float) (box.x1() * sx), (float) (box.y1() * sy)};
    }
}
