package io.phototriage.models.groundingdino;

import io.phototriage.core.image.Pixels;
import io.phototriage.core.image.Resize;
import java.awt.image.BufferedImage;

/**
 * Where a photo sits in the traced input frame: resized to {@code resizedWidth x resizedHeight} and padded
 * bottom/right to {@code frameWidth x frameHeight}, as transformers' {@code GroundingDinoImageProcessor} does with
 * {@code pad_size}.
 *
 * @param photoWidth    width of the photo given to the detector
 * @param photoHeight   height of the photo given to the detector
 * @param resizedWidth  width of the resized photo inside the frame
 * @param resizedHeight height of the resized photo inside the frame
 * @param frameWidth    traced input width
 * @param frameHeight   traced input height
 */
public record ImageFrame(int photoWidth, int photoHeight, int resizedWidth, int resizedHeight, int frameWidth, int frameHeight) {

    /**
     * Validates.
     *
     * @param photoWidth    width of the photo given to the detector, positive
     * @param photoHeight   height of the photo given to the detector, positive
     * @param resizedWidth  width of the resized photo inside the frame, positive, at most {@code frameWidth}
     * @param resizedHeight height of the resized photo inside the frame, positive, at most {@code frameHeight}
     * @param frameWidth    traced input width
     * @param frameHeight   traced input height
     * @throws IllegalArgumentException when a size is not positive or the resized photo does not fit the frame
     */
    public ImageFrame {
        if (photoWidth <= 0 || photoHeight <= 0 || resizedWidth <= 0 || resizedHeight <= 0
                || resizedWidth > frameWidth || resizedHeight > frameHeight) {
            throw new IllegalArgumentException("photo " + photoWidth + "x" + photoHeight + " resized to " + resizedWidth + "x"
                    + resizedHeight + " does not fit the frame " + frameWidth + "x" + frameHeight);
        }
    }

    /**
     * The frame for a photo: transformers' shortest/longest-edge rule ({@code get_size_with_aspect_ratio}); if
     * that size overflows the traced frame (e.g. a portrait photo in a landscape frame), the largest
     * aspect-preserving size that fits it, each side rounded down.
     *
     * @param photoWidth  width of the photo, in pixels
     * @param photoHeight height of the photo, in pixels
     * @param contract    the model's shortest/longest edge and traced frame size
     * @return the frame
     */
    public static ImageFrame of(int photoWidth, int photoHeight, GroundingDinoContract contract) {
        int[] hw = sizeWithAspectRatio(photoHeight, photoWidth, contract.shortestEdge(), contract.longestEdge());
        int h = hw[0];
        int w = hw[1];
        int frameH = contract.tracedHeight();
        int frameW = contract.tracedWidth();
        if (h > frameH || w > frameW) {
            double scale = Math.min((double) frameH / photoHeight, (double) frameW / photoWidth);
            h = Math.max(1, Math.min(frameH, (int) (photoHeight * scale)));
            w = Math.max(1, Math.min(frameW, (int) (photoWidth * scale)));
        }
        return new ImageFrame(photoWidth, photoHeight, w, h, frameW, frameH);
    }

    /**
     * transformers' {@code get_size_with_aspect_ratio((height, width), size, max_size)}, with Python's rounding
     * (half to even) and truncation; returns {@code {height, width}}.
     */
    static int[] sizeWithAspectRatio(int height, int width, int size, int maxSize) {
        double rawSize = Double.NaN;
        double minOriginal = Math.min(height, width);
        double maxOriginal = Math.max(height, width);
        if (maxOriginal / minOriginal * size > maxSize) {
            rawSize = maxSize * minOriginal / maxOriginal;
            size = (int) Math.rint(rawSize);
        }
        boolean capped = !Double.isNaN(rawSize);
        if ((height <= width && height == size) || (width <= height && width == size)) {
            return new int[] {height, width};
        }
        if (width < height) {
            int oh = capped ? (int) (rawSize * height / width) : (int) ((double) size * height / width);
            return new int[] {oh, size};
        }
        int ow = capped ? (int) (rawSize * width / height) : (int) ((double) size * width / height);
        return new int[] {size, ow};
    }

    /**
     * {@code pixel_values} {@code [3, frameHeight, frameWidth]}: the photo resized with Pillow's antialiased
     * bilinear filter, {@code (value * rescale - mean) / std} in the arithmetic transformers uses (rescale in
     * double, normalise in float), zeros in the padding.
     *
     * @param photo    the photo this frame was made for
     * @param contract rescale, mean and std
     * @return {@code 3 x frameHeight x frameWidth} floats
     * @throws IllegalArgumentException when the photo's size is not the frame's photo size
     */
    public float[] pixelValues(BufferedImage photo, GroundingDinoContract contract) {
        if (photo.getWidth() != photoWidth || photo.getHeight() != photoHeight) {
            throw new IllegalArgumentException("image is " + photo.getWidth() + "x" + photo.getHeight() + ", frame was made for "
                    + photoWidth + "x" + photoHeight);
        }
        BufferedImage resized = Resize.resize(photo, resizedWidth, resizedHeight, Resize.Filter.BILINEAR);
        return Pixels.chwPadded(resized, frameWidth, frameHeight, contract.rescale(), contract.mean(), contract.std());
    }

    /**
     * {@code pixel_mask} {@code [frameHeight, frameWidth]}: 1 on the resized photo, 0 in the padding.
     *
     * @return a new array of {@code frameHeight x frameWidth} entries
     */
    public long[] pixelMask() {
        long[] mask = new long[frameWidth * frameHeight];
        for (int y = 0; y < resizedHeight; y++) {
            java.util.Arrays.fill(mask, y * frameWidth, y * frameWidth + resizedWidth, 1L);
        }
        return mask;
    }

    /**
     * Photo pixels per resized pixel, horizontally.
     *
     * @return {@code photoWidth / resizedWidth}
     */
    public double scaleX() {
        return (double) photoWidth / resizedWidth;
    }

    /**
     * Photo pixels per resized pixel, vertically.
     *
     * @return {@code photoHeight / resizedHeight}
     */
    public double scaleY() {
        return (double) photoHeight / resizedHeight;
    }
}
