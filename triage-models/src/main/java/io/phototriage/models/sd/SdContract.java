package io.phototriage.models.sd;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelManifest;

/**
 * The tensor contract of a Stable Diffusion model folder (the {@code contract} of its manifest, written by
 * {@code tools/export/export.py stable-diffusion}).
 *
 * @param height               image height the parts were traced at, a multiple of {@code vaeScaleFactor}
 * @param width                image width the parts were traced at
 * @param latentChannels       4 for SD
 * @param vaeScaleFactor       image pixels per latent pixel, 8 for SD
 * @param scalingFactor        the VAE latent scale, 0.18215 for SD 1.x
 * @param contextLength        tokens per prompt, 77
 * @param textHiddenSize       width of the text encoder's hidden states (768 for SD 1.x)
 * @param scheduler            the sampler and its noise schedule
 * @param guidanceScale        LCM's guidance scale (the UNet is conditioned on {@code w = guidanceScale - 1})
 * @param guidanceEmbeddingDim length of the guidance embedding the UNet takes, 0 if it takes none
 * @param defaultSteps         the step count the model is meant for
 */
public record SdContract(int height, int width, int latentChannels, int vaeScaleFactor, double scalingFactor,
        int contextLength, int textHiddenSize, SchedulerConfig scheduler, double guidanceScale, int guidanceEmbeddingDim,
        int defaultSteps) {

    /**
     * Validates.
     *
     * @param height               image height the parts were traced at, a positive multiple of {@code vaeScaleFactor}
     * @param width                image width the parts were traced at, a positive multiple of {@code vaeScaleFactor}
     * @param latentChannels       latent channels (4 for SD)
     * @param vaeScaleFactor       image pixels per latent pixel, at least 1
     * @param scalingFactor        the VAE latent scale, positive
     * @param contextLength        tokens per prompt
     * @param textHiddenSize       width of the text encoder's hidden states
     * @param scheduler            the sampler and its noise schedule
     * @param guidanceScale        LCM's guidance scale
     * @param guidanceEmbeddingDim length of the guidance embedding, 0 or even
     * @param defaultSteps         the step count the model is meant for
     * @throws IllegalArgumentException when a value is out of range (the message names it)
     */
    public SdContract {
        if (vaeScaleFactor < 1 || height <= 0 || width <= 0 || height % vaeScaleFactor != 0 || width % vaeScaleFactor != 0) {
            throw new IllegalArgumentException("image size " + width + "x" + height + " must be a positive multiple of "
                    + vaeScaleFactor);
        }
        if (latentChannels < 1 || contextLength < 1 || textHiddenSize < 1 || defaultSteps < 1 || guidanceEmbeddingDim < 0
                || guidanceEmbeddingDim % 2 != 0) {
            throw new IllegalArgumentException("invalid contract: latent_channels " + latentChannels + ", context_length "
                    + contextLength + ", text_hidden_size " + textHiddenSize + ", default_steps " + defaultSteps
                    + ", guidance embedding_dim " + guidanceEmbeddingDim + " (must be even)");
        }
        if (!(scalingFactor > 0)) {
            throw new IllegalArgumentException("scaling_factor must be positive: " + scalingFactor);
        }
    }

    /**
     * Latent height.
     *
     * @return {@code height / vaeScaleFactor}
     */
    public int latentHeight() {
        return height / vaeScaleFactor;
    }

    /**
     * Latent width.
     *
     * @return {@code width / vaeScaleFactor}
     */
    public int latentWidth() {
        return width / vaeScaleFactor;
    }

    /**
     * Values in one latent.
     *
     * @return {@code latentChannels * latentHeight * latentWidth}
     */
    public int latentSize() {
        return latentChannels * latentHeight() * latentWidth();
    }

    /**
     * Reads the contract of a manifest.
     *
     * @param manifest the Stable Diffusion model's manifest
     * @return its contract
     * @throws ModelException naming the missing or invalid field
     */
    public static SdContract of(ModelManifest manifest) throws ModelException {
        JsonNode c = manifest.contract();
        try {
            JsonNode guidance = c.path("guidance");
            return new SdContract(
                    required(c, "height").asInt(),
                    required(c, "width").asInt(),
                    required(c, "latent_channels").asInt(),
                    required(c, "vae_scale_factor").asInt(),
                    required(c, "scaling_factor").asDouble(),
                    required(c, "context_length").asInt(),
                    required(c, "text_hidden_size").asInt(),
                    SchedulerConfig.fromJson(required(c, "scheduler")),
                    guidance.path("scale").asDouble(0.0),
                    guidance.path("embedding_dim").asInt(0),
                    c.path("default_steps").asInt(4));
        } catch (IllegalArgumentException e) {
            throw new ModelException("model " + manifest.name() + ": bad Stable Diffusion contract in its manifest: "
                    + e.getMessage() + "; re-export it with tools/export/export.py stable-diffusion", e);
        }
    }

    private static JsonNode required(JsonNode contract, String field) {
        JsonNode v = contract.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("field \"" + field + "\" is missing");
        }
        return v;
    }
}
