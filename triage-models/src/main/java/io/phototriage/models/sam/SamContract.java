package io.phototriage.models.sam;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.model.ModelManifest;
import java.util.Arrays;

/**
 * The input/output contract of an exported SAM model, as written by {@code tools/export/export.py sam} into the
 * manifest's {@code contract} object.
 *
 * @param longestSide   the photo's longer side is resized to this many pixels, the result padded to a square of it
 * @param rescale       pixel values 0..255 are multiplied by this before normalising
 * @param pixelMean     per-channel (RGB) mean subtracted after rescaling
 * @param pixelStd      per-channel (RGB) standard deviation divided by after subtracting the mean
 * @param maskThreshold a mask pixel is foreground where the upsampled logit is above this
 */
public record SamContract(int longestSide, double rescale, float[] pixelMean, float[] pixelStd, float maskThreshold) {
    /**
     * Validates and copies the arrays.
     *
     * @param longestSide   the photo's longer side is resized to this many pixels, positive
     * @param rescale       pixel values 0..255 are multiplied by this before normalising
     * @param pixelMean     per-channel (RGB) mean; 3 values
     * @param pixelStd      per-channel (RGB) standard deviation; 3 values
     * @param maskThreshold a mask pixel is foreground where the upsampled logit is above this
     * @throws IllegalArgumentException when a value is out of range
     */
    public SamContract {
        if (longestSide < 1) {
            throw new IllegalArgumentException("longest side must be positive: " + longestSide);
        }
        if (pixelMean.length != 3 || pixelStd.length != 3) {
            throw new IllegalArgumentException("pixel mean and std need 3 values (RGB), got " + Arrays.toString(pixelMean)
                    + " and " + Arrays.toString(pixelStd));
        }
        pixelMean = pixelMean.clone();
        pixelStd = pixelStd.clone();
    }

    /**
     * SamProcessor's defaults (those of {@code facebook/sam-vit-base}): 1024, 1/255, ImageNet mean and std, 0.
     *
     * @return the default contract
     */
    public static SamContract defaults() {
        return new SamContract(1024, 1.0 / 255.0, new float[] {0.485f, 0.456f, 0.406f},
                new float[] {0.229f, 0.224f, 0.225f}, 0f);
    }

    /**
     * Reads the contract of a manifest; fields it does not set keep {@link #defaults()}.
     *
     * @param manifest the SAM model's manifest
     * @return its contract
     * @throws IllegalArgumentException if a field is present but malformed (the message names the model and field)
     */
    public static SamContract of(ModelManifest manifest) {
        JsonNode c = manifest.contract();
        SamContract d = defaults();
        try {
            return new SamContract(
                    c.has("longest_side") ? c.get("longest_side").asInt() : d.longestSide(),
                    c.has("rescale") ? c.get("rescale").asDouble() : d.rescale(),
                    c.has("pixel_mean") ? floats(c.get("pixel_mean")) : d.pixelMean(),
                    c.has("pixel_std") ? floats(c.get("pixel_std")) : d.pixelStd(),
                    c.has("mask_threshold") ? (float) c.get("mask_threshold").asDouble() : d.maskThreshold());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model " + manifest.name() + ": bad SAM contract in its manifest: "
                    + e.getMessage(), e);
        }
    }

    /**
     * A copy of the per-channel mean.
     *
     * @return 3 values, RGB
     */
    @Override
    public float[] pixelMean() {
        return pixelMean.clone();
    }

    /**
     * A copy of the per-channel standard deviation.
     *
     * @return 3 values, RGB
     */
    @Override
    public float[] pixelStd() {
        return pixelStd.clone();
    }

    private static float[] floats(JsonNode array) {
        if (!array.isArray()) {
            throw new IllegalArgumentException("expected an array, got " + array);
        }
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }
}
