package io.phototriage.models.clip;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelManifest;
import java.util.Arrays;

/**
 * What a CLIP model folder promises, read from the {@code contract} of its {@code manifest.json} (written by
 * {@code tools/export/export.py clip}).
 *
 * @param imageSize          side of the square image the image tower takes (224 for ViT-B/32)
 * @param resizeShortestSide the photo's shorter side is resized to this (PIL bicubic) before the centre crop
 * @param cropSize           side of the centre crop
 * @param rescale            factor from 0..255 to the range the mean and std are given in ({@code 1/255})
 * @param mean               per-channel (RGB) mean subtracted after rescaling
 * @param std                per-channel (RGB) standard deviation divided by after subtracting the mean
 * @param contextLength      token positions of the text tower (77); prompts are padded or truncated to it
 * @param embedDim           length of the image and text embeddings
 * @param logitScale         the model's temperature: cosine similarities are multiplied by it before the softmax
 */
public record ClipContract(int imageSize, int resizeShortestSide, int cropSize, double rescale, float[] mean, float[] std,
        int contextLength, int embedDim, double logitScale) {

    /** CLIP's logit scale after training (the exported {@code exp(logit_scale)} of openai/clip-vit-base-patch32). */
    public static final double DEFAULT_LOGIT_SCALE = 100.0;

    /**
     * Validates the sizes, mean/std (3 values, std positive), rescale and logit scale; copies the arrays.
     *
     * @param imageSize          side of the square image the image tower takes, positive
     * @param resizeShortestSide the photo's shorter side is resized to this before the centre crop, positive
     * @param cropSize           side of the centre crop, positive
     * @param rescale            factor from 0..255 to the range the mean and std are given in, positive
     * @param mean               per-channel (RGB) mean; 3 values
     * @param std                per-channel (RGB) standard deviation; 3 positive values
     * @param contextLength      token positions of the text tower, at least 2
     * @param embedDim           length of the image and text embeddings, positive
     * @param logitScale         the model's temperature, positive
     * @throws IllegalArgumentException when a value is out of range (the message gives it)
     */
    public ClipContract {
        if (imageSize < 1 || resizeShortestSide < 1 || cropSize < 1 || contextLength < 2 || embedDim < 1) {
            throw new IllegalArgumentException("sizes must be positive: image " + imageSize + ", resize " + resizeShortestSide
                    + ", crop " + cropSize + ", context " + contextLength + ", embed " + embedDim);
        }
        if (cropSize != imageSize) {
            throw new IllegalArgumentException("center_crop " + cropSize + " must equal image_size " + imageSize);
        }
        if (cropSize > resizeShortestSide) {
            throw new IllegalArgumentException("center_crop " + cropSize + " is larger than the resized shortest side "
                    + resizeShortestSide);
        }
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values (RGB), got " + mean.length + " and " + std.length);
        }
        mean = mean.clone();
        std = std.clone();
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be positive: " + Arrays.toString(std));
            }
        }
        if (!(rescale > 0) || !(logitScale > 0)) {
            throw new IllegalArgumentException("rescale and logit_scale must be positive: " + rescale + ", " + logitScale);
        }
    }

    /**
     * A copy of the per-channel mean.
     *
     * @return 3 values, RGB
     */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /**
     * A copy of the per-channel standard deviation.
     *
     * @return 3 values, RGB
     */
    @Override
    public float[] std() {
        return std.clone();
    }

    /**
     * Reads the contract of a CLIP manifest.
     *
     * @param manifest the model's manifest
     * @return its contract
     * @throws ModelException naming the manifest and the field when a field is missing or invalid
     */
    public static ClipContract of(ModelManifest manifest) throws ModelException {
        JsonNode c = manifest.contract();
        try {
            return new ClipContract(
                    intField(manifest, c, "image_size"),
                    intField(manifest, c, "resize_shortest_side"),
                    intField(manifest, c, "center_crop"),
                    c.has("rescale") ? c.get("rescale").asDouble() : 1.0 / 255,
                    floats(manifest, c, "mean"),
                    floats(manifest, c, "std"),
                    intField(manifest, c, "context_length"),
                    intField(manifest, c, "embed_dim"),
                    c.has("logit_scale") ? c.get("logit_scale").asDouble() : DEFAULT_LOGIT_SCALE);
        } catch (IllegalArgumentException e) {
            throw new ModelException("model " + manifest.name() + ": invalid CLIP contract in manifest.json: " + e.getMessage()
                    + "; re-export it with tools/export/export.py clip", e);
        }
    }

    private static int intField(ModelManifest manifest, JsonNode contract, String field) throws ModelException {
        JsonNode v = contract.get(field);
        if (v == null || !v.canConvertToInt()) {
            throw missing(manifest, field, "an integer");
        }
        return v.asInt();
    }

    private static float[] floats(ModelManifest manifest, JsonNode contract, String field) throws ModelException {
        JsonNode v = contract.get(field);
        if (v == null || !v.isArray()) {
            throw missing(manifest, field, "an array of numbers");
        }
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            if (!v.get(i).isNumber()) {
                throw missing(manifest, field, "an array of numbers");
            }
            out[i] = (float) v.get(i).asDouble();
        }
        return out;
    }

    private static ModelException missing(ModelManifest manifest, String field, String what) {
        return new ModelException("model " + manifest.name() + ": manifest.json contract field \"" + field + "\" is missing or not "
                + what + "; re-export it with tools/export/export.py clip");
    }
}
