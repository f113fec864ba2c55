package io.phototriage.models.ct;

/**
 * The fields of a NIfTI-1 header that this library reads and writes (the 348-byte header of the NIfTI-1 standard,
 * nifti1.h). Sizes are the first three {@code dim} entries; higher dimensions must be 1.
 *
 * @param littleEndian whether the file is little-endian (detected from {@code sizeof_hdr})
 * @param nx           dim[1]
 * @param ny           dim[2]
 * @param nz           dim[3]
 * @param datatype     NIfTI datatype code (2 uint8, 4 int16, 8 int32, 16 float32, 64 float64, 256 int8, 512 uint16,
 *                     768 uint32)
 * @param bitpix       bits per voxel
 * @param pixdim       pixdim[0..7] (pixdim[0] is qfac)
 * @param voxOffset    byte offset of the voxel data in a {@code .nii} file
 * @param sclSlope     data scaling slope (0 or NaN: no scaling)
 * @param sclInter     data scaling intercept
 * @param qformCode    qform_code
 * @param sformCode    sform_code
 * @param quatern      quatern_b, quatern_c, quatern_d, qoffset_x, qoffset_y, qoffset_z
 * @param srow         srow_x, srow_y, srow_z (12 values)
 */
public record NiftiHeader(boolean littleEndian, int nx, int ny, int nz, int datatype, int bitpix, float[] pixdim,
                          float voxOffset, float sclSlope, float sclInter, int qformCode, int sformCode, float[] quatern,
                          float[] srow) {
    /** Size of a NIfTI-1 header in bytes. */
    public static final int SIZE = 348;
    /** NIfTI datatype code: unsigned 8-bit. */
    public static final int UINT8 = 2;
    /** NIfTI datatype code: signed 16-bit. */
    public static final int INT16 = 4;
    /** NIfTI datatype code: signed 32-bit. */
    public static final int INT32 = 8;
    /** NIfTI datatype code: 32-bit float. */
    public static final int FLOAT32 = 16;
    /** NIfTI datatype code: 64-bit float. */
    public static final int FLOAT64 = 64;
    /** NIfTI datatype code: signed 8-bit. */
    public static final int INT8 = 256;
    /** NIfTI datatype code: unsigned 16-bit. */
    public static final int UINT16 = 512;
    /** NIfTI datatype code: unsigned 32-bit. */
    public static final int UINT32 = 768;

    /**
     * Copies the arrays.
     *
     * @param littleEndian whether the file is little-endian (detected from {@code sizeof_hdr})
     * @param nx dim[1]
     * @param ny dim[2]
     * @param nz dim[3]
     * @param datatype NIfTI datatype code (2 uint8, 4 int16, 8 int32, 16 float32, 64 float64, 256 int8, 512 uint16, 768 uint32)
     * @param bitpix bits per voxel
     * @param pixdim pixdim[0..7] (pixdim[0] is qfac)
     * @param voxOffset byte offset of the voxel data in a {@code .nii} file
     * @param sclSlope data scaling slope (0 or NaN: no scaling)
     * @param sclInter data scaling intercept
     * @param qformCode qform_code
     * @param sformCode sform_code
     * @param quatern quatern_b, quatern_c, quatern_d, qoffset_x, qoffset_y, qoffset_z
     * @param srow srow_x, srow_y, srow_z (12 values)
     */
    public NiftiHeader {
        pixdim = pixdim.clone();
        quatern = quatern.clone();
        srow = srow.clone();
    }

    /**
     * Bytes per voxel of a datatype.
     *
     * @param datatype the NIfTI code
     * @return bytes per voxel, or 0 for a type this reader does not support
     */
    public static int bytesPerVoxel(int datatype) {
        return switch (datatype) {
            case UINT8, INT8 -> 1;
            case INT16, UINT16 -> 2;
            case INT32, UINT32, FLOAT32 -> 4;
            case FLOAT64 -> 8;
            default -> 0;
        };
    }

    /**
     * Whether voxel values are scaled ({@code value * scl_slope + scl_inter}), by nibabel's rule: a slope that is 0
     * or not finite means no scaling, and so does slope 1 with intercept 0.
     *
     * @return true if the stored values must be scaled
     */
    public boolean scaled() {
        if (sclSlope == 0 || !Float.isFinite(sclSlope)) {
            return false;
        }
        float inter = Float.isFinite(sclInter) ? sclInter : 0f;
        return sclSlope != 1f || inter != 0f;
    }

    /**
     * The voxel-to-RAS affine, chosen as nibabel's {@code get_best_affine} chooses it: the sform if its code is
     * positive, else the qform if its code is positive, else a diagonal of the pixdims centred on the volume (nibabel's
     * base affine, x flipped).
     *
     * @return the grid with this affine
     */
    public VolumeGeometry geometry() {
        double[] a;
        if (sformCode > 0) {
            a = new double[16];
            for (int n = 0; n < 12; n++) {
                a[n] = srow[n];
            }
            a[15] = 1;
        } else if (qformCode > 0) {
            a = qformAffine();
        } else {
            double[] zooms = {pixdim[1], pixdim[2], pixdim[3]};
            a = new double[] {
                -zooms[0], 0, 0, (nx - 1) / 2.0 * zooms[0],
                0, zooms[1], 0, -(ny - 1) / 2.0 * zooms[1],
                0, 0, zooms[2], -(nz - 1) / 2.0 * zooms[2],
                0, 0, 0, 1};
        }
        return new VolumeGeometry(nx, ny, nz, a);
    }

    /**
     * The qform affine (from the quaternion, qfac and pixdims), as nifti1.h defines it.
     *
     * @return 16 values, row-major
     */
    public double[] qformAffine() {
        double b = quatern[0], c = quatern[1], d = quatern[2];
        double aa = 1.0 - (b * b + c * c + d * d);
        double a = aa < 1e-7 ? 0.0 : Math.sqrt(aa);  // nibabel treats a tiny negative as 0
        double[][] r = {
            {a * a + b * b - c * c - d * d, 2 * b * c - 2 * a * d, 2 * b * d + 2 * a * c},
            {2 * b * c + 2 * a * d, a * a + c * c - b * b - d * d, 2 * c * d - 2 * a * b},
            {2 * b * d - 2 * a * c, 2 * c * d + 2 * a * b, a * a + d * d - c * c - b * b}};
        double qfac = pixdim[0] < 0 ? -1 : 1;
        double[] zooms = {pixdim[1], pixdim[2], pixdim[3] * qfac};
        double[] out = new double[16];
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) {
                out[row * 4 + col] = r[row][col] * zooms[col];
            }
            out[row * 4 + 3] = quatern[3 + row];
        }
        out[15] = 1;
        return out;
    }
}
