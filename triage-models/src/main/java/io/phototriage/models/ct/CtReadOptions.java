package io.phototriage.models.ct;

/**
 * How an input volume is read.
 *
 * @param seriesUid   the DICOM series to read, or null for the series with the most slices
 * @param voxelBudget the most voxels a volume may have; a larger one is refused before its pixels are decoded
 */
public record CtReadOptions(String seriesUid, long voxelBudget) {
    /** The default voxel budget: 200 million voxels (800 MB as float), e.g. 512 × 512 × 760 slices. */
    public static final long DEFAULT_VOXEL_BUDGET = 200_000_000L;

    /**
     * Validates the budget.
     *
     * @param seriesUid the DICOM series to read, or null for the series with the most slices
     * @param voxelBudget the most voxels a volume may have; a larger one is refused before its pixels are decoded
     * @throws IllegalArgumentException if the budget is not positive
     */
    public CtReadOptions {
        if (voxelBudget <= 0) {
            throw new IllegalArgumentException("the voxel budget must be positive: " + voxelBudget);
        }
        if (seriesUid != null && seriesUid.isBlank()) {
            seriesUid = null;
        }
    }

    /**
     * The largest series, the default budget.
     *
     * @return the defaults
     */
    public static CtReadOptions defaults() {
        return new CtReadOptions(null, DEFAULT_VOXEL_BUDGET);
    }

    /**
     * The same options for another series.
     *
     * @param uid the SeriesInstanceUID to read
     * @return new options
     */
    public CtReadOptions withSeries(String uid) {
        return new CtReadOptions(uid, voxelBudget);
    }

    /**
     * The same options with another budget.
     *
     * @param voxels the most voxels accepted
     * @return new options
     */
    public CtReadOptions withVoxelBudget(long voxels) {
        return new CtReadOptions(seriesUid, voxels);
    }
}
