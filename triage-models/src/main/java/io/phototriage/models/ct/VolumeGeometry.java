package io.phototriage.models.ct;

import java.util.Arrays;
import java.util.Objects;

/**
 * The voxel grid of a volume: its size in voxels and the NIfTI affine that maps a voxel index {@code (i, j, k)} to a
 * position in millimetres in RAS+ patient space, nibabel's convention: +x towards the patient's right, +y anterior,
 * +z superior, i.e. DICOM's LPS with x and y negated. Exactly: {@code (x, y, z, 1) = A (i, j, k, 1)}.
 *
 * <p>Voxels are stored with {@code i} fastest: index {@code i + nx * (j + ny * k)} (NIfTI's on-disk order).
 *
 * @param nx     voxels along i
 * @param ny     voxels along j
 * @param nz     voxels along k
 * @param affine the 4×4 voxel-to-RAS affine, row-major (16 values, last row 0 0 0 1)
 */
public record VolumeGeometry(int nx, int ny, int nz, double[] affine) {
    /**
     * Validates the sizes and copies the affine.
     *
     * @param nx voxels along i
     * @param ny voxels along j
     * @param nz voxels along k
     * @param affine the 4×4 voxel-to-RAS affine, row-major (16 values, last row 0 0 0 1)
     * @throws IllegalArgumentException if a size is not positive, the affine has not 16 finite values, or its last
     *                                  row is not 0 0 0 1
     */
    public VolumeGeometry {
        if (nx <= 0 || ny <= 0 || nz <= 0) {
            throw new IllegalArgumentException("volume size must be positive: " + nx + "x" + ny + "x" + nz);
        }
        Objects.requireNonNull(affine, "affine");
        if (affine.length != 16) {
            throw new IllegalArgumentException("the affine needs 16 values (4x4 row-major), got " + affine.length);
        }
        for (double v : affine) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("the affine has a non-finite value: " + Arrays.toString(affine));
            }
        }
        if (affine[12] != 0 || affine[13] != 0 || affine[14] != 0 || affine[15] != 1) {
            throw new IllegalArgumentException("the affine's last row must be 0 0 0 1: " + Arrays.toString(affine));
        }
        affine = affine.clone();
    }

    /**
     * A grid whose axes are RAS-aligned with the given spacing and origin (the centre of voxel 0).
     *
     * @param nx      voxels along i
     * @param ny      voxels along j
     * @param nz      voxels along k
     * @param spacing millimetres between voxel centres along i, j, k
     * @param origin  RAS position of voxel (0, 0, 0)
     * @return the grid
     */
    public static VolumeGeometry axisAligned(int nx, int ny, int nz, double[] spacing, double[] origin) {
        return new VolumeGeometry(nx, ny, nz, new double[] {
            spacing[0], 0, 0, origin[0],
            0, spacing[1], 0, origin[1],
            0, 0, spacing[2], origin[2],
            0, 0, 0, 1});
    }

    /**
     * The affine (a copy).
     *
     * @return 16 values, row-major
     */
    @Override
    public double[] affine() {
        return affine.clone();
    }

    /**
     * One affine entry.
     *
     * @param row    0..3
     * @param column 0..3
     * @return the value
     */
    public double affine(int row, int column) {
        return affine[row * 4 + column];
    }

    /**
     * The number of voxels.
     *
     * @return nx · ny · nz
     */
    public long voxelCount() {
        return (long) nx * ny * nz;
    }

    /**
     * The voxel spacing: the length of each of the affine's first three columns.
     *
     * @return millimetres between voxel centres along i, j, k
     */
    public double[] spacing() {
        double[] s = new double[3];
        for (int c = 0; c < 3; c++) {
            double a = affine[c], b = affine[4 + c], d = affine[8 + c];
            s[c] = Math.sqrt(a * a + b * b + d * d);
        }
        return s;
    }

    /**
     * The volume of one voxel.
     *
     * @return cubic millimetres (the absolute determinant of the affine's 3×3 part)
     */
    public double voxelVolumeMm3() {
        double[] m = affine;
        double det = m[0] * (m[5] * m[10] - m[6] * m[9]) - m[1] * (m[4] * m[10] - m[6] * m[8])
                + m[2] * (m[4] * m[9] - m[5] * m[8]);
        return Math.abs(det);
    }

    /**
     * The RAS position of a voxel centre.
     *
     * @param i voxel index along i (may be fractional)
     * @param j voxel index along j
     * @param k voxel index along k
     * @return x, y, z in millimetres
     */
    public double[] toRas(double i, double j, double k) {
        double[] p = new double[3];
        for (int r = 0; r < 3; r++) {
            p[r] = affine[r * 4] * i + affine[r * 4 + 1] * j + affine[r * 4 + 2] * k + affine[r * 4 + 3];
        }
        return p;
    }

    /**
     * Whether {@code other} is the same grid: the same size and affines equal within {@code toleranceMm}.
     *
     * @param other       another grid
     * @param toleranceMm the largest allowed difference of any affine entry
     * @return true if both describe the same voxels
     */
    public boolean sameGrid(VolumeGeometry other, double toleranceMm) {
        if (nx != other.nx || ny != other.ny || nz != other.nz) {
            return false;
        }
        for (int n = 0; n < 16; n++) {
            if (Math.abs(affine[n] - other.affine[n]) > toleranceMm) {
                return false;
            }
        }
        return true;
    }

    /**
     * The linear index of a voxel.
     *
     * @param i along i
     * @param j along j
     * @param k along k
     * @return {@code i + nx * (j + ny * k)}
     */
    public int index(int i, int j, int k) {
        return i + nx * (j + ny * k);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VolumeGeometry g && nx == g.nx && ny == g.ny && nz == g.nz && Arrays.equals(affine, g.affine);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nx, ny, nz, Arrays.hashCode(affine));
    }

    @Override
    public String toString() {
        double[] s = spacing();
        return nx + "x" + ny + "x" + nz + String.format(java.util.Locale.ROOT, " voxels of %.4gx%.4gx%.4g mm", s[0], s[1], s[2]);
    }
}
