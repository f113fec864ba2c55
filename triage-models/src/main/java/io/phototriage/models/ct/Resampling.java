package io.phototriage.models.ct;

/**
 * Resamples a volume between grids of the same extent, on arrays with the last axis fastest ({@code [z][y][x]}, which
 * is the {@code i}-fastest order of {@link VolumeGeometry}). The coordinate mapping is PyTorch's
 * {@code interpolate(..., align_corners=False)}: output voxel {@code d} samples input position
 * {@code (d + 0.5) · in/out − 0.5}. Images are interpolated trilinearly, label maps with nearest neighbour
 * ({@code nearest-exact}: input index {@code floor((d + 0.5) · in/out)}).
 */
public final class Resampling {
    private Resampling() {}

    /**
     * The size a volume gets at another spacing: {@code round(n · from / to)} per axis, at least 1.
     *
     * @param size    voxels per axis
     * @param from    the current spacing per axis, mm
     * @param to      the target spacing per axis, mm
     * @return the new size per axis
     */
    public static int[] sizeAtSpacing(int[] size, double[] from, double[] to) {
        int[] out = new int[size.length];
        for (int a = 0; a < size.length; a++) {
            out[a] = Math.max(1, (int) Math.round(size[a] * from[a] / to[a]));
        }
        return out;
    }

    /**
     * Trilinear resampling.
     *
     * @param src     input values, {@code [z][y][x]} flattened
     * @param srcSize input size (z, y, x)
     * @param dstSize output size (z, y, x)
     * @return the resampled values
     */
    public static float[] trilinear(float[] src, int[] srcSize, int[] dstSize) {
        Axis az = Axis.linear(srcSize[0], dstSize[0]);
        Axis ay = Axis.linear(srcSize[1], dstSize[1]);
        Axis ax = Axis.linear(srcSize[2], dstSize[2]);
        int sy = srcSize[1];
        int sx = srcSize[2];
        float[] out = new float[dstSize[0] * dstSize[1] * dstSize[2]];
        int n = 0;
        for (int z = 0; z < dstSize[0]; z++) {
            int z0 = az.i0[z], z1 = az.i1[z];
            float wz1 = az.w1[z], wz0 = 1 - wz1;
            for (int y = 0; y < dstSize[1]; y++) {
                int y0 = ay.i0[y], y1 = ay.i1[y];
                float wy1 = ay.w1[y], wy0 = 1 - wy1;
                int r00 = (z0 * sy + y0) * sx, r01 = (z0 * sy + y1) * sx, r10 = (z1 * sy + y0) * sx, r11 = (z1 * sy + y1) * sx;
                for (int x = 0; x < dstSize[2]; x++) {
                    int x0 = ax.i0[x], x1 = ax.i1[x];
                    float wx1 = ax.w1[x], wx0 = 1 - wx1;
                    out[n++] = wz0 * (wy0 * (wx0 * src[r00 + x0] + wx1 * src[r00 + x1]) + wy1 * (wx0 * src[r01 + x0] + wx1 * src[r01 + x1]))
                            + wz1 * (wy0 * (wx0 * src[r10 + x0] + wx1 * src[r10 + x1]) + wy1 * (wx0 * src[r11 + x0] + wx1 * src[r11 + x1]));
                }
            }
        }
        return out;
    }

    /**
     * Nearest-neighbour resampling of labels.
     *
     * @param src     input labels, {@code [z][y][x]} flattened
     * @param srcSize input size (z, y, x)
     * @param dstSize output size (z, y, x)
     * @return the resampled labels
     */
    public static short[] nearest(short[] src, int[] srcSize, int[] dstSize) {
        int[] iz = Axis.nearest(srcSize[0], dstSize[0]);
        int[] iy = Axis.nearest(srcSize[1], dstSize[1]);
        int[] ix = Axis.nearest(srcSize[2], dstSize[2]);
        short[] out = new short[dstSize[0] * dstSize[1] * dstSize[2]];
        int n = 0;
        for (int z = 0; z < dstSize[0]; z++) {
            for (int y = 0; y < dstSize[1]; y++) {
                int row = (iz[z] * srcSize[1] + iy[y]) * srcSize[2];
                for (int x = 0; x < dstSize[2]; x++) {
                    out[n++] = src[row + ix[x]];
                }
            }
        }
        return out;
    }

    /** Per output index along one axis: the two input indices and the weight of the second (PyTorch's float math). */
    private record Axis(int[] i0, int[] i1, float[] w1) {
        static Axis linear(int in, int out) {
            int[] i0 = new int[out];
            int[] i1 = new int[out];
            float[] w1 = new float[out];
            float scale = (float) in / out;
            for (int d = 0; d < out; d++) {
                float s = scale * (d + 0.5f) - 0.5f;
                if (s < 0) {
                    s = 0;
                }
                int a = (int) s;
                i0[d] = a;
                i1[d] = a < in - 1 ? a + 1 : a;
                w1[d] = s - a;
            }
            return new Axis(i0, i1, w1);
        }

        static int[] nearest(int in, int out) {
            int[] idx = new int[out];
            float scale = (float) in / out;
            for (int d = 0; d < out; d++) {
                idx[d] = Math.min((int) Math.floor((d + 0.5f) * scale), in - 1);
            }
            return idx;
        }
    }
}
