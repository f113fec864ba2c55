package io.phototriage.models.probe;

import java.util.Objects;

/**
 * How a {@link LinearProbe} was made.
 *
 * @param featureExtractor what made its training features, with its weights
 * @param trainingSet      what it was trained on
 * @param seed             the seed of the fold assignment (and of any split the caller made)
 */
public record ProbeProvenance(String featureExtractor, String trainingSet, long seed) {
    public ProbeProvenance {
        Objects.requireNonNull(featureExtractor, "featureExtractor");
        Objects.requireNonNull(trainingSet, "trainingSet");
    }
}
