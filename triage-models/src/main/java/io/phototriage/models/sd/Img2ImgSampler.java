package io.phototriage.models.sd;

import io.phototriage.core.stage.StageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The img2img sampling loop, independent of the networks: noise the input latent, then step down the schedule. */
public final class Img2ImgSampler {
    private static final Logger LOG = LoggerFactory.getLogger(Img2ImgSampler.class);

    private Img2ImgSampler() {}

    /**
     * Runs one img2img sampling.
     *
     * @param x0        the clean latent of the input image (already multiplied by the VAE scaling factor)
     * @param scheduler a fresh scheduler for this run
     * @param unet      the noise predictor
     * @param noise     the run's seeded noise: first the start noise ({@code x0.length} values), then what the
     *                  scheduler injects between steps
     * @param listener  told after every step; an exception it throws is logged and ignored
     * @return the denoised latent
     * @throws StageException when the noise predictor fails
     */
    public static float[] sample(float[] x0, DiffusionScheduler scheduler, NoisePredictor unet, NoiseSource noise,
            StepListener listener) throws StageException {
        int[] timesteps = scheduler.timesteps();
        float[] latent = scheduler.addNoise(x0, noise.next(x0.length));
        for (int i = 0; i < timesteps.length; i++) {
            float[] eps = unet.predictNoise(scheduler.scaleModelInput(latent, i), timesteps[i]);
            latent = scheduler.step(eps, i, latent, noise);
            try {
                listener.onStep(i + 1, timesteps.length, timesteps[i]);
            } catch (RuntimeException e) {
                LOG.warn("progress listener failed at step {}: {}", i + 1, e.toString());
            }
        }
        return latent;
    }
}
