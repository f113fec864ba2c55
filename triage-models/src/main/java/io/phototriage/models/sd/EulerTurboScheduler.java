package io.phototriage.models.sd;

import java.util.Arrays;

/**
 * Euler sampling (Karras et al. 2022, "Elucidating the Design Space of Diffusion-Based Generative Models", Algorithm 1
 * without churn) with trailing timestep spacing, as diffusers' {@code EulerDiscreteScheduler} runs sd-turbo:
 *
 * <ul>
 *   <li>{@code sigma_t = sqrt((1 - a_t) / a_t)}; timesteps {@code round(arange(1000, 0, -1000/steps)) - 1}; img2img
 *       starts at index {@code steps - min(floor(steps * strength), steps)} (diffusers' {@code get_timesteps});</li>
 *   <li>the latent lives at scale sigma: start {@code x0 + sigma_0 z}; the UNet sees {@code x / sqrt(sigma^2 + 1)};</li>
 *   <li>step: {@code x_next = x + eps (sigma_next - sigma)}, with {@code sigma} 0 after the last step. Deterministic:
 *       it injects no noise between steps.</li>
 * </ul>
 */
public final class EulerTurboScheduler implements DiffusionScheduler {
    private final int[] timesteps;
    private final double[] sigmas;

    EulerTurboScheduler(SchedulerConfig config, int steps, double strength) {
        int[] all = trailingTimesteps(config, steps);
        if (!(strength > 0 && strength <= 1)) {
            throw new IllegalArgumentException("strength must be in (0, 1]: " + strength);
        }
        int init = Math.min((int) Math.floor(steps * strength), steps);
        if (init < 1) {
            throw new IllegalArgumentException("steps * strength must be at least 1 (" + steps + " * " + strength
                    + "); raise one of them");
        }
        this.timesteps = Arrays.copyOfRange(all, steps - init, steps);
        double[] alphas = config.alphasCumprod();
        this.sigmas = new double[timesteps.length + 1];
        for (int i = 0; i < timesteps.length; i++) {
            sigmas[i] = sigma(alphas[timesteps[i]]);
        }
    }

    /**
     * The trailing-spaced timesteps for {@code steps} steps over the whole schedule.
     *
     * @param config the noise schedule (its training timestep count)
     * @param steps  how many timesteps, 1..{@code num_train_timesteps}
     * @return {@code steps} timesteps, highest first, the first one {@code num_train_timesteps - 1}
     * @throws IllegalArgumentException when {@code steps} is out of range
     */
    public static int[] trailingTimesteps(SchedulerConfig config, int steps) {
        int n = config.numTrainTimesteps();
        if (steps < 1 || steps > n) {
            throw new IllegalArgumentException("steps must be in 1.." + n + ": " + steps);
        }
        double ratio = (double) n / steps;
        int[] out = new int[steps];
        for (int i = 0; i < steps; i++) {
            out[i] = (int) Math.rint(n - i * ratio) - 1;
        }
        return out;
    }

    /**
     * {@code sqrt((1 - a) / a)} for one cumulative alpha.
     *
     * @param alphaCumprod a value of {@link SchedulerConfig#alphasCumprod()}, in (0, 1]
     * @return the noise level sigma, 0 or more
     */
    public static double sigma(double alphaCumprod) {
        return Math.sqrt((1 - alphaCumprod) / alphaCumprod);
    }

    /**
     * The sigmas of this run, one per timestep plus the final 0.
     *
     * @return a copy, {@code steps() + 1} values
     */
    public double[] sigmas() {
        return sigmas.clone();
    }

    @Override
    public int[] timesteps() {
        return timesteps.clone();
    }

    @Override
    public float[] addNoise(float[] x0, float[] noise) {
        LcmScheduler.requireSameLength(x0, noise, "noise");
        return LcmScheduler.axpby(1.0, x0, sigmas[0], noise);
    }

    @Override
    public float[] scaleModelInput(float[] sample, int stepIndex) {
        checkStep(stepIndex);
        double scale = 1.0 / Math.sqrt(sigmas[stepIndex] * sigmas[stepIndex] + 1);
        float[] out = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            out[i] = (float) (sample[i] * scale);
        }
        return out;
    }

    @Override
    public float[] step(float[] noisePrediction, int stepIndex, float[] sample, NoiseSource noise) {
        checkStep(stepIndex);
        LcmScheduler.requireSameLength(sample, noisePrediction, "noise prediction");
        return LcmScheduler.axpby(1.0, sample, sigmas[stepIndex + 1] - sigmas[stepIndex], noisePrediction);
    }

    private void checkStep(int stepIndex) {
        if (stepIndex < 0 || stepIndex >= timesteps.length) {
            throw new IllegalArgumentException("step " + stepIndex + " outside 0.." + (timesteps.length - 1));
        }
    }

    @Override
    public String toString() {
        return "EulerTurboScheduler" + Arrays.toString(timesteps);
    }
}
