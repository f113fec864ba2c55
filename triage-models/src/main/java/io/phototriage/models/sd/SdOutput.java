package io.phototriage.models.sd;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * One img2img run's result and how it was made.
 *
 * @param image     the decoded picture, the contract's size
 * @param prompt    the prompt used
 * @param seed      the noise seed
 * @param timesteps the timesteps the UNet was called at
 * @param strength  the strength used
 */
public record SdOutput(BufferedImage image, String prompt, long seed, int[] timesteps, double strength) {
    /**
     * Checks and copies the timesteps.
     *
     * @param image     the decoded picture, the contract's size
     * @param prompt    the prompt used
     * @param seed      the noise seed
     * @param timesteps the timesteps the UNet was called at
     * @param strength  the strength used
     * @throws NullPointerException when {@code image}, {@code prompt} or {@code timesteps} is null
     */
    public SdOutput {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(prompt, "prompt");
        timesteps = timesteps.clone();
    }

    /**
     * A copy of the timesteps the UNet was called at.
     *
     * @return the timesteps, noisiest first
     */
    @Override
    public int[] timesteps() {
        return timesteps.clone();
    }
}
