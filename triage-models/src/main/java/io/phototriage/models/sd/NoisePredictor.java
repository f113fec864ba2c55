package io.phototriage.models.sd;

import io.phototriage.core.stage.StageException;

/** The UNet as the sampler sees it: the noise in a (scaled) latent at a timestep. */
@FunctionalInterface
public interface NoisePredictor {
    /**
     * The noise the model sees in {@code modelInput} at {@code timestep}.
     *
     * @param modelInput the latent as {@link DiffusionScheduler#scaleModelInput} made it, {@code [1, 4, h, w]} flat
     * @param timestep   the training timestep, 0..num_train_timesteps-1
     * @return the predicted noise, same layout
     * @throws StageException when the model fails
     */
    float[] predictNoise(float[] modelInput, int timestep) throws StageException;
}
