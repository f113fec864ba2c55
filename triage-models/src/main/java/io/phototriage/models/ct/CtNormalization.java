package io.phototriage.models.ct;

/**
 * nnU-Net's CT intensity normalisation ({@code CTNormalization}): clip Hounsfield units to the training foreground's
 * 0.5 and 99.5 percentiles, subtract the foreground mean and divide by its standard deviation. The four numbers come
 * from the model's plans (its manifest).
 *
 * @param clipLow  lower clip, HU (percentile_00_5)
 * @param clipHigh upper clip, HU (percentile_99_5)
 * @param mean     foreground mean, HU
 * @param std      foreground standard deviation, HU
 */
public record CtNormalization(double clipLow, double clipHigh, double mean, double std) {
    /**
     * Validates the numbers.
     *
     * @param clipLow lower clip, HU (percentile_00_5)
     * @param clipHigh upper clip, HU (percentile_99_5)
     * @param mean foreground mean, HU
     * @param std foreground standard deviation, HU
     * @throws IllegalArgumentException if the clip range is empty or a number is not finite
     */
    public CtNormalization {
        if (!Double.isFinite(clipLow) || !Double.isFinite(clipHigh) || !Double.isFinite(mean) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("normalisation numbers must be finite");
        }
        if (clipHigh < clipLow) {
            throw new IllegalArgumentException("clip range " + clipLow + ".." + clipHigh + " is empty");
        }
    }

    /**
     * Normalises a volume.
     *
     * @param hu Hounsfield units
     * @return a new array: {@code (clip(hu) - mean) / max(std, 1e-8)}
     */
    public float[] apply(float[] hu) {
        float[] out = new float[hu.length];
        double s = Math.max(std, 1e-8);
        for (int n = 0; n < hu.length; n++) {
            double v = Math.min(clipHigh, Math.max(clipLow, hu[n]));
            out[n] = (float) ((v - mean) / s);
        }
        return out;
    }
}
