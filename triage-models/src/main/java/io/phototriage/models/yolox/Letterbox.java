package io.phototriage.models.yolox;

import java.awt.image.BufferedImage;

/**
 * YOLOX's own pre-processing ({@code yolox.data.data_augment.preproc}, as its demo and evaluator use it): the image
 * is resized by {@code r = min(size / h, size / w)} to {@code (int) (w * r) x (int) (h * r)} with OpenCV's
 * {@code INTER_LINEAR} (see {@link OpenCvLinearResize}), placed at the top-left of a {@code size x size} canvas
 * filled with 114, and laid out as planar BGR floats with the raw 0..255 values (no mean/std).
 *
 * <p>One deviation, for degenerate shapes only: a side that would round down to 0 pixels is kept at 1.
 *
 * @param tensor       {@code [3, size, size]} BGR floats, ready for the model
 * @param ratio        {@code r}; a box in the letterboxed frame divided by it is in image pixels
 * @param imageWidth   width of the image that was letterboxed
 * @param imageHeight  height of the image that was letterboxed
 */
record Letterbox(float[] tensor, double ratio, int imageWidth, int imageHeight) {
    /** YOLOX's padding value. */
    static final float PAD = 114f;

    static Letterbox of(BufferedImage image, int size) {
        int w = image.getWidth();
        int h = image.getHeight();
        double r = Math.min((double) size / h, (double) size / w);
        int rw = Math.max(1, (int) (w * r));
        int rh = Math.max(1, (int) (h * r));
        int[] rgb = OpenCvLinearResize.resize(rgb(image), w, h, rw, rh);
        int plane = size * size;
        float[] tensor = new float[3 * plane];
        java.util.Arrays.fill(tensor, PAD);
        for (int y = 0; y < rh; y++) {
            for (int x = 0; x < rw; x++) {
                int src = 3 * (y * rw + x);
                int dst = y * size + x;
                tensor[dst] = rgb[src + 2];
                tensor[plane + dst] = rgb[src + 1];
                tensor[2 * plane + dst] = rgb[src];
            }
        }
        return new Letterbox(tensor, r, w, h);
    }

    /** The same geometry without the input tensor (what post-processing needs, kept after the network has run). */
    Letterbox geometry() {
        return new Letterbox(new float[0], ratio, imageWidth, imageHeight);
    }

    /** Interleaved RGB 0..255 of an image, row by row (also the training augmenter's input). */
    static int[] rgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] out = new int[3 * w * h];
        int[] pixels = io.phototriage.core.image.Pixels.packedRgb(image);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = pixels[y * w + x];
                int i = 3 * (y * w + x);
                out[i] = (p >> 16) & 0xff;
                out[i + 1] = (p >> 8) & 0xff;
                out[i + 2] = p & 0xff;
            }
        }
        return out;
    }
}
