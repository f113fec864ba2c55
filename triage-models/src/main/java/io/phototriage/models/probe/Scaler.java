package io.phototriage.models.probe;

import java.util.Objects;

/**
 * The feature scaling of a {@link LinearProbe}: the method and the statistics it needs.
 *
 * @param method       how features are scaled
 * @param mean         per-feature training means ({@link FeatureScaling#STANDARDIZE} only, else null)
 * @param std          per-feature training standard deviations, all positive ({@link FeatureScaling#STANDARDIZE}
 *                     only, else null)
 * @param unscaledTail how many trailing features pass unchanged ({@link FeatureScaling#L2_NORMALIZE_HEAD} only, else 0)
 */
record Scaler(FeatureScaling method, double[] mean, double[] std, int unscaledTail) {
    Scaler {
        Objects.requireNonNull(method, "method");
        if (method == FeatureScaling.STANDARDIZE && (mean == null || std == null || mean.length != std.length)) {
            throw new IllegalArgumentException("standardising needs a mean and a std per feature");
        }
        if (unscaledTail < 0 || (unscaledTail > 0 && method != FeatureScaling.L2_NORMALIZE_HEAD)) {
            throw new IllegalArgumentException("unscaledTail " + unscaledTail + " goes with L2_NORMALIZE_HEAD only");
        }
    }

    /** Fits the statistics of {@code method} on the rows of {@code x} (the mean and population std per feature). */
    static Scaler fit(FeatureScaling method, int unscaledTail, double[][] x) {
        if (method != FeatureScaling.STANDARDIZE) {
            return new Scaler(method, null, null, method == FeatureScaling.L2_NORMALIZE_HEAD ? unscaledTail : 0);
        }
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        double[] std = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                double c = row[j] - mean[j];
                std[j] += c * c;
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j] / n);
            if (!(std[j] > 1e-12)) {
                std[j] = 1;
            }
        }
        return new Scaler(method, mean, std, 0);
    }

    /** The scaled copy of {@code x}. */
    double[] apply(double[] x) {
        double[] z = new double[x.length];
        switch (method) {
            case STANDARDIZE -> {
                for (int j = 0; j < x.length; j++) {
                    z[j] = (x[j] - mean[j]) / std[j];
                }
            }
            case L2_NORMALIZE -> normalize(x, z, x.length);
            case L2_NORMALIZE_HEAD -> {
                int head = x.length - unscaledTail;
                if (head < 1) {
                    throw new IllegalArgumentException(x.length + " features leave no head to normalise before the "
                            + unscaledTail + " unscaled ones");
                }
                normalize(x, z, head);
                System.arraycopy(x, head, z, head, unscaledTail);
            }
            default -> throw new IllegalStateException("unknown scaling " + method);
        }
        return z;
    }

    private static void normalize(double[] x, double[] z, int length) {
        double sq = 0;
        for (int j = 0; j < length; j++) {
            sq += x[j] * x[j];
        }
        double norm = Math.sqrt(sq);
        if (norm > 0) {
            for (int j = 0; j < length; j++) {
                z[j] = x[j] / norm;
            }
        }
    }
}
