package io.phototriage.models.ct;

import java.util.ArrayList;
import java.util.List;

/**
 * nnU-Net v2's sliding-window inference, as its predictor describes it: the volume is padded to at least the patch
 * size (zeros, split evenly below and above), patches are placed at the steps of
 * {@code compute_steps_for_sliding_window}, each patch's logits are weighted by a Gaussian importance map
 * ({@link #gaussian}) and the weighted sum is divided by the summed weights. Only the unpadded region is accumulated:
 * its values are the same, and the logits of a large volume need {@code classes ×} its voxels of memory, not more.
 */
public final class SlidingWindow {
    private SlidingWindow() {}

    /** Runs the network on one patch. */
    @FunctionalInterface
    public interface PatchNetwork {
        /**
         * The logits of one patch.
         *
         * @param patch {@code [z][y][x]} flattened, the patch size
         * @return {@code [class][z][y][x]} flattened
         * @throws Exception if the network fails
         */
        float[] logits(float[] patch) throws Exception;
    }

    /**
     * The patch start positions along one axis ({@code compute_steps_for_sliding_window}): as many steps as a
     * target step of {@code tile · stepSize} needs to cover the image, spread evenly from 0 to {@code image − tile}.
     *
     * @param image    the (padded) image size along the axis, at least {@code tile}
     * @param tile     the patch size along the axis
     * @param stepSize the step as a fraction of the patch (nnU-Net: 0.5)
     * @return the start positions, ascending
     */
    public static int[] steps(int image, int tile, double stepSize) {
        if (image < tile) {
            throw new IllegalArgumentException("image " + image + " is smaller than the patch " + tile + "; pad it first");
        }
        double target = tile * stepSize;
        int count = (int) Math.ceil((image - tile) / target) + 1;
        int[] out = new int[count];
        if (count == 1) {
            return out;
        }
        double actual = (double) (image - tile) / (count - 1);
        for (int n = 0; n < count; n++) {
            out[n] = (int) Math.rint(actual * n);  // numpy's round: half to even
        }
        return out;
    }

    /**
     * nnU-Net's Gaussian importance map: a centred delta (at {@code tile / 2}) smoothed with a Gaussian of sigma
     * {@code tile · sigmaScale} per axis truncated at 4 sigma (scipy's {@code gaussian_filter}), divided by its maximum,
     * and every zero replaced by the smallest non-zero value.
     *
     * @param tile       the patch size (z, y, x)
     * @param sigmaScale sigma as a fraction of the patch (nnU-Net: 1/8)
     * @return the weights, {@code [z][y][x]} flattened
     */
    public static float[] gaussian(int[] tile, double sigmaScale) {
        double[][] axis = new double[3][];
        for (int a = 0; a < 3; a++) {
            double sigma = tile[a] * sigmaScale;
            int radius = (int) (4.0 * sigma + 0.5);
            int centre = tile[a] / 2;
            axis[a] = new double[tile[a]];
            for (int x = 0; x < tile[a]; x++) {
                int d = x - centre;
                axis[a][x] = Math.abs(d) <= radius ? Math.exp(-0.5 * d * d / (sigma * sigma)) : 0.0;
            }
        }
        float[] out = new float[tile[0] * tile[1] * tile[2]];
        float min = Float.MAX_VALUE;
        int n = 0;
        for (int z = 0; z < tile[0]; z++) {
            for (int y = 0; y < tile[1]; y++) {
                for (int x = 0; x < tile[2]; x++) {
                    float v = (float) (axis[0][z] * axis[1][y] * axis[2][x]);
                    out[n++] = v;
                    if (v > 0) {
                        min = Math.min(min, v);
                    }
                }
            }
        }
        for (int m = 0; m < out.length; m++) {
            if (out[m] == 0) {
                out[m] = min;
            }
        }
        return out;
    }

    /**
     * The sliding-window logits of a volume.
     *
     * @param data       the normalised volume, {@code [z][y][x]} flattened
     * @param size       its size (z, y, x)
     * @param tile       the patch size (z, y, x)
     * @param classes    logits per voxel
     * @param stepSize   the step as a fraction of the patch
     * @param sigmaScale the Gaussian's sigma as a fraction of the patch
     * @param network    runs one patch
     * @return the logits {@code [class][z][y][x]} flattened over the volume (not the padding) and the patch count
     * @throws Exception if the network fails
     */
    public static Result logits(float[] data, int[] size, int[] tile, int classes, double stepSize, double sigmaScale,
                                PatchNetwork network) throws Exception {
        int[] padded = new int[3];
        int[] low = new int[3];
        for (int a = 0; a < 3; a++) {
            padded[a] = Math.max(size[a], tile[a]);
            low[a] = (padded[a] - size[a]) / 2;
        }
        int[][] steps = {steps(padded[0], tile[0], stepSize), steps(padded[1], tile[1], stepSize), steps(padded[2], tile[2], stepSize)};
        float[] weight = gaussian(tile, sigmaScale);
        int voxels = size[0] * size[1] * size[2];
        int tileVoxels = tile[0] * tile[1] * tile[2];
        float[] sum = new float[Math.multiplyExact(classes, voxels)];
        float[] norm = new float[voxels];
        float[] patch = new float[tileVoxels];
        int count = 0;
        List<int[]> positions = new ArrayList<>();
        for (int z : steps[0]) {
            for (int y : steps[1]) {
                for (int x : steps[2]) {
                    positions.add(new int[] {z, y, x});
                }
            }
        }
        for (int[] p : positions) {
            // the patch in padded coordinates p..p+tile; volume voxel v = padded - low
            java.util.Arrays.fill(patch, 0f);
            int vx0 = Math.max(0, p[2] - low[2]);
            int vx1 = Math.min(size[2], p[2] - low[2] + tile[2]);
            forEachRowInVolume(p, low, tile, size, (tz, ty, vz, vy) -> {
                if (vx1 > vx0) {
                    System.arraycopy(data, (vz * size[1] + vy) * size[2] + vx0, patch,
                            (tz * tile[1] + ty) * tile[2] + (vx0 - (p[2] - low[2])), vx1 - vx0);
                }
            });
            float[] out = network.logits(patch);
            if (out.length != classes * tileVoxels) {
                throw new IllegalStateException("the network returned " + out.length + " logits for a patch of " + tileVoxels
                        + " voxels and " + classes + " classes");
            }
            forEachRowInVolume(p, low, tile, size, (tz, ty, vz, vy) -> {
                for (int tx = 0; tx < tile[2]; tx++) {
                    int vx = p[2] + tx - low[2];
                    if (vx < 0 || vx >= size[2]) {
                        continue;
                    }
                    int t = (tz * tile[1] + ty) * tile[2] + tx;
                    int v = (vz * size[1] + vy) * size[2] + vx;
                    float w = weight[t];
                    norm[v] += w;
                    for (int c = 0; c < classes; c++) {
                        sum[c * voxels + v] += out[c * tileVoxels + t] * w;
                    }
                }
            });
            count++;
        }
        for (int c = 0; c < classes; c++) {
            int base = c * voxels;
            for (int v = 0; v < voxels; v++) {
                sum[base + v] /= norm[v];
            }
        }
        return new Result(sum, classes, count);
    }

    /** One {@code x} row of a patch that lies inside the volume: patch row {@code (tz, ty)} is volume row {@code (vz, vy)}. */
    private interface RowInVolume {
        void visit(int tz, int ty, int vz, int vy);
    }

    /**
     * Visits the patch rows at padded position {@code p} whose {@code z} and {@code y} fall inside the volume (the
     * others are padding), in {@code z}, then {@code y} order: one walk for both cutting the patch out and adding its
     * weighted logits back.
     */
    private static void forEachRowInVolume(int[] p, int[] low, int[] tile, int[] size, RowInVolume visitor) {
        for (int tz = 0; tz < tile[0]; tz++) {
            int vz = p[0] + tz - low[0];
            if (vz < 0 || vz >= size[0]) {
                continue;
            }
            for (int ty = 0; ty < tile[1]; ty++) {
                int vy = p[1] + ty - low[1];
                if (vy >= 0 && vy < size[1]) {
                    visitor.visit(tz, ty, vz, vy);
                }
            }
        }
    }

    /**
     * Sliding-window logits.
     *
     * @param logits  {@code [class][z][y][x]} flattened
     * @param classes the number of classes
     * @param patches how many patches the network ran
     */
    public record Result(float[] logits, int classes, int patches) {
        /**
         * The class with the largest logit per voxel (the first on a tie, as numpy's argmax).
         *
         * @return labels, {@code [z][y][x]} flattened
         */
        public short[] argmax() {
            int voxels = logits.length / classes;
            short[] out = new short[voxels];
            for (int v = 0; v < voxels; v++) {
                float best = logits[v];
                int arg = 0;
                for (int c = 1; c < classes; c++) {
                    float x = logits[c * voxels + v];
                    if (x > best) {
                        best = x;
                        arg = c;
                    }
                }
                out[v] = (short) arg;
            }
            return out;
        }
    }
}
