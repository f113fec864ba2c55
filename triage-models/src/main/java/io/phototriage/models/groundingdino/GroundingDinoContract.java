package io.phototriage.models.groundingdino;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.model.ModelManifest;
import java.util.Arrays;

/**
 * The input/output contract of an exported Grounding DINO folder, read from its manifest ({@code contract}),
 * written by {@code tools/export/export.py grounding-dino}.
 *
 * @param tracedHeight   height of the traced input frame; every photo is resized into it and padded
 * @param tracedWidth    width of the traced input frame
 * @param shortestEdge   the resize rule's target for the shorter side (transformers' {@code shortest_edge})
 * @param longestEdge    the resize rule's cap for the longer side ({@code longest_edge})
 * @param rescale        pixel scale before normalising (1/255)
 * @param mean           per-channel RGB mean after rescaling
 * @param std            per-channel RGB standard deviation after rescaling
 * @param maxTextLen     text slots the model takes (ids are padded to it)
 * @param threshold      default score threshold
 * @param thresholdSource where that threshold came from (e.g. "uncalibrated (random weights)")
 * @param nmsIou         default IoU above which class-wise NMS drops the lower-scoring box
 */
public record GroundingDinoContract(
        int tracedHeight,
        int tracedWidth,
        int shortestEdge,
        int longestEdge,
        double rescale,
        float[] mean,
        float[] std,
        int maxTextLen,
        double threshold,
        String thresholdSource,
        double nmsIou) {

    /**
     * Validates and copies the arrays.
     *
     * @param tracedHeight    height of the traced input frame, positive
     * @param tracedWidth     width of the traced input frame, positive
     * @param shortestEdge    the resize rule's target for the shorter side, positive
     * @param longestEdge     the resize rule's cap for the longer side, at least {@code shortestEdge}
     * @param rescale         pixel scale before normalising
     * @param mean            per-channel RGB mean; 3 values
     * @param std             per-channel RGB standard deviation; 3 values
     * @param maxTextLen      text slots the model takes, at least 3
     * @param threshold       default score threshold, in [0, 1]
     * @param thresholdSource where that threshold came from
     * @param nmsIou          default class-wise NMS IoU, in (0, 1]
     * @throws IllegalArgumentException when a value is out of range
     */
    public GroundingDinoContract {
        if (tracedHeight <= 0 || tracedWidth <= 0 || shortestEdge <= 0 || longestEdge < shortestEdge) {
            throw new IllegalArgumentException("bad Grounding DINO frame/resize contract: traced " + tracedHeight + "x"
                    + tracedWidth + ", shortest_edge " + shortestEdge + ", longest_edge " + longestEdge);
        }
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("image_mean and image_std need 3 values each");
        }
        if (maxTextLen < 3) {
            throw new IllegalArgumentException("max_text_len must be at least 3: " + maxTextLen);
        }
        if (!(threshold >= 0 && threshold <= 1) || !(nmsIou > 0 && nmsIou <= 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1] and nms_iou in (0, 1]: " + threshold + ", " + nmsIou);
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * Reads the contract of a manifest.
     *
     * @param manifest the Grounding DINO model's manifest
     * @return its contract
     * @throws IllegalArgumentException naming the missing or malformed field
     */
    public static GroundingDinoContract of(ModelManifest manifest) {
        JsonNode c = manifest.contract();
        String where = "manifest of " + manifest.name() + ": contract";
        JsonNode resize = require(c, "resize", where);
        JsonNode threshold = require(c, "threshold", where);
        return new GroundingDinoContract(
                require(c, "traced_height", where).asInt(),
                require(c, "traced_width", where).asInt(),
                require(resize, "shortest_edge", where + ".resize").asInt(),
                require(resize, "longest_edge", where + ".resize").asInt(),
                require(c, "rescale", where).asDouble(),
                floats(require(c, "image_mean", where)),
                floats(require(c, "image_std", where)),
                require(c, "max_text_len", where).asInt(),
                require(threshold, "value", where + ".threshold").asDouble(),
                require(threshold, "source", where + ".threshold").asText(),
                require(c, "nms_iou", where).asDouble());
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

    private static JsonNode require(JsonNode node, String field, String where) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(where + " has no \"" + field + "\"; re-export the model with tools/export");
        }
        return v;
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    @Override
    public String toString() {
        return "GroundingDinoContract[traced " + tracedHeight + "x" + tracedWidth + ", resize " + shortestEdge + "/" + longestEdge
                + ", mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std) + ", maxTextLen " + maxTextLen
                + ", threshold " + threshold + " (" + thresholdSource + "), nmsIou " + nmsIou + "]";
    }
}
