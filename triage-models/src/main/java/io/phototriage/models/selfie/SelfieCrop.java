package io.phototriage.models.selfie;

import io.phototriage.core.image.Pixels;
import io.phototriage.core.image.Resize;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Mask;
import io.phototriage.models.lite.SubjectMasks.PixelRange;
import java.awt.image.BufferedImage;

/**
 * The selfie model's pre- and post-processing for one prompt: the box grown by a margin, widened to whole pixels
 * and clipped to the photo, is cropped and resized (stretched; Pillow's antialiased BILINEAR, {@link Resize}) to
 * 256x256, RGB scaled to 0..1; the 256x256 person probabilities are sampled
 * bilinearly (edges clamped) at the centre of every photo pixel inside the prompt box, and a pixel is foreground
 * above 0.5. Pixels outside the prompt box are background.
 *
 * @param x0 first column of the crop in photo pixels
 * @param y0 first row of the crop
 * @param x1 column after the crop
 * @param y1 row after the crop
 */
record SelfieCrop(int x0, int y0, int x1, int y1) {
    static final int SIZE = 256;

    SelfieCrop {
        if (x1 <= x0 || y1 <= y0) {
            throw new IllegalArgumentException("empty crop " + x0 + "," + y0 + "," + x1 + "," + y1);
        }
    }

    static SelfieCrop of(BoundingBox box, double margin, int width, int height) {
        double mx = margin * box.width();
        double my = margin * box.height();
        return new SelfieCrop((int) Math.floor(Math.max(0.0, box.x0() - mx)), (int) Math.floor(Math.max(0.0, box.y0() - my)),
                (int) Math.ceil(Math.min(width, box.x1() + mx)), (int) Math.ceil(Math.min(height, box.y1() + my)));
    }

    /** The model input, NHWC {@code 1x256x256x3}, RGB 0..1. */
    float[] input(BufferedImage image) {
        BufferedImage crop = image.getSubimage(x0, y0, x1 - x0, y1 - y0);
        return Pixels.hwcRgb(Resize.resize(crop, SIZE, SIZE, Resize.Filter.BILINEAR), 1f / 255f);
    }

    /**
     * The foreground mask at photo size and the mean probability over it ({@code NaN} if empty).
     *
     * @param probability the model's {@code 256 x 256} person probabilities, row-major
     */
    PersonMask mask(float[] probability, PixelRange range, int width, int height) {
        if (probability.length != SIZE * SIZE) {
            throw new IllegalArgumentException("expected 256x256 probabilities, got " + probability.length + " values");
        }
        boolean[] values = new boolean[width * height];
        double sum = 0;
        long count = 0;
        double[] u = new double[range.width()];
        int[] u0 = new int[range.width()];
        for (int i = 0; i < u.length; i++) {
            u[i] = clamp((range.x0() + i + 0.5 - x0) * SIZE / (double) (x1 - x0) - 0.5);
            u0[i] = Math.min((int) Math.floor(u[i]), SIZE - 2);
        }
        for (int y = range.y0(); y < range.y1(); y++) {
            double v = clamp((y + 0.5 - y0) * SIZE / (double) (y1 - y0) - 0.5);
            int v0 = Math.min((int) Math.floor(v), SIZE - 2);
            double fv = v - v0;
            for (int i = 0; i < u.length; i++) {
                double fu = u[i] - u0[i];
                int top = v0 * SIZE + u0[i];
                int bottom = top + SIZE;
                double p00 = probability[top];
                double p01 = probability[top + 1];
                double p10 = probability[bottom];
                double p11 = probability[bottom + 1];
                double upper = p00 + (p01 - p00) * fu;
                double lower = p10 + (p11 - p10) * fu;
                double p = upper + (lower - upper) * fv;
                if (p > 0.5) {
                    values[y * width + range.x0() + i] = true;
                    sum += p;
                    count++;
                }
            }
        }
        return new PersonMask(Mask.of(width, height, values), count == 0 ? Double.NaN : sum / count);
    }

    /**
     * The person probability at the centre of every photo pixel inside the crop, sampled as {@link #mask} does; 0
     * outside the crop.
     *
     * @param probability the model's {@code 256 x 256} person probabilities, row-major
     */
    float[] probabilityMap(float[] probability, int width, int height) {
        if (probability.length != SIZE * SIZE) {
            throw new IllegalArgumentException("expected 256x256 probabilities, got " + probability.length + " values");
        }
        float[] out = new float[width * height];
        int cw = x1 - x0;
        double[] u = new double[cw];
        int[] u0 = new int[cw];
        for (int i = 0; i < cw; i++) {
            u[i] = clamp((i + 0.5) * SIZE / (double) cw - 0.5);
            u0[i] = Math.min((int) Math.floor(u[i]), SIZE - 2);
        }
        for (int y = y0; y < y1; y++) {
            double v = clamp((y + 0.5 - y0) * SIZE / (double) (y1 - y0) - 0.5);
            int v0 = Math.min((int) Math.floor(v), SIZE - 2);
            double fv = v - v0;
            for (int i = 0; i < cw; i++) {
                double fu = u[i] - u0[i];
                int top = v0 * SIZE + u0[i];
                int bottom = top + SIZE;
                double upper = probability[top] + (probability[top + 1] - probability[top]) * fu;
                double lower = probability[bottom] + (probability[bottom + 1] - probability[bottom]) * fu;
                out[y * width + x0 + i] = (float) (upper + (lower - upper) * fv);
            }
        }
        return out;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(SIZE - 1, v));
    }

    /** A person mask and the mean probability over it. */
    record PersonMask(Mask mask, double meanProbability) {}
}
