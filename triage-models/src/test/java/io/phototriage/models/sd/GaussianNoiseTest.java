package io.phototriage.models.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaussianNoiseTest {
    @Test
    void sameSeedGivesTheSameNoiseAndAnotherSeedDifferentNoise() {
        assertThat(new GaussianNoise(42).next(100)).containsExactly(new GaussianNoise(42).next(100));
        assertThat(new GaussianNoise(42).next(100)).isNotEqualTo(new GaussianNoise(43).next(100));
    }

    @Test
    void noiseIsStandardNormal() {
        float[] z = new GaussianNoise(7).next(200_000);
        double sum = 0;
        double sumSq = 0;
        int beyondTwo = 0;
        for (float v : z) {
            sum += v;
            sumSq += v * v;
            beyondTwo += Math.abs(v) > 2 ? 1 : 0;
        }
        double mean = sum / z.length;
        // 200k samples: the standard error of the mean is 0.0022, of the variance 0.0032; 5 sigma bounds.
        assertThat(mean).isCloseTo(0.0, within(0.012));
        assertThat(sumSq / z.length - mean * mean).isCloseTo(1.0, within(0.016));
        // P(|z| > 2) = 0.0455 for a standard normal.
        assertThat((double) beyondTwo / z.length).isCloseTo(0.0455, within(0.003));
    }
}
