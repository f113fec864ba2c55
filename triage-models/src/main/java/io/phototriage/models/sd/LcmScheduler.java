package io.phototriage.models.sd;

import java.util.Arrays;

/**
 * Latent consistency sampling (Luo et al. 2023, "Latent Consistency Models", arXiv:2310.04378, Algorithm 1 "multistep
 * latent consistency sampling"), with the timestep selection, boundary conditions and epsilon parameterisation of
 * diffusers' {@code LCMScheduler}:
 *
 * <ul>
 *   <li>timesteps: the model was distilled on the skipping-step schedule {@code k*i - 1}, {@code k = 1000 / 50};
 *       img2img keeps the first {@code floor(50 * strength)} of those, reversed, and takes {@code steps} of them at
 *       indices {@code floor(linspace(0, n, steps, endpoint=false))} (4 steps at strength 1: 999, 759, 499, 259);</li>
 *   <li>boundary conditions (consistency-model parameterisation, Song et al. 2023): with {@code s = 10 t} and
 *       {@code sigma_data = 0.5}, {@code c_skip = sigma_data^2 / (s^2 + sigma_data^2)} and
 *       {@code c_out = s / sqrt(s^2 + sigma_data^2)};</li>
 *   <li>step: {@code x0 = (x_t - sqrt(1 - a_t) eps) / sqrt(a_t)}, {@code denoised = c_out x0 + c_skip x_t}; every step
 *       but the last re-noises to the next timestep, {@code sqrt(a_prev) denoised + sqrt(1 - a_prev) z}, z ~ N(0, I).</li>
 * </ul>
 */
public final class LcmScheduler implements DiffusionScheduler {
    /** The data standard deviation of the boundary conditions, 0.5 as in consistency models and diffusers. */
    public static final double SIGMA_DATA = 0.5;

    /** The LCM boundary-condition scalings at one timestep. */
    public record BoundaryScalings(double cSkip, double cOut) {}

    private final SchedulerConfig config;
    private final double[] alphasCumprod;
    private final int[] timesteps;

    LcmScheduler(SchedulerConfig config, int steps, double strength) {
        this.config = config;
        this.alphasCumprod = config.alphasCumprod();
        this.timesteps = timesteps(config, steps, strength);
    }

    /**
     * The timesteps of an LCM img2img run.
     *
     * @param config   the noise schedule and LCM's original step count
     * @param steps    how many UNet calls, at least 1
     * @param strength how far the input is noised, in (0, 1]
     * @return {@code steps} timesteps, noisiest first
     * @throws IllegalArgumentException if {@code steps} is not positive, strength is outside (0, 1], or the schedule
     *                                  kept by {@code strength} has fewer timesteps than {@code steps}
     */
    public static int[] timesteps(SchedulerConfig config, int steps, double strength) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1: " + steps);
        }
        if (!(strength > 0 && strength <= 1)) {
            throw new IllegalArgumentException("strength must be in (0, 1]: " + strength);
        }
        int original = config.originalInferenceSteps();
        int k = config.numTrainTimesteps() / original;
        int kept = (int) Math.floor(original * strength);
        if (kept / steps < 1) {
            throw new IllegalArgumentException("strength " + strength + " keeps " + kept + " of the " + original
                    + " LCM timesteps, fewer than the " + steps + " steps asked; raise the strength or lower the steps");
        }
        // lcm_origin_timesteps = [1..kept] * k - 1, reversed
        int[] origin = new int[kept];
        for (int i = 0; i < kept; i++) {
            origin[i] = (kept - i) * k - 1;
        }
        int[] out = new int[steps];
        for (int i = 0; i < steps; i++) {
            // np.floor(np.linspace(0, kept, steps, endpoint=False))
            out[i] = origin[(int) Math.floor((double) kept * i / steps)];
        }
        return out;
    }

    /**
     * The LCM boundary conditions at {@code timestep}.
     *
     * @param config    supplies the timestep scaling
     * @param timestep  the training timestep
     * @return {@code c_skip} and {@code c_out}
     */
    public static BoundaryScalings boundaryScalings(SchedulerConfig config, int timestep) {
        double s = timestep * config.timestepScaling();
        double sd2 = SIGMA_DATA * SIGMA_DATA;
        return new BoundaryScalings(sd2 / (s * s + sd2), s / Math.sqrt(s * s + sd2));
    }

    @Override
    public int[] timesteps() {
        return timesteps.clone();
    }

    @Override
    public float[] addNoise(float[] x0, float[] noise) {
        requireSameLength(x0, noise, "noise");
        double a = alphasCumprod[timesteps[0]];
        return axpby(Math.sqrt(a), x0, Math.sqrt(1 - a), noise);
    }

    @Override
    public float[] scaleModelInput(float[] sample, int stepIndex) {
        checkStep(stepIndex);
        return sample;
    }

    @Override
    public float[] step(float[] noisePrediction, int stepIndex, float[] sample, NoiseSource noise) {
        checkStep(stepIndex);
        requireSameLength(sample, noisePrediction, "noise prediction");
        int t = timesteps[stepIndex];
        double alphaT = alphasCumprod[t];
        BoundaryScalings c = boundaryScalings(config, t);
        float[] denoised = new float[sample.length];
        double sqrtA = Math.sqrt(alphaT);
        double sqrtB = Math.sqrt(1 - alphaT);
        for (int i = 0; i < sample.length; i++) {
            double x0 = (sample[i] - sqrtB * noisePrediction[i]) / sqrtA;
            denoised[i] = (float) (c.cOut() * x0 + c.cSkip() * sample[i]);
        }
        if (stepIndex == timesteps.length - 1) {
            return denoised;
        }
        double alphaPrev = alphasCumprod[timesteps[stepIndex + 1]];
        return axpby(Math.sqrt(alphaPrev), denoised, Math.sqrt(1 - alphaPrev), noise.next(sample.length));
    }

    private void checkStep(int stepIndex) {
        if (stepIndex < 0 || stepIndex >= timesteps.length) {
            throw new IllegalArgumentException("step " + stepIndex + " outside 0.." + (timesteps.length - 1));
        }
    }

    static float[] axpby(double a, float[] x, double b, float[] y) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (a * x[i] + b * y[i]);
        }
        return out;
    }

    static void requireSameLength(float[] a, float[] b, String what) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(what + " has " + b.length + " values, the latent " + a.length);
        }
    }

    @Override
    public String toString() {
        return "LcmScheduler" + Arrays.toString(timesteps);
    }
}
