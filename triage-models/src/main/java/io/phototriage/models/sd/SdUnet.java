package io.phototriage.models.sd;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.djl.ModelLoadException;

/**
 * The denoising UNet ({@code unet.pt}): latent, timestep, text hidden states (and, for LCM, the guidance embedding)
 * in, predicted noise (epsilon) out. Close it when done.
 */
public final class SdUnet extends SdNetwork {
    /** Manifest role of the TorchScript file. */
    public static final String ROLE = "unet";

    private SdUnet(TorchScriptPart part, SdContract contract) {
        super(part, contract);
    }

    /**
     * Loads {@code unet.pt} of a resolved model folder.
     *
     * @param resolved the model folder, its files checked against the manifest
     * @param contract the contract read from the manifest (latent and text sizes, guidance embedding)
     * @return the UNet, owning its network
     * @throws ModelLoadException if DJL cannot load the TorchScript file
     */
    public static SdUnet load(ResolvedModel resolved, SdContract contract) throws ModelLoadException {
        return new SdUnet(TorchScriptPart.load(resolved, ROLE), contract);
    }

    /**
     * The predicted noise.
     *
     * @param sample             the (scaled) latent, {@code [1, 4, h, w]} flat
     * @param timestep           the training timestep
     * @param textHiddenStates   {@link SdTextEncoder#encode} output
     * @param guidanceEmbedding  {@link GuidanceEmbedding#of} output, or an empty array if the contract has none
     * @return the noise prediction, the latent's shape, flat
     * @throws StageException           when the network fails or its output has an unexpected shape
     * @throws IllegalArgumentException when an input has the wrong length
     */
    public float[] predictNoise(float[] sample, int timestep, float[] textHiddenStates, float[] guidanceEmbedding)
            throws StageException {
        Shape latent = new Shape(1, contract.latentChannels(), contract.latentHeight(), contract.latentWidth());
        checkLength(sample.length, contract.latentSize(), "latent", "UNet");
        checkLength(textHiddenStates.length, contract.contextLength() * contract.textHiddenSize(), "text hidden states", "UNet");
        checkLength(guidanceEmbedding.length, contract.guidanceEmbeddingDim(), "guidance embedding", "UNet");
        return part.run(m -> {
            NDList in = new NDList(m.create(sample, latent), m.create(new long[] {timestep}, new Shape(1)),
                    m.create(textHiddenStates, new Shape(1, contract.contextLength(), contract.textHiddenSize())));
            if (contract.guidanceEmbeddingDim() > 0) {
                in.add(m.create(guidanceEmbedding, new Shape(1, contract.guidanceEmbeddingDim())));
            }
            return in;
        }, latent, "UNet at timestep " + timestep + ",");
    }
}
