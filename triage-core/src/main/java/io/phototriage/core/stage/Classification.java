package io.phototriage.core.stage;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The classify stage's answer.
 *
 * @param label         the most probable class
 * @param confidence    its probability in {@code [0, 1]}
 * @param probabilities the probability of every class (sums to 1)
 */
public record Classification(TriageClass label, double confidence, Map<TriageClass, Double> probabilities) {
    /**
     * Checks the label and confidence and copies the probabilities.
     *
     * @param label the most probable class
     * @param confidence its probability in {@code [0, 1]}
     * @param probabilities the probability of every class (sums to 1)
     * @throws IllegalArgumentException if {@code confidence} is not in [0, 1]
     */
    public Classification {
        Objects.requireNonNull(label, "label");
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1]: " + confidence);
        }
        probabilities = Map.copyOf(probabilities);
    }

    /**
     * The class with the highest probability.
     *
     * @param probabilities one probability per class
     * @return the classification whose label is the most probable class
     */
    public static Classification ofProbabilities(Map<TriageClass, Double> probabilities) {
        Map<TriageClass, Double> copy = new EnumMap<>(probabilities);
        TriageClass best = null;
        double bestP = -1;
        for (Map.Entry<TriageClass, Double> e : copy.entrySet()) {
            if (e.getValue() > bestP) {
                best = e.getKey();
                bestP = e.getValue();
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no class probabilities");
        }
        return new Classification(best, bestP, copy);
    }
}
