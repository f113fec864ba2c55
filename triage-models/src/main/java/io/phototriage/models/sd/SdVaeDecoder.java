package io.phototriage.models.sd;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.djl.ModelLoadException;

/**
 * The VAE decoder ({@code vae_decoder.pt}): latent divided by the scaling factor {@code [1, 4, h, w]} to an image
 * {@code [1, 3, H, W]} in about -1..1. Close it when done.
 */
public final class SdVaeDecoder extends SdNetwork {
    /** Manifest role of the TorchScript file. */
    public static final String ROLE = "vae_decoder";

    private SdVaeDecoder(TorchScriptPart part, SdContract contract) {
        super(part, contract);
    }

    /**
     * Loads {@code vae_decoder.pt} of a resolved model folder.
     *
     * @param resolved the model folder, its files checked against the manifest
     * @param contract the contract read from the manifest (image and latent sizes)
     * @return the decoder, owning its network
     * @throws ModelLoadException if DJL cannot load the TorchScript file
     */
    public static SdVaeDecoder load(ResolvedModel resolved, SdContract contract) throws ModelLoadException {
        return new SdVaeDecoder(TorchScriptPart.load(resolved, ROLE), contract);
    }

    /**
     * Decodes an unscaled latent (the sampler's latent divided by {@code scaling_factor}) to planar RGB in -1..1.
     *
     * @param unscaledLatent {@code [1, latent_channels, h, w]} floats, flat
     * @return {@code [1, 3, height, width]} floats, flat
     * @throws StageException           when the network fails or its output has an unexpected shape
     * @throws IllegalArgumentException when the latent has the wrong length
     */
    public float[] decode(float[] unscaledLatent) throws StageException {
        checkLength(unscaledLatent.length, contract.latentSize(), "the unscaled latent", "VAE decoder");
        Shape latent = new Shape(1, contract.latentChannels(), contract.latentHeight(), contract.latentWidth());
        return part.run(m -> new NDList(m.create(unscaledLatent, latent)), new Shape(1, 3, contract.height(), contract.width()),
                "VAE decoder");
    }
}
