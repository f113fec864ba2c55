package io.phototriage.core.image;

import java.awt.image.BufferedImage;

/** Pixel layouts that models take, built from a {@link BufferedImage} without any colour management. */
public final class Pixels {
    private Pixels() {}

    /** Channel order of a tensor. */
    public enum Order {
        /** Red, green, blue. */
        RGB,
        /** Blue, green, red (OpenCV's order). */
        BGR
    }

    /**
     * The pixels as packed {@code 0xRRGGBB} ints, row-major: exactly {@code image.getRGB(x, y) & 0xffffff} for every
     * pixel. A {@code TYPE_INT_RGB} or {@code TYPE_INT_ARGB} image (what the decoders and resizers of this library
     * make) is copied straight from its raster, a row at a time, instead of through {@code getRGB}'s per-pixel colour
     * model calls (several times faster); any other type goes through {@link BufferedImage#getRGB}.
     *
     * @param image the image
     * @return width × height packed pixels, a new array
     */
    public static int[] packedRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] out;
        if (isPackedInt(image)) {
            out = (int[]) image.getRaster().getDataElements(0, 0, w, h, new int[w * h]);
        } else {
            out = image.getRGB(0, 0, w, h, null, 0, w);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] &= 0xffffff;
        }
        return out;
    }

    /**
     * One row of {@link #packedRgb}: {@code row[x] = image.getRGB(x, y) & 0xffffff}, as fast.
     *
     * @param image the image
     * @param y     the row
     * @param row   receives the image's width of packed pixels
     */
    public static void packedRgbRow(BufferedImage image, int y, int[] row) {
        int w = image.getWidth();
        if (isPackedInt(image)) {
            image.getRaster().getDataElements(0, y, w, 1, row);
        } else {
            image.getRGB(0, y, w, 1, row, 0, w);
        }
        for (int x = 0; x < w; x++) {
            row[x] &= 0xffffff;
        }
    }

    /** One int per pixel whose colour model is the identity on 8-bit sRGB ({@code getRGB} only adds the alpha). */
    private static boolean isPackedInt(BufferedImage image) {
        int type = image.getType();
        return type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB;
    }

    /**
     * Planar {@code [3, H, W]} floats: {@code (value * scale - mean[c]) / std[c]} with value in 0..255.
     * Use {@code scale = 1/255f} with ImageNet mean/std, or {@code scale = 1} with zero mean and unit std for raw.
     *
     * @param image the image
     * @param order  the channel order of the result
     * @param scale  each 0-255 value is multiplied by it first
     * @param mean   per channel, subtracted (in {@code order})
     * @param std    per channel, divided by (in {@code order})
     * @return channels × height × width values
     */
    public static float[] chw(BufferedImage image, Order order, float scale, float[] mean, float[] std) {
        int w = image.getWidth();
        int h = image.getHeight();
        int plane = w * h;
        float[] out = new float[3 * plane];
        int[] pixels = packedRgb(image);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = pixels[y * w + x];
                float r = (p >> 16) & 0xff;
                float g = (p >> 8) & 0xff;
                float b = p & 0xff;
                float c0 = order == Order.RGB ? r : b;
                float c2 = order == Order.RGB ? b : r;
                int i = y * w + x;
                out[i] = (c0 * scale - mean[0]) / std[0];
                out[plane + i] = (g * scale - mean[1]) / std[1];
                out[2 * plane + i] = (c2 * scale - mean[2]) / std[2];
            }
        }
        return out;
    }

    /**
     * Planar RGB {@code [3, frameHeight, frameWidth]} in the arithmetic of Hugging Face's image processors:
     * {@code (value * rescale - mean) / std} with the rescale in double stored as float32 and the normalisation in
     * float32, as numpy computes it; the image fills the top-left corner and the padding right and below is zero.
     *
     * @param image       the (already resized) image, at most the frame's size
     * @param frameWidth  width of the model input
     * @param frameHeight height of the model input
     * @param rescale     factor from 0..255 to the range of the mean and std (e.g. {@code 1/255})
     * @param mean        per-channel RGB mean, 3 values
     * @param std         per-channel RGB standard deviation, 3 values
     * @return {@code 3 x frameHeight x frameWidth} floats
     * @throws IllegalArgumentException when the image is larger than the frame
     */
    public static float[] chwPadded(BufferedImage image, int frameWidth, int frameHeight, double rescale, float[] mean,
            float[] std) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (w > frameWidth || h > frameHeight) {
            throw new IllegalArgumentException("image " + w + "x" + h + " is larger than the frame " + frameWidth + "x"
                    + frameHeight);
        }
        int plane = frameWidth * frameHeight;
        float[] out = new float[3 * plane];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            packedRgbRow(image, y, row);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int i = y * frameWidth + x;
                out[i] = ((float) (((p >> 16) & 0xff) * rescale) - mean[0]) / std[0];
                out[plane + i] = ((float) (((p >> 8) & 0xff) * rescale) - mean[1]) / std[1];
                out[2 * plane + i] = ((float) ((p & 0xff) * rescale) - mean[2]) / std[2];
            }
        }
        return out;
    }

    /**
     * Interleaved {@code [H, W, 3]} RGB floats, {@code value * scale} with value in 0..255.
     *
     * @param image the image
     * @param scale each 0-255 value is multiplied by it
     * @return height × width × RGB values
     */
    public static float[] hwcRgb(BufferedImage image, float scale) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] out = new float[3 * w * h];
        int[] pixels = packedRgb(image);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = pixels[y * w + x];
                int i = 3 * (y * w + x);
                out[i] = ((p >> 16) & 0xff) * scale;
                out[i + 1] = ((p >> 8) & 0xff) * scale;
                out[i + 2] = (p & 0xff) * scale;
            }
        }
        return out;
    }

    /**
     * An RGB image from planar {@code [3, H, W]} floats in 0..255 (clamped, rounded).
     *
     * @param chw    RGB channels × height × width, 0-255 (clamped)
     * @param width  image width
     * @param height image height
     * @return an RGB image
     */
    public static BufferedImage fromChwRgb(float[] chw, int width, int height) {
        int plane = width * height;
        if (chw.length != 3 * plane) {
            throw new IllegalArgumentException("expected " + 3 * plane + " values for " + width + "x" + height + ", got " + chw.length);
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                row[x] = (clamp(chw[i]) << 16) | (clamp(chw[plane + i]) << 8) | clamp(chw[2 * plane + i]);
            }
            out.setRGB(0, y, width, 1, row, 0, width);
        }
        return out;
    }

    private static int clamp(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }
}
