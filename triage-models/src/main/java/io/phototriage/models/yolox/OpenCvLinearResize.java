package io.phototriage.models.yolox;

/**
 * {@code cv2.resize(src, (dw, dh), interpolation=cv2.INTER_LINEAR)} for 8-bit, 3-channel images, bit for bit.
 *
 * <p>YOLOX was trained and is evaluated on images resized this way, and Java2D's bilinear scaling is a different
 * filter, so the detector reproduces OpenCV's arithmetic (modules/imgproc/src/resize.cpp, {@code resizeGeneric_}
 * with {@code HResizeLinear} and {@code VResizeLinear<uchar, int, short, FixedPtCast<...>>}):
 * <ul>
 *   <li>half-pixel centres: {@code f = (float) ((d + 0.5) * scale - 0.5)}, {@code s = floor(f)}, fraction {@code f - s},
 *       with {@code scale = 1 / (dst / src)} in double; it is not antialiased (downscaling only ever reads two
 *       source pixels per axis);</li>
 *   <li>weights are 11-bit fixed point, {@code round_half_even(w * 2048)} for each of the two taps separately;</li>
 *   <li>horizontally a tap position outside the image is clamped together with its fraction (the edge pixel is
 *       copied); vertically only the row index is clamped and the fraction is kept, so both taps read the edge row;</li>
 *   <li>the vertical pass computes {@code ((b0 * (r0 >> 4)) >> 16) + ((b1 * (r1 >> 4)) >> 16) + 2) >> 2};</li>
 *   <li>an exact 2x downscale on both axes is turned into {@code INTER_AREA} by OpenCV: the rounded mean of each
 *       2x2 block.</li>
 * </ul>
 * Checked equal to opencv-python-headless 5.0.0 on the 128 coco128 photos at four sizes (up and down) and on
 * random images with odd sizes, including 2x and 1x1 (tools/export/phototriage_export/golden_yolox.py holds the
 * same arithmetic in numpy).
 */
final class OpenCvLinearResize {
    private static final int COEF_BITS = 11;
    private static final int COEF_SCALE = 1 << COEF_BITS;

    private OpenCvLinearResize() {}

    /**
     * Resizes interleaved 8-bit RGB (or BGR, any 3 channels).
     *
     * @param src values 0..255, {@code 3 * width * height} of them, row-major, channels interleaved
     * @return {@code 3 * dstWidth * dstHeight} values 0..255 in the same layout
     */
    static int[] resize(int[] src, int width, int height, int dstWidth, int dstHeight) {
        if (width <= 0 || height <= 0 || dstWidth <= 0 || dstHeight <= 0) {
            throw new IllegalArgumentException("sizes must be positive: " + width + "x" + height + " -> " + dstWidth + "x" + dstHeight);
        }
        if (src.length != 3 * width * height) {
            throw new IllegalArgumentException("expected " + 3 * width * height + " values for " + width + "x" + height + ", got " + src.length);
        }
        double scaleX = 1.0 / ((double) dstWidth / width);
        double scaleY = 1.0 / ((double) dstHeight / height);
        if (Math.abs(scaleX - 2) < Math.ulp(1.0) && Math.abs(scaleY - 2) < Math.ulp(1.0)) {
            return halve(src, width, dstWidth, dstHeight);
        }
        Taps xs = taps(width, dstWidth, scaleX, true);
        Taps ys = taps(height, dstHeight, scaleY, false);
        int[][] rows = new int[height][];
        int[] out = new int[3 * dstWidth * dstHeight];
        for (int dy = 0; dy < dstHeight; dy++) {
            int[] r0 = horizontal(rows, src, width, xs, ys.first[dy]);
            int[] r1 = horizontal(rows, src, width, xs, ys.second[dy]);
            int b0 = ys.weightFirst[dy];
            int b1 = ys.weightSecond[dy];
            int base = 3 * dstWidth * dy;
            for (int i = 0; i < 3 * dstWidth; i++) {
                int v = (((b0 * (r0[i] >> 4)) >> 16) + ((b1 * (r1[i] >> 4)) >> 16) + 2) >> 2;
                out[base + i] = Math.min(255, Math.max(0, v));
            }
        }
        return out;
    }

    private static int[] horizontal(int[][] rows, int[] src, int width, Taps xs, int sy) {
        int[] row = rows[sy];
        if (row != null) {
            return row;
        }
        int dstWidth = xs.first.length;
        row = new int[3 * dstWidth];
        int base = 3 * width * sy;
        for (int dx = 0; dx < dstWidth; dx++) {
            int p0 = base + 3 * xs.first[dx];
            int p1 = base + 3 * xs.second[dx];
            int a0 = xs.weightFirst[dx];
            int a1 = xs.weightSecond[dx];
            for (int c = 0; c < 3; c++) {
                row[3 * dx + c] = src[p0 + c] * a0 + src[p1 + c] * a1;
            }
        }
        rows[sy] = row;
        return row;
    }

    /** Source indices (already clamped into the image) and fixed-point weights of the two taps per output index. */
    private record Taps(int[] first, int[] second, int[] weightFirst, int[] weightSecond) {}

    private static Taps taps(int srcLength, int dstLength, double scale, boolean clampFraction) {
        int[] first = new int[dstLength];
        int[] second = new int[dstLength];
        int[] w0 = new int[dstLength];
        int[] w1 = new int[dstLength];
        for (int d = 0; d < dstLength; d++) {
            float f = (float) ((d + 0.5) * scale - 0.5);
            int s = (int) Math.floor(f);
            f -= s;
            if (clampFraction) {
                if (s < 0) {
                    f = 0;
                    s = 0;
                }
                if (s >= srcLength - 1) {
                    f = 0;
                    s = srcLength - 1;
                }
            }
            first[d] = clamp(s, srcLength);
            second[d] = clamp(s + 1, srcLength);
            w0[d] = (int) Math.rint((1.0f - f) * COEF_SCALE);
            w1[d] = (int) Math.rint(f * COEF_SCALE);
        }
        return new Taps(first, second, w0, w1);
    }

    private static int clamp(int index, int length) {
        return Math.min(Math.max(index, 0), length - 1);
    }

    private static int[] halve(int[] src, int width, int dstWidth, int dstHeight) {
        int[] out = new int[3 * dstWidth * dstHeight];
        for (int y = 0; y < dstHeight; y++) {
            int top = 3 * width * (2 * y);
            int bottom = top + 3 * width;
            for (int x = 0; x < dstWidth; x++) {
                for (int c = 0; c < 3; c++) {
                    int l = 3 * (2 * x) + c;
                    int r = l + 3;
                    out[3 * (y * dstWidth + x) + c] = (src[top + l] + src[top + r] + src[bottom + l] + src[bottom + r] + 2) >> 2;
                }
            }
        }
        return out;
    }
}
