package io.phototriage.examples;

import java.util.Arrays;
import java.util.List;

/**
 * Latency percentiles of one stage, in milliseconds, interpolated linearly between the two nearest ranks (numpy's
 * default {@code percentile}).
 *
 * @param count how many calls were timed
 * @param p50   the median
 * @param p95   the 95th percentile
 * @param mean  the mean
 */
record LatencyStats(int count, double p50, double p95, double mean) {
    /** The statistics of these durations; {@code NaN} values when there are none. */
    static LatencyStats of(List<Double> millis) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return new LatencyStats(0, Double.NaN, Double.NaN, Double.NaN);
        }
        return new LatencyStats(sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.95),
                Arrays.stream(sorted).average().orElseThrow());
    }

    /** The {@code q}-quantile of ascending {@code sorted} values, by linear interpolation. */
    static double percentile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        double fraction = position - lower;
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;
    }
}
