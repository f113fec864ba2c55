package io.phototriage.models.sd;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.djl.ModelLoadException;
import java.util.Arrays;

/**
 * The VAE encoder ({@code vae_encoder.pt}): image {@code [1, 3, H, W]} in -1..1 to the moments of the latent
 * distribution {@code [1, 8, h, w]} (mean in channels 0-3, log-variance in 4-7). Close it when done.
 */
public final class SdVaeEncoder extends SdNetwork {
    /** Manifest role of the TorchScript file. */
    public static final String ROLE = "vae_encoder";

    private SdVaeEncoder(TorchScriptPart part, SdContract contract) {
        super(part, contract);
    }

    /**
     * Loads {@code vae_encoder.pt} of a resolved model folder.
     *
     * @param resolved the model folder, its files checked against the manifest
     * @param contract the contract read from the manifest (image and latent sizes)
     * @return the encoder, owning its network
     * @throws ModelLoadException if DJL cannot load the TorchScript file
     */
    public static SdVaeEncoder load(ResolvedModel resolved, SdContract contract) throws ModelLoadException {
        return new SdVaeEncoder(TorchScriptPart.load(resolved, ROLE), contract);
    }

    /**
     * The moments (mean, then log-variance) of the latent distribution.
     *
     * @param pixels {@code [1, 3, height, width]} values in [-1, 1], flat
     * @return {@code [1, 2 * latent_channels, h, w]} floats, flat
     * @throws StageException           when the network fails or its output has an unexpected shape
     * @throws IllegalArgumentException when {@code pixels} has the wrong length
     */
    public float[] moments(float[] pixels) throws StageException {
        checkLength(pixels.length, 3 * contract.height() * contract.width(),
                "the image (3x" + contract.height() + "x" + contract.width() + ")", "VAE encoder");
        return part.run(m -> new NDList(m.create(pixels, new Shape(1, 3, contract.height(), contract.width()))),
                new Shape(1, 2L * contract.latentChannels(), contract.latentHeight(), contract.latentWidth()), "VAE encoder");
    }

    /**
     * The mean of the latent distribution, not yet multiplied by the scaling factor. The stylizer uses the mean
     * rather than a sample: SD's VAE posterior is narrow, and the run then depends on the seed only through the
     * sampler's noise.
     *
     * @param pixels {@code [1, 3, height, width]} values in [-1, 1], flat
     * @return {@code [1, latent_channels, h, w]} floats, flat
     * @throws StageException when the network fails or its output has an unexpected shape
     */
    public float[] latentMean(float[] pixels) throws StageException {
        return Arrays.copyOf(moments(pixels), contract.latentSize());
    }
}
