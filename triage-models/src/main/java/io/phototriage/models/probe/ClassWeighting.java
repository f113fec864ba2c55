package io.phototriage.models.probe;

/** How examples of each class count in a {@link LinearProbe}'s training loss. */
public enum ClassWeighting {
    /** Every example counts the same, so a rare class counts little. */
    NONE,
    /**
     * Each example of class {@code c} counts {@code n / (k * n_c)} (scikit-learn's {@code "balanced"}): every class
     * carries the same total weight however rare it is. The default, since photo collections are imbalanced.
     */
    BALANCED
}
