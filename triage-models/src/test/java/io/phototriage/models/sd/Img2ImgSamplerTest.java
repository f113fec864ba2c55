package io.phototriage.models.sd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sampling loop without weights: an oracle UNet that knows the clean latent returns exactly the noise in its
 * input ({@code (x_t - sqrt(a_t) x0) / sqrt(1 - a_t)}, the epsilon the UNet is trained to predict), so a correct
 * scheduler must land on the clean latent again, whatever the strength and step count.
 */
class Img2ImgSamplerTest {
    private static final int LATENT = 4 * 8 * 8;
    /**
     * LCM ends at {@code c_out x0 + c_skip x_t}: c_skip is below 7e-6 at every timestep used here (t >= 19), so with
     * |x_t| < 5 the result is within 4e-5 of x0, plus float32 rounding of latents near 4.
     */
    private static final Offset<Float> TOLERANCE = Offset.offset(1e-4f);

    @ParameterizedTest(name = "LCM, {0} steps, strength {1}")
    @CsvSource({"1, 1.0", "2, 1.0", "4, 1.0", "8, 1.0", "4, 0.5", "4, 0.4", "4, 0.3", "2, 0.1", "4, 0.08", "50, 1.0"})
    void lcmWithAnOracleUnetReturnsTheInputLatent(int steps, double strength) throws Exception {
        assertOracleRunReturnsInput(SchedulerConfig.lcmDefaults(), steps, strength);
    }

    @ParameterizedTest(name = "Euler turbo, {0} steps, strength {1}")
    @CsvSource({"1, 1.0", "2, 1.0", "4, 1.0", "2, 0.5", "4, 0.5", "4, 0.25", "10, 0.3"})
    void eulerTurboWithAnOracleUnetReturnsTheInputLatent(int steps, double strength) throws Exception {
        assertOracleRunReturnsInput(SchedulerConfig.eulerTurboDefaults(), steps, strength);
    }

    private static void assertOracleRunReturnsInput(SchedulerConfig config, int steps, double strength) throws Exception {
        float[] x0 = new GaussianNoise(123).next(LATENT);
        DiffusionScheduler scheduler = DiffusionScheduler.create(config, steps, strength);
        List<int[]> progress = new ArrayList<>();
        float[] out = Img2ImgSampler.sample(x0, scheduler, oracle(config, x0), new GaussianNoise(9), 
                (step, total, t) -> progress.add(new int[] {step, total, t}));
        assertThat(out).containsExactly(x0, TOLERANCE);
        assertThat(progress).hasSize(scheduler.steps());
        for (int i = 0; i < progress.size(); i++) {
            assertThat(progress.get(i)).containsExactly(i + 1, scheduler.steps(), scheduler.timesteps()[i]);
        }
    }

    @Test
    void aUnetThatPredictsNoNoiseDoesNotReturnTheInput() throws Exception {
        float[] x0 = new GaussianNoise(123).next(LATENT);
        DiffusionScheduler scheduler = DiffusionScheduler.create(SchedulerConfig.lcmDefaults(), 4, 0.5);
        float[] out = Img2ImgSampler.sample(x0, scheduler, (input, t) -> new float[input.length], new GaussianNoise(9),
                StepListener.NONE);
        double maxDiff = 0;
        for (int i = 0; i < LATENT; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(out[i] - x0[i]));
        }
        assertThat(maxDiff).isGreaterThan(0.5);
    }

    @Test
    void sameSeedSameResultOtherSeedOtherResult() throws Exception {
        float[] x0 = new GaussianNoise(5).next(LATENT);
        NoisePredictor halfWrong = (input, t) -> {
            float[] eps = new float[input.length];
            for (int i = 0; i < eps.length; i++) {
                eps[i] = 0.5f * input[i];
            }
            return eps;
        };
        SchedulerConfig lcm = SchedulerConfig.lcmDefaults();
        float[] a = Img2ImgSampler.sample(x0, DiffusionScheduler.create(lcm, 4, 0.4), halfWrong, new GaussianNoise(1), StepListener.NONE);
        float[] b = Img2ImgSampler.sample(x0, DiffusionScheduler.create(lcm, 4, 0.4), halfWrong, new GaussianNoise(1), StepListener.NONE);
        float[] c = Img2ImgSampler.sample(x0, DiffusionScheduler.create(lcm, 4, 0.4), halfWrong, new GaussianNoise(2), StepListener.NONE);
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void aThrowingListenerDoesNotStopTheRun() throws Exception {
        float[] x0 = new GaussianNoise(3).next(LATENT);
        SchedulerConfig lcm = SchedulerConfig.lcmDefaults();
        float[] out = Img2ImgSampler.sample(x0, DiffusionScheduler.create(lcm, 4, 0.5), oracle(lcm, x0), new GaussianNoise(4),
                (step, total, t) -> {
                    throw new IllegalStateException("listener bug");
                });
        assertThat(out).containsExactly(x0, TOLERANCE);
    }

    /** Returns the exact noise in its (scaled) input, given the clean latent. */
    static NoisePredictor oracle(SchedulerConfig config, float[] x0) {
        double[] alphas = config.alphasCumprod();
        return (input, t) -> {
            double sqrtA = Math.sqrt(alphas[t]);
            double sqrtB = Math.sqrt(1 - alphas[t]);
            float[] eps = new float[input.length];
            for (int i = 0; i < eps.length; i++) {
                eps[i] = (float) ((input[i] - sqrtA * x0[i]) / sqrtB);
            }
            return eps;
        };
    }
}
