package io.phototriage.models.ct;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.model.ModelException;
import java.util.Arrays;

/**
 * What the network expects, from its manifest's {@code contract} (written by {@code tools/export/export.py totalseg}
 * from nnU-Net's plans): the voxel spacing it was trained at, its patch size, the number of classes, the CT
 * normalisation and the sliding-window settings.
 *
 * @param spacingMm      model spacing along x, y, z (RAS), millimetres
 * @param patchSize      patch size along z, y, x (the network's array axes)
 * @param classes        logits per voxel (118 for TotalSegmentator v2 total: background + 117)
 * @param normalization  nnU-Net's CT normalisation numbers
 * @param tileStepSize   sliding-window step as a fraction of the patch (nnU-Net, TotalSegmentator: 0.5)
 * @param sigmaScale     Gaussian sigma as a fraction of the patch (nnU-Net: 1/8)
 */
public record TotalSegPlans(double[] spacingMm, int[] patchSize, int classes, CtNormalization normalization,
                            double tileStepSize, double sigmaScale) {
    /**
     * Validates and copies.
     *
     * @param spacingMm model spacing along x, y, z (RAS), millimetres
     * @param patchSize patch size along z, y, x (the network's array axes)
     * @param classes logits per voxel (118 for TotalSegmentator v2 total: background + 117)
     * @param normalization nnU-Net's CT normalisation numbers
     * @param tileStepSize sliding-window step as a fraction of the patch (nnU-Net, TotalSegmentator: 0.5)
     * @param sigmaScale Gaussian sigma as a fraction of the patch (nnU-Net: 1/8)
     * @throws IllegalArgumentException if a size or spacing is not positive, or the step is outside (0, 1]
     */
    public TotalSegPlans {
        spacingMm = spacingMm.clone();
        patchSize = patchSize.clone();
        if (spacingMm.length != 3 || patchSize.length != 3) {
            throw new IllegalArgumentException("spacing and patch size need 3 values each");
        }
        for (int a = 0; a < 3; a++) {
            if (!(spacingMm[a] > 0) || patchSize[a] <= 0) {
                throw new IllegalArgumentException("spacing and patch size must be positive: " + Arrays.toString(spacingMm)
                        + ", " + Arrays.toString(patchSize));
            }
        }
        if (classes < 2) {
            throw new IllegalArgumentException("at least 2 classes, got " + classes);
        }
        if (!(tileStepSize > 0 && tileStepSize <= 1) || !(sigmaScale > 0)) {
            throw new IllegalArgumentException("tile step size must be in (0, 1] and sigma scale positive");
        }
    }

    /**
     * Reads the plans from a manifest contract.
     *
     * @param contract the manifest's {@code contract} object
     * @return the plans
     * @throws ModelException if a field is missing or malformed (the message names it)
     */
    public static TotalSegPlans fromContract(JsonNode contract) throws ModelException {
        try {
            JsonNode n = contract.path("normalization");
            return new TotalSegPlans(doubles(contract, "spacing_mm"), ints(contract, "patch_size"),
                    required(contract, "classes").asInt(),
                    new CtNormalization(required(n, "clip_low").asDouble(), required(n, "clip_high").asDouble(),
                            required(n, "mean").asDouble(), required(n, "std").asDouble()),
                    contract.path("tile_step_size").asDouble(0.5), contract.path("gaussian_sigma_scale").asDouble(0.125));
        } catch (IllegalArgumentException e) {
            throw new ModelException("the TotalSegmentator manifest's contract is not usable: " + e.getMessage()
                    + "; re-export it with tools/export/export.py totalseg", e);
        }
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return v;
    }

    private static double[] doubles(JsonNode node, String field) {
        JsonNode v = required(node, field);
        double[] out = new double[v.size()];
        for (int n = 0; n < out.length; n++) {
            out[n] = v.get(n).asDouble();
        }
        return out;
    }

    private static int[] ints(JsonNode node, String field) {
        return java.util.Arrays.stream(doubles(node, field)).mapToInt(d -> (int) d).toArray();
    }

    /**
     * The model spacing (a copy).
     *
     * @return millimetres along x, y, z
     */
    @Override
    public double[] spacingMm() {
        return spacingMm.clone();
    }

    /**
     * The patch size (a copy).
     *
     * @return voxels along z, y, x
     */
    @Override
    public int[] patchSize() {
        return patchSize.clone();
    }
}
