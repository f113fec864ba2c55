package io.phototriage.models.deeplab;

import io.phototriage.core.image.Pixels;
import io.phototriage.core.image.Resize;
import io.phototriage.core.stage.Mask;
import io.phototriage.models.lite.SubjectMasks.PixelRange;
import java.awt.image.BufferedImage;

/**
 * DeepLab's pre- and post-processing for one photo, as the TF DeepLab input pipeline does it: the photo is scaled
 * (aspect kept) so that its longer side is 513, placed at the top-left of the 513x513 input and padded with the
 * mean pixel 127.5 (which the model's own normalisation maps to 0). The scaling is Pillow's antialiased BILINEAR on
 * 8-bit RGB ({@link Resize}), like the Python reference, rather than TF's non-antialiased bilinear, so that big
 * photos do not alias; the quantised model took uint8 pixels anyway. Labels come back on the same grid; the
 * padded part is dropped and the rest is mapped to photo pixels by nearest neighbour on pixel centres.
 *
 * <p>Why nearest on labels and not bilinear on logits: it needs only the label map (not 21 planes of 513x513
 * logits per photo upsampled), is exactly reproducible in the Python reference, and the model's own output
 * is already at 513 pixels, so for photos the stages see (decoded at most ~1-2k pixels) edges move by at most a
 * few pixels.
 *
 * @param imageWidth   width of the photo
 * @param imageHeight  height of the photo
 * @param scaledWidth  width of the photo inside the 513x513 input
 * @param scaledHeight height of the photo inside the 513x513 input
 */
record DeepLabFrame(int imageWidth, int imageHeight, int scaledWidth, int scaledHeight) {
    static final int SIZE = 513;
    static final float PAD = 127.5f;

    static DeepLabFrame of(int width, int height) {
        double scale = (double) SIZE / Math.max(width, height);
        int sw = Math.max(1, Math.min(SIZE, (int) Math.floor(width * scale + 0.5)));
        int sh = Math.max(1, Math.min(SIZE, (int) Math.floor(height * scale + 0.5)));
        return new DeepLabFrame(width, height, sw, sh);
    }

    /** The model input, NHWC {@code 1x513x513x3}, RGB 0..255 floats. */
    float[] input(BufferedImage image) {
        if (image.getWidth() != imageWidth || image.getHeight() != imageHeight) {
            throw new IllegalArgumentException("image is " + image.getWidth() + "x" + image.getHeight() + ", frame is for "
                    + imageWidth + "x" + imageHeight);
        }
        float[] scaled = Pixels.hwcRgb(Resize.resize(image, scaledWidth, scaledHeight, Resize.Filter.BILINEAR), 1f);
        float[] input = new float[SIZE * SIZE * 3];
        java.util.Arrays.fill(input, PAD);
        for (int y = 0; y < scaledHeight; y++) {
            System.arraycopy(scaled, y * scaledWidth * 3, input, y * SIZE * 3, scaledWidth * 3);
        }
        return input;
    }

    /** The model column that photo column {@code x} reads (nearest, on pixel centres). */
    int sourceX(int x) {
        return Math.min(scaledWidth - 1, (int) Math.floor((x + 0.5) * scaledWidth / imageWidth));
    }

    /** The model row that photo row {@code y} reads. */
    int sourceY(int y) {
        return Math.min(scaledHeight - 1, (int) Math.floor((y + 0.5) * scaledHeight / imageHeight));
    }

    /**
     * The mask of class {@code pascalClass} inside {@code range}, at photo size, and the mean softmax probability of
     * that class over the mask's pixels ({@code NaN} when the mask is empty).
     *
     * @param labels per-pixel argmax, {@code 513 x 513} row-major
     * @param logits {@code 21 x 513 x 513} class logits
     */
    ClassMask classMask(long[] labels, float[] logits, int classes, int pascalClass, PixelRange range) {
        if (labels.length != SIZE * SIZE || logits.length != (long) classes * SIZE * SIZE) {
            throw new IllegalArgumentException("expected 513x513 labels and " + classes + "x513x513 logits, got "
                    + labels.length + " and " + logits.length + " values");
        }
        boolean[] values = new boolean[imageWidth * imageHeight];
        double[] probability = new double[SIZE * SIZE];
        java.util.Arrays.fill(probability, Double.NaN);
        double sum = 0;
        long count = 0;
        for (int y = range.y0(); y < range.y1(); y++) {
            int sy = sourceY(y);
            for (int x = range.x0(); x < range.x1(); x++) {
                int s = sy * SIZE + sourceX(x);
                if (labels[s] != pascalClass) {
                    continue;
                }
                values[y * imageWidth + x] = true;
                if (Double.isNaN(probability[s])) {
                    probability[s] = softmax(logits, classes, s, pascalClass);
                }
                sum += probability[s];
                count++;
            }
        }
        return new ClassMask(Mask.of(imageWidth, imageHeight, values), count == 0 ? Double.NaN : sum / count);
    }

    /**
     * The PASCAL class, other than background and {@code excluded}, with the most pixels inside {@code range}, or -1
     * when there is none.
     *
     * @param labels per-pixel argmax, {@code 513 x 513} row-major
     */
    int dominantOtherClass(long[] labels, int classes, int excluded, PixelRange range) {
        long[] counts = new long[classes];
        for (int y = range.y0(); y < range.y1(); y++) {
            int sy = sourceY(y);
            for (int x = range.x0(); x < range.x1(); x++) {
                int label = (int) labels[sy * SIZE + sourceX(x)];
                if (label >= 0 && label < classes) {
                    counts[label]++;
                }
            }
        }
        int best = -1;
        for (int c = 1; c < classes; c++) {
            if (c != excluded && counts[c] > 0 && (best < 0 || counts[c] > counts[best])) {
                best = c;
            }
        }
        return best;
    }

    /** The softmax probability of {@code target} at one pixel of {@code [classes, SIZE, SIZE]} logits, in double. */
    static double softmax(float[] logits, int classes, int pixel, int target) {
        int plane = SIZE * SIZE;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, logits[c * plane + pixel]);
        }
        double total = 0;
        for (int c = 0; c < classes; c++) {
            total += Math.exp(logits[c * plane + pixel] - max);
        }
        return Math.exp(logits[target * plane + pixel] - max) / total;
    }

    /** A class mask and the mean probability of the class over it. */
    record ClassMask(Mask mask, double meanProbability) {}
}
