package io.phototriage.models.probe;

import io.phototriage.core.eval.TrainingSplit;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link LinearProbe} was made, saved in the probe file and read back typed.
 *
 * @param featureExtractor what made its training features, with its weights
 * @param trainingSet      what it was trained on, in words (for reports; {@link #split()} is the typed truth)
 * @param seed             the seed of the fold assignment (and of any split the caller made)
 * @param split            which photos of which data set trained it and which were held out; empty for examples
 *                         that are not photos of a data set (synthetic tests)
 * @param crossValidation  the cross-validated accuracy estimate of the training recipe, when one was measured
 */
public record ProbeProvenance(String featureExtractor, String trainingSet, long seed, Optional<TrainingSplit> split,
        Optional<CrossValidationEstimate> crossValidation) {
    /**
     * Validates.
     *
     * @param featureExtractor which extractor and weights made the features
     * @param trainingSet      where the examples came from, in words
     * @param seed             the seed of the fold assignment
     * @param split            the typed split, or empty for examples that are not photos of a data set
     * @param crossValidation  the cross-validated estimate of the recipe, when one was measured
     * @throws NullPointerException when a component other than {@code seed} is null
     */
    public ProbeProvenance {
        Objects.requireNonNull(featureExtractor, "featureExtractor");
        Objects.requireNonNull(trainingSet, "trainingSet");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(crossValidation, "crossValidation");
    }

    /**
     * Provenance without a photo split or an estimate (examples that are not photos of a data set).
     *
     * @param featureExtractor which extractor and weights made the features
     * @param trainingSet      where the examples came from, in words
     * @param seed             the seed of the fold assignment
     */
    public ProbeProvenance(String featureExtractor, String trainingSet, long seed) {
        this(featureExtractor, trainingSet, seed, Optional.empty(), Optional.empty());
    }

    /**
     * The same provenance with a cross-validated estimate recorded.
     *
     * @param estimate the estimate
     * @return a copy holding it
     */
    public ProbeProvenance withCrossValidation(CrossValidationEstimate estimate) {
        return new ProbeProvenance(featureExtractor, trainingSet, seed, split, Optional.of(estimate));
    }
}
