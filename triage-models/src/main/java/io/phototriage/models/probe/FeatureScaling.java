package io.phototriage.models.probe;

/** How a {@link LinearProbe} rescales a feature vector before its linear layer. */
public enum FeatureScaling {
    /**
     * Per feature {@code (x - mean) / std}, with the mean and (population) standard deviation of the training set;
     * a feature that is constant in training keeps std 1. The default; right for features with unrelated units,
     * such as logits joined with detector scores.
     */
    STANDARDIZE,
    /**
     * Per example {@code x / ||x||₂} (only the direction counts), the usual choice for CLIP-style embeddings that
     * are compared by cosine similarity. A zero vector stays zero.
     */
    L2_NORMALIZE,
    /**
     * Per example, the image part {@code x[0 .. d-t)} divided by its L2 norm and the last {@code t} features (the
     * detector scores of the lite features, {@link LiteFeatures#DETECTOR_SCORES}) passed unchanged. Standardising
     * would give each of ~1000 noisy logits the weight of a detector score; this keeps the scores on their own
     * 0..1 scale next to a unit-length image vector.
     */
    L2_NORMALIZE_HEAD
}
