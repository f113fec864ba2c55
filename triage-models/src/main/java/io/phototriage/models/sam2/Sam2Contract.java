package io.phototriage.models.sam2;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.model.ModelManifest;

/**
 * The configuration values of an exported SAM 2 model that the Java glue needs, as written by
 * {@code tools/export/export.py sam2} into the manifest's {@code contract} object.
 *
 * @param imageSize                the model's square input size in pixels (1024 for sam2.1-hiera-tiny)
 * @param pixelMean                per-channel (RGB) mean of the 0..1 pixel values
 * @param pixelStd                 per-channel (RGB) standard deviation of the 0..1 pixel values
 * @param memoryGrid               the side of the lowest-resolution feature map (image size / 16)
 * @param hiddenSize               the feature channels C of the mask decoder and memory attention
 * @param memoryDim                the channels of a spatial memory (64); a pointer is split into C / memoryDim tokens
 * @param numMaskmem               memories attended to: the conditioning frame and numMaskmem - 1 recent frames
 * @param maxObjectPointers        object pointers attended to (the conditioning frame's and recent frames')
 * @param temporalPointerEncoding  whether object pointers carry a temporal position encoding
 * @param multimaskInSam           whether the decoder may output several masks
 * @param multimaskMinPoints       the fewest prompt points for multimask output
 * @param multimaskMaxPoints       the most prompt points for multimask output
 * @param multimaskForTracking     whether tracked frames use multimask output
 * @param stabilityFallback        whether a single-mask output falls back to the best multimask when unstable
 * @param stabilityDelta           the logit offset of the stability score
 * @param stabilityThreshold       the stability score below which the fallback is taken
 * @param sigmoidScale             scale applied to the mask before the memory encoder
 * @param sigmoidBias              bias applied to the mask before the memory encoder
 * @param noObjectScore            the logit placed in every mask pixel of a frame without the object
 */
public record Sam2Contract(int imageSize, float[] pixelMean, float[] pixelStd, int memoryGrid, int hiddenSize,
        int memoryDim, int numMaskmem, int maxObjectPointers, boolean temporalPointerEncoding, boolean multimaskInSam,
        int multimaskMinPoints, int multimaskMaxPoints, boolean multimaskForTracking, boolean stabilityFallback,
        float stabilityDelta, float stabilityThreshold, float sigmoidScale, float sigmoidBias, float noObjectScore) {

    /**
     * Checks the values.
     *
     * @param imageSize               the model's square input size
     * @param pixelMean               3 values
     * @param pixelStd                3 values
     * @param memoryGrid              image size / 16
     * @param hiddenSize              a multiple of memoryDim
     * @param memoryDim               positive
     * @param numMaskmem              at least 1
     * @param maxObjectPointers       at least 1
     * @param temporalPointerEncoding whether pointers carry a temporal encoding
     * @param multimaskInSam          whether the decoder may output several masks
     * @param multimaskMinPoints      the fewest points for multimask output
     * @param multimaskMaxPoints      the most points for multimask output
     * @param multimaskForTracking    whether tracked frames use multimask output
     * @param stabilityFallback       whether the stability fallback is on
     * @param stabilityDelta          the stability logit offset
     * @param stabilityThreshold      the stability threshold
     * @param sigmoidScale            mask scale for the memory encoder
     * @param sigmoidBias             mask bias for the memory encoder
     * @param noObjectScore           the no-object logit
     * @throws IllegalArgumentException when a value is out of range
     */
    public Sam2Contract {
        if (imageSize < 16 || memoryGrid * 16 != imageSize) {
            throw new IllegalArgumentException("image_size " + imageSize + " must be 16 x memory_grid " + memoryGrid);
        }
        if (pixelMean.length != 3 || pixelStd.length != 3) {
            throw new IllegalArgumentException("pixel_mean and pixel_std need 3 values");
        }
        if (memoryDim < 1 || hiddenSize % memoryDim != 0) {
            throw new IllegalArgumentException("hidden_size " + hiddenSize + " must be a multiple of memory_dim " + memoryDim);
        }
        if (numMaskmem < 1 || maxObjectPointers < 1) {
            throw new IllegalArgumentException("num_maskmem and max_object_pointers must be >= 1");
        }
        pixelMean = pixelMean.clone();
        pixelStd = pixelStd.clone();
    }

    /**
     * Reads the contract of a SAM 2 manifest; every field must be present.
     *
     * @param manifest the model's manifest
     * @return its contract
     * @throws IllegalArgumentException if a field is missing or malformed (the message names the model and field)
     */
    public static Sam2Contract of(ModelManifest manifest) {
        JsonNode c = manifest.contract();
        try {
            return new Sam2Contract(integer(c, "image_size"), floats(c, "pixel_mean"), floats(c, "pixel_std"),
                    integer(c, "memory_grid"), integer(c, "hidden_size"), integer(c, "memory_dim"),
                    integer(c, "num_maskmem"), integer(c, "max_object_pointers"),
                    bool(c, "temporal_pos_encoding_for_object_pointers"), bool(c, "multimask_output_in_sam"),
                    integer(c, "multimask_min_pt_num"), integer(c, "multimask_max_pt_num"),
                    bool(c, "multimask_output_for_tracking"), bool(c, "dynamic_multimask_via_stability"),
                    number(c, "dynamic_multimask_stability_delta"), number(c, "dynamic_multimask_stability_thresh"),
                    number(c, "sigmoid_scale_for_mem_enc"), number(c, "sigmoid_bias_for_mem_enc"),
                    number(c, "no_object_score"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model " + manifest.name() + ": bad SAM 2 contract in its manifest ("
                    + e.getMessage() + "); re-export it with tools/export/export.py sam2", e);
        }
    }

    /**
     * The number of tokens each object pointer is split into.
     *
     * @return hiddenSize / memoryDim
     */
    public int pointerSplits() {
        return hiddenSize / memoryDim;
    }

    /**
     * The side of the low-resolution mask logits.
     *
     * @return 4 x memoryGrid
     */
    public int lowResSize() {
        return 4 * memoryGrid;
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

    private static JsonNode field(JsonNode c, String name) {
        JsonNode v = c == null ? null : c.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field " + name);
        }
        return v;
    }

    private static int integer(JsonNode c, String name) {
        JsonNode v = field(c, name);
        if (!v.isIntegralNumber()) {
            throw new IllegalArgumentException(name + " must be an integer, got " + v);
        }
        return v.asInt();
    }

    private static float number(JsonNode c, String name) {
        JsonNode v = field(c, name);
        if (!v.isNumber()) {
            throw new IllegalArgumentException(name + " must be a number, got " + v);
        }
        return (float) v.asDouble();
    }

    private static boolean bool(JsonNode c, String name) {
        JsonNode v = field(c, name);
        if (!v.isBoolean()) {
            throw new IllegalArgumentException(name + " must be true or false, got " + v);
        }
        return v.asBoolean();
    }

    private static float[] floats(JsonNode c, String name) {
        JsonNode v = field(c, name);
        if (!v.isArray()) {
            throw new IllegalArgumentException(name + " must be an array, got " + v);
        }
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) v.get(i).asDouble();
        }
        return out;
    }
}
