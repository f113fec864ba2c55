package io.phototriage.models.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Euler (trailing spacing) against diffusers' formulas; reference sigmas from numpy float64. Timesteps: {@link DiffusionSchedulerTest}. */
class EulerTurboSchedulerTest {
    private static final SchedulerConfig TURBO = SchedulerConfig.eulerTurboDefaults();

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
