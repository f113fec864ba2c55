package io.phototriage.models.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The LCM schedule against the published formulas. Reference values were computed in numpy float64 from the
 * formulas (the same code that writes golden/sd/scheduler.json, tools/export/phototriage_export/stable_diffusion.py
 * {@code lcm_reference}); {@link SdGoldenParityTest#scheduleMatchesTheNumpyReference()} checks the full tables, {@link DiffusionSchedulerTest}
 * the timesteps.
 */
class LcmSchedulerTest {
    private static final SchedulerConfig LCM = SchedulerConfig.lcmDefaults();

    @ParameterizedTest(name = "alphas_cumprod[{0}] = {1}")
    @CsvSource({
        "0, 0.99915",
        "19, 0.9822439910955454",
        "259, 0.658975526890813",
        "499, 0.27766965045646763",
        "759, 0.05221292829431006",
        "999, 0.004660098513077238",
    })
    void alphasCumprodFollowTheScaledLinearBetaSchedule(int t, double expected) {
        assertThat(LCM.alphasCumprod()[t]).isCloseTo(expected, within(1e-12));
    }

    @ParameterizedTest(name = "t={0}: c_skip {1}, c_out {2}")
    @CsvSource({
        "0, 1.0, 0.0",
        "19, 6.92515979806234e-06, 0.9999965374141062",
        "259, 3.726837564778493e-08, 0.999999981365812",
        "999, 2.5050075037374525e-09, 0.9999999987474963",
    })
    void boundaryConditionsMatchTheConsistencyModelParameterisation(int t, double cSkip, double cOut) {
        LcmScheduler.BoundaryScalings c = LcmScheduler.boundaryScalings(LCM, t);
        assertThat(c.cSkip()).isCloseTo(cSkip, within(1e-15));
        assertThat(c.cOut()).isCloseTo(cOut, within(1e-15));
    }

    @Test
    void boundaryConditionsMakeTheModelTheIdentityAtTimestepZero() {
        LcmScheduler.BoundaryScalings c = LcmScheduler.boundaryScalings(LCM, 0);
        assertThat(c.cSkip()).isEqualTo(1.0);
        assertThat(c.cOut()).isEqualTo(0.0);
    }

    @ParameterizedTest(name = "{0} steps at strength {1}")
    @CsvSource({"4, 0.05", "8, 0.1", "51, 1.0", "0, 1.0"})
    void tooFewTimestepsForTheStepsIsAnError(int steps, double strength) {
        assertThatThrownBy(() -> LcmScheduler.timesteps(LCM, steps, strength)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step");
    }

    @ParameterizedTest
    @CsvSource({"0.0", "-0.1", "1.01", "NaN"})
    void strengthOutsideZeroToOneIsAnError(double strength) {
        assertThatThrownBy(() -> LcmScheduler.timesteps(LCM, 4, strength)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strength");
    }

    @Test
    void addNoiseMixesLatentAndNoiseByTheFirstTimestepsAlpha() {
        DiffusionScheduler s = DiffusionScheduler.create(LCM, 4, 0.5);
        double a = LCM.alphasCumprod()[499];
        float[] noisy = s.addNoise(new float[] {1f, 0f}, new float[] {0f, 1f});
        assertThat(noisy[0]).isCloseTo((float) Math.sqrt(a), within(1e-7f));
        assertThat(noisy[1]).isCloseTo((float) Math.sqrt(1 - a), within(1e-7f));
    }

    @Test
    void lastStepReturnsTheDenoisedLatentWithoutFreshNoise() {
        DiffusionScheduler s = DiffusionScheduler.create(LCM, 1, 1.0);
        double a = LCM.alphasCumprod()[999];
        LcmScheduler.BoundaryScalings c = LcmScheduler.boundaryScalings(LCM, 999);
        float[] sample = {0.3f};
        float[] eps = {-1.2f};
        double x0 = (0.3 - Math.sqrt(1 - a) * -1.2) / Math.sqrt(a);
        float[] out = s.step(eps, 0, sample, new GaussianNoise(1));
        assertThat(out[0]).isCloseTo((float) (c.cOut() * x0 + c.cSkip() * 0.3), within(1e-5f));
    }
}
