package io.phototriage.models.image;

/**
 * Resizes planar float images ({@code [C, H, W]}, row-major) with the algorithm of PIL's {@code Image.resize(size,
 * BILINEAR, box)} on {@code "F"} (32-bit float) images: a separable triangle filter whose support grows with the
 * reduction factor (so reductions are antialiased), horizontal pass first, weights in double, intermediate and
 * result in float. Values are not rounded, so a model sees the same unquantised floats as the Python reference
 * (tools/export golden files) that calls PIL on float planes.
 *
 * <p>Works on floats rather than {@link java.awt.image.BufferedImage} because models take float tensors and a
 * source box with fractional corners (a crop and resize in one step, like PIL's {@code box}).
 */
public final class PlanarResize {
    private static final double SUPPORT = 1.0;

    private PlanarResize() {}

    /**
     * Resizes the whole image.
     *
     * @param planes    {@code channels * height * width} values, one plane per channel
     * @param outWidth  width of the result
     * @param outHeight height of the result
     * @return {@code channels * outHeight * outWidth} values
     */
    public static float[] resize(float[] planes, int channels, int width, int height, int outWidth, int outHeight) {
        return resize(planes, channels, width, height, 0, 0, width, height, outWidth, outHeight);
    }

    /**
     * Resizes the source rectangle {@code [x0, x1) x [y0, y1)} (fractional pixel edges allowed, inside the image)
     * to {@code outWidth x outHeight}. Pixels just outside the rectangle contribute where the filter reaches them,
     * as in PIL.
     */
    public static float[] resize(float[] planes, int channels, int width, int height, double x0, double y0, double x1,
            double y1, int outWidth, int outHeight) {
        if (channels < 1 || width < 1 || height < 1 || outWidth < 1 || outHeight < 1) {
            throw new IllegalArgumentException("sizes must be positive: " + channels + " channels, " + width + "x" + height
                    + " -> " + outWidth + "x" + outHeight);
        }
        if (planes.length != (long) channels * width * height) {
            throw new IllegalArgumentException("expected " + (long) channels * width * height + " values for " + channels
                    + "x" + height + "x" + width + ", got " + planes.length);
        }
        if (!(x0 >= 0 && y0 >= 0 && x1 <= width && y1 <= height && x1 > x0 && y1 > y0)) {
            throw new IllegalArgumentException("source box " + x0 + "," + y0 + "," + x1 + "," + y1 + " is empty or outside "
                    + width + "x" + height);
        }
        // PIL passes the box to C as float.
        Coefficients horizontal = Coefficients.of(width, (float) x0, (float) x1, outWidth);
        Coefficients vertical = Coefficients.of(height, (float) y0, (float) y1, outHeight);
        int firstRow = vertical.min[0];
        int lastRow = vertical.min[outHeight - 1] + vertical.count[outHeight - 1];
        int rows = lastRow - firstRow;
        float[] out = new float[channels * outWidth * outHeight];
        float[] temp = new float[outWidth * rows];
        for (int c = 0; c < channels; c++) {
            int inPlane = c * width * height;
            for (int y = 0; y < rows; y++) {
                int inRow = inPlane + (y + firstRow) * width;
                for (int x = 0; x < outWidth; x++) {
                    int min = horizontal.min[x];
                    int k = x * horizontal.size;
                    double sum = 0;
                    for (int i = 0; i < horizontal.count[x]; i++) {
                        sum += planes[inRow + min + i] * horizontal.weights[k + i];
                    }
                    temp[y * outWidth + x] = (float) sum;
                }
            }
            int outPlane = c * outWidth * outHeight;
            for (int y = 0; y < outHeight; y++) {
                int min = vertical.min[y] - firstRow;
                int k = y * vertical.size;
                for (int x = 0; x < outWidth; x++) {
                    double sum = 0;
                    for (int i = 0; i < vertical.count[y]; i++) {
                        sum += temp[(min + i) * outWidth + x] * vertical.weights[k + i];
                    }
                    out[outPlane + y * outWidth + x] = (float) sum;
                }
            }
        }
        return out;
    }

    /** PIL's {@code precompute_coeffs} for the bilinear filter. */
    private record Coefficients(int size, int[] min, int[] count, double[] weights) {
        static Coefficients of(int inSize, float in0, float in1, int outSize) {
            double scale = (double) (in1 - in0) / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = SUPPORT * filterScale;
            int size = (int) Math.ceil(support) * 2 + 1;
            int[] min = new int[outSize];
            int[] count = new int[outSize];
            double[] weights = new double[outSize * size];
            for (int xx = 0; xx < outSize; xx++) {
                double center = in0 + (xx + 0.5) * scale;
                double ss = 1.0 / filterScale;
                int xmin = Math.max((int) (center - support + 0.5), 0);
                int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
                double total = 0;
                for (int x = 0; x < xmax; x++) {
                    double w = triangle((x + xmin - center + 0.5) * ss);
                    weights[xx * size + x] = w;
                    total += w;
                }
                if (total != 0) {
                    for (int x = 0; x < xmax; x++) {
                        weights[xx * size + x] /= total;
                    }
                }
                min[xx] = xmin;
                count[xx] = Math.max(xmax, 0);
            }
            return new Coefficients(size, min, count, weights);
        }

        private static double triangle(double x) {
            double a = Math.abs(x);
            return a < 1.0 ? 1.0 - a : 0.0;
        }
    }
}
