package io.phototriage.models.ct;

import java.util.Objects;
import java.util.TreeMap;
import java.util.SortedMap;

/**
 * A label map on a grid: one class id per voxel (0 = background), e.g. a TotalSegmentator segmentation.
 *
 * <p>Labels are stored as {@code short} (0..32767) with {@code i} fastest; the array is owned by this object and not
 * copied by {@link #data()}: treat it as read-only.
 *
 * @param geometry the voxel grid and its RAS affine
 * @param labels   one label per voxel
 */
public record LabelVolume(VolumeGeometry geometry, short[] labels) {
    /**
     * Checks that the data fits the grid and holds no negative label.
     *
     * @param geometry the voxel grid and its RAS affine
     * @param labels one label per voxel
     * @throws IllegalArgumentException if the array length is not the grid's voxel count or a label is negative
     */
    public LabelVolume {
        Objects.requireNonNull(geometry, "geometry");
        Objects.requireNonNull(labels, "labels");
        if (labels.length != geometry.voxelCount()) {
            throw new IllegalArgumentException(labels.length + " labels for a grid of " + geometry.voxelCount() + " voxels");
        }
        for (short l : labels) {
            if (l < 0) {
                throw new IllegalArgumentException("negative label " + l);
            }
        }
    }

    /**
     * The labels, not copied: do not modify.
     *
     * @return the label array, {@code i} fastest
     */
    public short[] data() {
        return labels;
    }

    /**
     * The label at a voxel.
     *
     * @param i along i
     * @param j along j
     * @param k along k
     * @return the class id
     */
    public int at(int i, int j, int k) {
        return labels[geometry.index(i, j, k)];
    }

    /**
     * How many voxels carry each non-zero label.
     *
     * @return label → voxel count, ascending by label, background left out
     */
    public SortedMap<Integer, Long> counts() {
        long[] counts = new long[Short.MAX_VALUE + 1];
        for (short l : labels) {
            counts[l]++;
        }
        SortedMap<Integer, Long> out = new TreeMap<>();
        for (int l = 1; l < counts.length; l++) {
            if (counts[l] > 0) {
                out.put(l, counts[l]);
            }
        }
        return out;
    }

    /**
     * The largest label value.
     *
     * @return the maximum label, 0 if all background
     */
    public int maxLabel() {
        int max = 0;
        for (short l : labels) {
            max = Math.max(max, l);
        }
        return max;
    }
}
