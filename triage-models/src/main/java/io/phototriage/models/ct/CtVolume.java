package io.phototriage.models.ct;

import java.util.List;
import java.util.Objects;

/**
 * A CT volume in Hounsfield units on its grid, with where it came from.
 *
 * <p>The values are stored as {@code float} with {@code i} fastest ({@link VolumeGeometry#index}); the array is owned
 * by this object and not copied on access ({@link #data()}): treat it as read-only.
 *
 * @param geometry the voxel grid and its RAS affine
 * @param hu       one value per voxel, in Hounsfield units (the modality LUT already applied)
 * @param source   where it was read from: the series UID for DICOM, the file name for NIfTI
 * @param notes    what the reader skipped or noticed (non-DICOM files, localizers, other series), for the report
 */
public record CtVolume(VolumeGeometry geometry, float[] hu, String source, List<String> notes) {
    /**
     * Checks that the data fits the grid.
     *
     * @param geometry the voxel grid and its RAS affine
     * @param hu one value per voxel, in Hounsfield units (the modality LUT already applied)
     * @param source where it was read from: the series UID for DICOM, the file name for NIfTI
     * @param notes what the reader skipped or noticed (non-DICOM files, localizers, other series), for the report
     * @throws IllegalArgumentException if the array length is not the grid's voxel count
     */
    public CtVolume {
        Objects.requireNonNull(geometry, "geometry");
        Objects.requireNonNull(hu, "hu");
        if (hu.length != geometry.voxelCount()) {
            throw new IllegalArgumentException(hu.length + " values for a grid of " + geometry.voxelCount() + " voxels");
        }
        source = source == null ? "" : source;
        notes = List.copyOf(notes == null ? List.of() : notes);
    }

    /**
     * The value at a voxel.
     *
     * @param i along i
     * @param j along j
     * @param k along k
     * @return Hounsfield units
     */
    public float at(int i, int j, int k) {
        return hu[geometry.index(i, j, k)];
    }

    /**
     * The values, not copied: do not modify.
     *
     * @return the value array, {@code i} fastest
     */
    public float[] data() {
        return hu;
    }
}
