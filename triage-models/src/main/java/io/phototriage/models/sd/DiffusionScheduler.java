package io.phototriage.models.sd;

/**
 * One sampling run's walk down the noise schedule, for img2img: where to start (the noised input latent), how to
 * scale the UNet's input, and how to step from one timestep to the next with the UNet's noise prediction.
 *
 * <p>A scheduler holds the state of one run (its step index); make a fresh one per run with {@link #create}. Latents
 * are flat {@code float[]} in the UNet's layout ({@code [1, 4, h, w]}, row-major).
 */
public interface DiffusionScheduler {

    /** The timesteps the UNet is called at, first (noisiest) to last. */
    int[] timesteps();

    /** The number of UNet calls, {@code timesteps().length}. */
    default int steps() {
        return timesteps().length;
    }

    /**
     * The latent the first step starts from: the clean (encoded) latent {@code x0} noised to the first timestep
     * with {@code noise} (standard normal, same length).
     */
    float[] addNoise(float[] x0, float[] noise);

    /** What the UNet is given at step {@code stepIndex} for the current latent {@code sample}. */
    float[] scaleModelInput(float[] sample, int stepIndex);

    /**
     * One step: from the latent at step {@code stepIndex} and the UNet's noise prediction for it to the latent for
     * the next step (after the last step: the denoised latent).
     *
     * @param noise draws the fresh noise a stochastic sampler injects between steps
     */
    float[] step(float[] noisePrediction, int stepIndex, float[] sample, NoiseSource noise);

    /**
     * A fresh scheduler for one img2img run.
     *
     * @param steps    the number of UNet calls wanted at {@code strength} 1 (LCM: exactly the count made)
     * @param strength how far the input is noised, in (0, 1]: 1 ignores the input, small values keep its composition
     * @throws IllegalArgumentException when steps and strength leave no timestep, or more than the schedule has
     */
    static DiffusionScheduler create(SchedulerConfig config, int steps, double strength) {
        return switch (config.type()) {
            case LCM -> new LcmScheduler(config, steps, strength);
            case EULER_TURBO -> new EulerTurboScheduler(config, steps, strength);
        };
    }
}
