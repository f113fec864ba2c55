package io.phototriage.models.sd;

/**
 * One sampling run's walk down the noise schedule, for img2img: where to start (the noised input latent), how to
 * scale the UNet's input, and how to step from one timestep to the next with the UNet's noise prediction.
 *
 * <p>A scheduler holds the state of one run (its step index); make a fresh one per run with {@link #create}. Latents
 * are flat {@code float[]} in the UNet's layout ({@code [1, 4, h, w]}, row-major).
 */
public interface DiffusionScheduler {

    /**
     * The timesteps the UNet is called at, first (noisiest) to last.
     *
     * @return the timesteps of this run
     */
    int[] timesteps();

    /**
     * The number of UNet calls.
     *
     * @return {@code timesteps().length}
     */
    default int steps() {
        return timesteps().length;
    }

    /**
     * The latent the first step starts from: the clean (encoded) latent {@code x0} noised to the first timestep
     * with {@code noise} (standard normal, same length).
     *
     * @param x0    the clean latent
     * @param noise standard normal noise, the same length as {@code x0}
     * @return a new noised latent
     */
    float[] addNoise(float[] x0, float[] noise);

    /**
     * What the UNet is given at step {@code stepIndex} for the current latent {@code sample}.
     *
     * @param sample    the current latent
     * @param stepIndex the step, 0 to {@link #steps()} - 1
     * @return the UNet input (may be {@code sample} itself for a scheduler that does not scale)
     */
    float[] scaleModelInput(float[] sample, int stepIndex);

    /**
     * One step: from the latent at step {@code stepIndex} and the UNet's noise prediction for it to the latent for
     * the next step (after the last step: the denoised latent).
     *
     * @param noisePrediction the UNet's output for {@code sample} at this step
     * @param stepIndex       the step, 0 to {@link #steps()} - 1
     * @param sample          the latent at this step
     * @param noise           draws the fresh noise a stochastic sampler injects between steps
     * @return the latent for the next step
     */
    float[] step(float[] noisePrediction, int stepIndex, float[] sample, NoiseSource noise);

    /**
     * A fresh scheduler for one img2img run.
     *
     * @param config   which sampler and its noise schedule
     * @param steps    the number of UNet calls wanted at {@code strength} 1 (LCM: exactly the count made)
     * @param strength how far the input is noised, in (0, 1]: 1 ignores the input, small values keep its composition
     * @return a scheduler at step 0
     * @throws IllegalArgumentException when steps and strength leave no timestep, or more than the schedule has
     */
    static DiffusionScheduler create(SchedulerConfig config, int steps, double strength) {
        return switch (config.type()) {
            case LCM -> new LcmScheduler(config, steps, strength);
            case EULER_TURBO -> new EulerTurboScheduler(config, steps, strength);
        };
    }
}
