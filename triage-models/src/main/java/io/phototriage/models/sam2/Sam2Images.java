package io.phototriage.models.sam2;

import io.phototriage.core.stage.Mask;
import java.awt.image.BufferedImage;

/**
 * The pixel arithmetic around the SAM 2 networks, written after PyTorch's kernels: bilinear resizing with
 * {@code align_corners=False} (as {@code F.interpolate(..., mode="bilinear")}), its antialiased form (as
 * {@code antialias=True}, a triangle filter widened by the downscale factor), frame pre-processing and mask
 * conversion. Pure Java, no native memory.
 */
public final class Sam2Images {
    private Sam2Images() {}

    /**
     * Bilinear resize of one channel, {@code align_corners=False}, without antialiasing (PyTorch's
     * {@code upsample_bilinear2d}: source = max(scale (dst + 0.5) - 0.5, 0), scale = in / out).
     *
     * @param src       row-major values, {@code srcWidth * srcHeight}
     * @param srcWidth  source width
     * @param srcHeight source height
     * @param dstWidth  target width
     * @param dstHeight target height
     * @return row-major resized values
     */
    public static float[] bilinear(float[] src, int srcWidth, int srcHeight, int dstWidth, int dstHeight) {
        int[] x0 = new int[dstWidth];
        int[] x1 = new int[dstWidth];
        float[] lx = new float[dstWidth];
        axis(srcWidth, dstWidth, x0, x1, lx);
        int[] y0 = new int[dstHeight];
        int[] y1 = new int[dstHeight];
        float[] ly = new float[dstHeight];
        axis(srcHeight, dstHeight, y0, y1, ly);
        float[] out = new float[dstWidth * dstHeight];
        for (int y = 0; y < dstHeight; y++) {
            float h1 = ly[y];
            float h0 = 1f - h1;
            int r0 = y0[y] * srcWidth;
            int r1 = y1[y] * srcWidth;
            for (int x = 0; x < dstWidth; x++) {
                float w1 = lx[x];
                float w0 = 1f - w1;
                out[y * dstWidth + x] = h0 * (w0 * src[r0 + x0[x]] + w1 * src[r0 + x1[x]])
                        + h1 * (w0 * src[r1 + x0[x]] + w1 * src[r1 + x1[x]]);
            }
        }
        return out;
    }

    private static void axis(int in, int out, int[] i0, int[] i1, float[] lambda) {
        float scale = (float) in / out;
        for (int d = 0; d < out; d++) {
            float s = Math.max(scale * (d + 0.5f) - 0.5f, 0f);
            int a = Math.min((int) s, in - 1);
            i0[d] = a;
            i1[d] = Math.min(a + 1, in - 1);
            lambda[d] = s - a;
        }
    }

    /**
     * Antialiased bilinear resize of one channel (PyTorch's {@code _upsample_bilinear2d_aa}, the same filter as
     * torchvision's and Pillow's bilinear resize): each output pixel is the normalised triangle-weighted mean of the
     * source pixels within max(1, scale) of its centre. For upscaling it equals {@link #bilinear} up to rounding.
     *
     * @param src       row-major values
     * @param srcWidth  source width
     * @param srcHeight source height
     * @param dstWidth  target width
     * @param dstHeight target height
     * @return row-major resized values
     */
    public static float[] bilinearAntialias(float[] src, int srcWidth, int srcHeight, int dstWidth, int dstHeight) {
        Filter fx = Filter.of(srcWidth, dstWidth);
        Filter fy = Filter.of(srcHeight, dstHeight);
        float[] horizontal = new float[dstWidth * srcHeight];
        for (int y = 0; y < srcHeight; y++) {
            for (int x = 0; x < dstWidth; x++) {
                double sum = 0;
                for (int k = 0; k < fx.size[x]; k++) {
                    sum += fx.weights[x][k] * src[y * srcWidth + fx.start[x] + k];
                }
                horizontal[y * dstWidth + x] = (float) sum;
            }
        }
        float[] out = new float[dstWidth * dstHeight];
        for (int y = 0; y < dstHeight; y++) {
            for (int x = 0; x < dstWidth; x++) {
                double sum = 0;
                for (int k = 0; k < fy.size[y]; k++) {
                    sum += fy.weights[y][k] * horizontal[(fy.start[y] + k) * dstWidth + x];
                }
                out[y * dstWidth + x] = (float) sum;
            }
        }
        return out;
    }

    /** Per output index: the first source index, the count and the normalised weights. */
    private record Filter(int[] start, int[] size, double[][] weights) {
        static Filter of(int in, int out) {
            double scale = (double) in / out;
            double support = scale >= 1.0 ? scale : 1.0;
            double invScale = scale >= 1.0 ? 1.0 / scale : 1.0;
            int[] start = new int[out];
            int[] size = new int[out];
            double[][] weights = new double[out][];
            for (int i = 0; i < out; i++) {
                double center = scale * (i + 0.5);
                int xmin = Math.max((int) (center - support + 0.5), 0);
                int xmax = Math.min((int) (center + support + 0.5), in);
                double[] w = new double[xmax - xmin];
                double total = 0;
                for (int j = 0; j < w.length; j++) {
                    double t = Math.abs((j + xmin - center + 0.5) * invScale);
                    w[j] = t < 1.0 ? 1.0 - t : 0.0;
                    total += w[j];
                }
                if (total != 0) {
                    for (int j = 0; j < w.length; j++) {
                        w[j] /= total;
                    }
                }
                start[i] = xmin;
                size[i] = w.length;
                weights[i] = w;
            }
            return new Filter(start, size, weights);
        }
    }

    /**
     * A frame as the model's input, [3, S, S] row-major: resized to S x S (aspect ratio not kept) by the
     * antialiased bilinear filter and rounded to 0..255 as torchvision resizes a uint8 frame (skipped when the frame
     * is already S x S), then normalised as transformers' fast processors do: (x - 255 mean) / (255 std) in float32.
     *
     * @param image    the frame
     * @param contract the model's contract (size, mean, std)
     * @return the pixel values
     */
    public static float[] pixelValues(BufferedImage image, Sam2Contract contract) {
        int w = image.getWidth();
        int h = image.getHeight();
        int s = contract.imageSize();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        float[] mean = contract.pixelMean();
        float[] std = contract.pixelStd();
        float[] out = new float[3 * s * s];
        for (int c = 0; c < 3; c++) {
            int shift = 16 - 8 * c;
            float[] channel = new float[w * h];
            for (int i = 0; i < channel.length; i++) {
                channel[i] = (rgb[i] >> shift) & 0xFF;
            }
            if (w != s || h != s) {
                channel = bilinearAntialias(channel, w, h, s, s);
                for (int i = 0; i < channel.length; i++) {
                    channel[i] = Math.max(0f, Math.min(255f, Math.round(channel[i])));
                }
            }
            float m = mean[c] * 255f;
            float d = std[c] * 255f;
            for (int i = 0; i < s * s; i++) {
                out[c * s * s + i] = (channel[i] - m) / d;
            }
        }
        return out;
    }

    /**
     * A prompt mask at the model size as Sam2VideoProcessor prepares it: 0/1, resized with the antialiased bilinear
     * filter and thresholded at 0.5 when it is not already S x S.
     *
     * @param mask the mask, the frame's size
     * @param size the model size S
     * @return S x S values, 0 or 1
     */
    public static float[] maskAtModelSize(Mask mask, int size) {
        int w = mask.width();
        int h = mask.height();
        float[] values = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                values[y * w + x] = mask.get(x, y) ? 1f : 0f;
            }
        }
        if (w == size && h == size) {
            return values;
        }
        float[] resized = bilinearAntialias(values, w, h, size, size);
        for (int i = 0; i < resized.length; i++) {
            resized[i] = resized[i] >= 0.5f ? 1f : 0f;
        }
        return resized;
    }

    /**
     * The frame-size mask of low-resolution logits, as Sam2ImageProcessorFast.post_process_masks: one bilinear
     * resize to the frame's size, then logits above the threshold.
     *
     * @param logits    row-major low-res logits, {@code side * side}
     * @param side      their side
     * @param width     the frame's width
     * @param height    the frame's height
     * @param threshold the logit threshold (0)
     * @return the mask
     */
    public static Mask toFrameMask(float[] logits, int side, int width, int height, float threshold) {
        float[] up = bilinear(logits, side, side, width, height);
        boolean[] values = new boolean[up.length];
        for (int i = 0; i < up.length; i++) {
            values[i] = up[i] > threshold;
        }
        return Mask.of(width, height, values);
    }
}
