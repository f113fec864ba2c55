package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link LatencyStats} against numpy's default (linear) percentile, worked out by hand. */
class LatencyStatsTest {
    private static final double[] TEN = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

    @ParameterizedTest(name = "q {0} of 1..10 = {1}")
    @CsvSource({
        // numpy.percentile([1..10], 100 q): position q * 9 between ranks, interpolated linearly.
        "0.0,  1.0",
        "0.5,  5.5",   // position 4.5: 5 + 0.5 * (6 - 5)
        "0.95, 9.55",  // position 8.55: 9 + 0.55 * (10 - 9)
        "1.0,  10.0",
    })
    void percentileInterpolatesLinearlyBetweenTheTwoNearestRanks(double q, double expected) {
        assertThat(LatencyStats.percentile(TEN, q)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void statsOfUnsortedDurationsSortThemFirst() {
        LatencyStats s = LatencyStats.of(List.of(30.0, 10.0, 20.0, 40.0));

        // Sorted 10 20 30 40: p50 at position 1.5 = 25; p95 at 2.85 = 30 + 0.85 * 10 = 38.5; mean 25.
        assertThat(s.count()).isEqualTo(4);
        assertThat(s.p50()).isCloseTo(25.0, within(1e-12));
        assertThat(s.p95()).isCloseTo(38.5, within(1e-12));
        assertThat(s.mean()).isCloseTo(25.0, within(1e-12));
    }

    @Test
    void oneDurationIsEveryPercentileAndNoneGivesNaN() {
        LatencyStats one = LatencyStats.of(List.of(7.0));
        assertThat(one.p50()).isEqualTo(7.0);
        assertThat(one.p95()).isEqualTo(7.0);

        LatencyStats none = LatencyStats.of(List.of());
        assertThat(none.count()).isZero();
        assertThat(none.p50()).isNaN();
        assertThat(none.p95()).isNaN();
        assertThat(none.mean()).isNaN();
    }
}
