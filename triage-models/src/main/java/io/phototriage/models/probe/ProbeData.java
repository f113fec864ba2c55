package io.phototriage.models.probe;

import io.phototriage.core.eval.TrainingSplit;
import io.phototriage.core.stage.TriageClass;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Labelled feature vectors to train a {@link LinearProbe} on.
 *
 * @param features           one vector per example, all the same length
 * @param labels             the class of each example
 * @param featureExtractor   what made the vectors, with its weights, e.g. {@code mobilenet-v2@9a2028197f94}
 * @param featureDescription what each position holds (checked when a probe is put on a feature extractor)
 * @param trainingSet        where the examples came from, in words, e.g. {@code coco128 (train split, seed 42)}
 * @param split              the typed split when the examples are photos of a data set (saved in the probe's
 *                           provenance), else empty
 */
public record ProbeData(List<float[]> features, List<TriageClass> labels, String featureExtractor, String featureDescription,
        String trainingSet, Optional<TrainingSplit> split) {
    /**
     * Examples that are not photos of a data set: no typed split.
     *
     * @param features           one feature vector per example, all of the same length
     * @param labels             the class of each example, same order
     * @param featureExtractor   which extractor and weights made the features
     * @param featureDescription what each position holds
     * @param trainingSet        where the examples came from, in words
     * @throws IllegalArgumentException as the canonical constructor
     */
    public ProbeData(List<float[]> features, List<TriageClass> labels, String featureExtractor, String featureDescription,
            String trainingSet) {
        this(features, labels, featureExtractor, featureDescription, trainingSet, Optional.empty());
    }

    /**
     * Photos of a data set: the description is {@link TrainingSplit#describe()}.
     *
     * @param features           one feature vector per training photo, all of the same length
     * @param labels             the class of each photo, same order
     * @param featureExtractor   which extractor and weights made the features
     * @param featureDescription what each position holds
     * @param split              which photos of the data set trained and which were held out
     * @throws IllegalArgumentException as the canonical constructor
     */
    public ProbeData(List<float[]> features, List<TriageClass> labels, String featureExtractor, String featureDescription,
            TrainingSplit split) {
        this(features, labels, featureExtractor, featureDescription, split.describe(), Optional.of(split));
    }

    /**
     * Validates and copies.
     *
     * @param features           one feature vector per example; at least one, all of the same non-zero length, finite
     * @param labels             the class of each example, same order and count as {@code features}
     * @param featureExtractor   which extractor and weights made the features
     * @param featureDescription what each position holds
     * @param trainingSet        where the examples came from, in words
     * @param split              the typed split when the examples are photos of a data set, else empty
     * @throws IllegalArgumentException when the counts differ, there is no example, a vector is empty, of another
     *                                  length or holds a non-finite value
     */
    public ProbeData {
        Objects.requireNonNull(split, "split");
        features = List.copyOf(features);
        labels = List.copyOf(labels);
        Objects.requireNonNull(featureExtractor, "featureExtractor");
        Objects.requireNonNull(featureDescription, "featureDescription");
        Objects.requireNonNull(trainingSet, "trainingSet");
        if (features.size() != labels.size()) {
            throw new IllegalArgumentException(features.size() + " feature vectors but " + labels.size() + " labels");
        }
        if (features.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        int d = features.get(0).length;
        if (d == 0) {
            throw new IllegalArgumentException("feature vectors are empty");
        }
        for (int i = 0; i < features.size(); i++) {
            if (features.get(i).length != d) {
                throw new IllegalArgumentException("feature vector #" + i + " has " + features.get(i).length
                        + " values, the first has " + d + "; all must have the same length");
            }
            for (float v : features.get(i)) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("feature vector #" + i + " has a non-finite value " + v);
                }
            }
        }
    }

    /**
     * Length of every feature vector.
     *
     * @return the number of features per example
     */
    public int dimension() {
        return features.get(0).length;
    }

    /**
     * Number of examples.
     *
     * @return how many feature vectors (and labels) there are
     */
    public int size() {
        return features.size();
    }
}
