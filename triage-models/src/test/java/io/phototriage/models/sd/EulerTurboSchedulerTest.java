package io.phototriage.models.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Euler (trailing spacing) against diffusers' formulas; reference sigmas from numpy float64. */
class EulerTurboSchedulerTest {
    private static final SchedulerConfig TURBO = SchedulerConfig.eulerTurboDefaults();

    @ParameterizedTest(name = "{0} steps at strength {1}: {2}")
    @CsvSource(delimiter = ';', value = {
        "4; 1.0; 999 749 499 249",
        "4; 0.5; 499 249",
        "2; 0.5; 499",
        "1; 1.0; 999",
        "3; 1.0; 999 666 332",
    })
    void timestepsAreTrailingAndImg2ImgKeepsTheLastStrengthShare(int steps, double strength, String expected) {
        int[] want = Arrays.stream(expected.split(" ")).mapToInt(Integer::parseInt).toArray();
        assertThat(DiffusionScheduler.create(TURBO, steps, strength).timesteps()).containsExactly(want);
    }

    @ParameterizedTest(name = "sigma[{0}] = {1}")
    @CsvSource({"999, 14.614641229333639", "749, 4.081729363724308", "499, 1.612886194303876", "249, 0.6932048996386885"})
    void sigmasAreSqrtOfOneMinusAlphaOverAlpha(int t, double sigma) {
        assertThat(EulerTurboScheduler.sigma(TURBO.alphasCumprod()[t])).isCloseTo(sigma, within(1e-12));
    }

    @ParameterizedTest
    @CsvSource({"4, 0.2", "1, 0.5"})
    void lessThanOneStepAfterStrengthIsAnError(int steps, double strength) {
        assertThatThrownBy(() -> DiffusionScheduler.create(TURBO, steps, strength))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steps * strength");
    }
}
