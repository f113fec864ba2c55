package io.phototriage.models.ct;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Overlap and volume of a predicted label map against a reference on the same grid, per label: the Dice coefficient
 * {@code 2|P∩R| / (|P| + |R|)} and the volumes in millilitres. Labels present in either map are reported (a label in
 * only one of them has Dice 0); background (0) is left out.
 *
 * @param dice     label → Dice coefficient
 * @param volumes  label → the predicted and reference volume
 * @param voxelMl  millilitres per voxel
 */
public record SegmentationMetrics(SortedMap<Integer, Double> dice, SortedMap<Integer, LabelVolumes> volumes,
                                  double voxelMl) {
    /** The grid tolerance (largest affine difference, mm) for two maps to count as on the same grid. */
    public static final double GRID_TOLERANCE_MM = 1e-3;

    /**
     * Makes the maps read-only.
     *
     * @param dice label → Dice coefficient
     * @param volumes label → the predicted and reference volume
     * @param voxelMl millilitres per voxel
     */
    public SegmentationMetrics {
        dice = Collections.unmodifiableSortedMap(new TreeMap<>(dice));
        volumes = Collections.unmodifiableSortedMap(new TreeMap<>(volumes));
    }

    /**
     * The volumes of one label.
     *
     * @param predictionMl the predicted volume, millilitres
     * @param referenceMl  the reference volume, millilitres
     */
    public record LabelVolumes(double predictionMl, double referenceMl) {
        /**
         * Predicted minus reference.
         *
         * @return millilitres (negative: the prediction is smaller)
         */
        public double differenceMl() {
            return predictionMl - referenceMl;
        }
    }

    /**
     * Compares two label maps voxel by voxel.
     *
     * @param prediction the predicted labels
     * @param reference  the reference labels, on the same grid
     * @return Dice and volumes per label
     * @throws IllegalArgumentException if the grids differ (size, or affine by more than {@link #GRID_TOLERANCE_MM})
     */
    public static SegmentationMetrics compare(LabelVolume prediction, LabelVolume reference) {
        if (!prediction.geometry().sameGrid(reference.geometry(), GRID_TOLERANCE_MM)) {
            throw new IllegalArgumentException("the prediction (" + prediction.geometry() + ") and the reference ("
                    + reference.geometry() + ") are not on the same grid; resample one onto the other first");
        }
        int size = Math.max(prediction.maxLabel(), reference.maxLabel()) + 1;
        long[] inter = new long[size];
        long[] p = new long[size];
        long[] r = new long[size];
        short[] a = prediction.labels();
        short[] b = reference.labels();
        for (int n = 0; n < a.length; n++) {
            p[a[n]]++;
            r[b[n]]++;
            if (a[n] == b[n]) {
                inter[a[n]]++;
            }
        }
        double voxelMl = reference.geometry().voxelVolumeMm3() / 1000.0;
        SortedMap<Integer, Double> dice = new TreeMap<>();
        SortedMap<Integer, LabelVolumes> volumes = new TreeMap<>();
        for (int label = 1; label < size; label++) {
            if (p[label] + r[label] == 0) {
                continue;
            }
            dice.put(label, 2.0 * inter[label] / (p[label] + r[label]));
            volumes.put(label, new LabelVolumes(p[label] * voxelMl, r[label] * voxelMl));
        }
        return new SegmentationMetrics(dice, volumes, voxelMl);
    }
}
