package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.phototriage.core.testing.NumberList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.converter.ConvertWith;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@link LatencyStats#percentile} against a table computed by hand (and equal to numpy.percentile's default, linear). */
class LatencyStatsTest {

    @ParameterizedTest(name = "{0} q={1} -> {2}")
    @CsvSource(delimiter = ';', value = {
        // values (ascending); q; expected: position = q * (n - 1), interpolate between floor and ceil
        "10; 0.50; 10",
        "10; 0.95; 10",
        "1 2; 0.50; 1.5",
        "1 2; 0.95; 1.95",
        "1 2 3 4; 0.50; 2.5",
        "1 2 3 4; 0.95; 3.85",
        "10 20 30 40 50; 0.50; 30",
        "10 20 30 40 50; 0.95; 48",
        "0 100; 0.25; 25",
        "5 5 5 9; 0.00; 5",
        "5 5 5 9; 1.00; 9",
        "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; 0.95; 19",
    })
    void percentileInterpolatesLinearlyBetweenTheNearestRanks(@ConvertWith(NumberList.class) double[] sorted, double q,
            double expected) {
        assertThat(LatencyStats.percentile(sorted, q)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void statsSortTheirInputAndAverageIt() {
        LatencyStats s = LatencyStats.of(List.of(3.0, 1.0, 2.0));
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.p50()).isEqualTo(2.0);
        assertThat(s.p95()).isCloseTo(2.9, within(1e-12)); // position 1.9: 2 + 0.9 * (3 - 2)
        assertThat(s.mean()).isEqualTo(2.0);
        LatencyStats none = LatencyStats.of(List.of());
        assertThat(none.count()).isZero();
        assertThat(none.p50()).isNaN();
    }
}
