package io.phototriage.models.ct;

/**
 * The closest RAS-canonical orientation of a grid (nibabel's {@code as_closest_canonical}, which TotalSegmentator
 * applies before inference): each voxel axis is assigned the RAS axis its direction is closest to, and flipped if it
 * points the other way. {@link #toCanonical} reorders the voxels so that i runs to the right, j anterior, k superior;
 * {@link #fromCanonical} undoes it. Pure index reordering: no interpolation.
 */
public final class CanonicalOrientation {
    private final VolumeGeometry source;
    private final int[] axisOf;    // canonical axis r <- source voxel axis axisOf[r]
    private final boolean[] flip;  // whether canonical axis r runs against the source axis
    private final VolumeGeometry canonical;

    private CanonicalOrientation(VolumeGeometry source, int[] axisOf, boolean[] flip) {
        this.source = source;
        this.axisOf = axisOf;
        this.flip = flip;
        int[] size = {source.nx(), source.ny(), source.nz()};
        double[] a = source.affine();
        double[] c = new double[16];
        // canonical voxel (c0,c1,c2) = source voxel with o[axisOf[r]] = flip[r] ? n-1-c_r : c_r
        double[] origin = {a[3], a[7], a[11]};
        for (int r = 0; r < 3; r++) {
            int s = axisOf[r];
            for (int row = 0; row < 3; row++) {
                double col = a[row * 4 + s];
                c[row * 4 + r] = flip[r] ? -col : col;
                if (flip[r]) {
                    origin[row] += col * (size[s] - 1);
                }
            }
        }
        for (int row = 0; row < 3; row++) {
            c[row * 4 + 3] = origin[row];
        }
        c[15] = 1;
        this.canonical = new VolumeGeometry(size[axisOf[0]], size[axisOf[1]], size[axisOf[2]], c);
    }

    /**
     * The reorientation of a grid.
     *
     * @param geometry the source grid
     * @return its canonical reorientation
     * @throws IllegalArgumentException if two voxel axes are closest to the same RAS axis (a grid oblique by 45°)
     */
    public static CanonicalOrientation of(VolumeGeometry geometry) {
        double[] a = geometry.affine();
        int[] axisOf = {-1, -1, -1};
        boolean[] flip = new boolean[3];
        for (int s = 0; s < 3; s++) {
            int best = 0;
            for (int row = 1; row < 3; row++) {
                if (Math.abs(a[row * 4 + s]) > Math.abs(a[best * 4 + s])) {
                    best = row;
                }
            }
            if (axisOf[best] >= 0) {
                throw new IllegalArgumentException("voxel axes " + axisOf[best] + " and " + s + " both point along RAS axis "
                        + best + ": the grid is too oblique to reorient (" + geometry + ")");
            }
            axisOf[best] = s;
            flip[best] = a[best * 4 + s] < 0;
        }
        return new CanonicalOrientation(geometry, axisOf, flip);
    }

    /**
     * The canonical grid.
     *
     * @return the grid after reorientation
     */
    public VolumeGeometry canonical() {
        return canonical;
    }

    /**
     * Whether the source grid is already canonical.
     *
     * @return true if no axis is permuted or flipped
     */
    public boolean identity() {
        return axisOf[0] == 0 && axisOf[1] == 1 && axisOf[2] == 2 && !flip[0] && !flip[1] && !flip[2];
    }

    /**
     * Reorders source voxels into the canonical grid.
     *
     * @param values source values, {@code i} fastest
     * @return canonical values, {@code i} fastest
     */
    public float[] toCanonical(float[] values) {
        float[] out = new float[values.length];
        int[] map = sourceIndexOfCanonical();
        for (int n = 0; n < out.length; n++) {
            out[n] = values[map[n]];
        }
        return out;
    }

    /**
     * Reorders canonical labels back onto the source grid.
     *
     * @param labels canonical labels, {@code i} fastest
     * @return source labels, {@code i} fastest
     */
    public short[] fromCanonical(short[] labels) {
        short[] out = new short[labels.length];
        int[] map = sourceIndexOfCanonical();
        for (int n = 0; n < labels.length; n++) {
            out[map[n]] = labels[n];
        }
        return out;
    }

    private int[] sourceIndexOfCanonical() {
        int[] size = {source.nx(), source.ny(), source.nz()};
        int[] csize = {canonical.nx(), canonical.ny(), canonical.nz()};
        int[] map = new int[(int) source.voxelCount()];
        int[] o = new int[3];
        int n = 0;
        for (int c2 = 0; c2 < csize[2]; c2++) {
            for (int c1 = 0; c1 < csize[1]; c1++) {
                for (int c0 = 0; c0 < csize[0]; c0++) {
                    int[] c = {c0, c1, c2};
                    for (int r = 0; r < 3; r++) {
                        o[axisOf[r]] = flip[r] ? csize[r] - 1 - c[r] : c[r];
                    }
                    map[n++] = o[0] + size[0] * (o[1] + size[1] * o[2]);
                }
            }
        }
        return map;
    }
}
