package io.phototriage.models.probe;

import io.phototriage.core.stage.TriageClass;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What repeated stratified k-fold cross-validation says a training recipe does on photos it never saw: the mean
 * and standard deviation over every (repeat, fold) of the accuracy, the macro F1 and each class's recall.
 *
 * @param repeats      how many times the folds were redrawn
 * @param folds        k
 * @param seed         the seed of the first repeat (repeat r uses {@code seed + r})
 * @param accuracyMean mean accuracy over the repeats x folds held-out folds
 * @param accuracySd   its sample standard deviation
 * @param macroF1Mean  mean macro F1
 * @param macroF1Sd    its sample standard deviation
 * @param recallMean   mean recall of each class
 * @param recallSd     sample standard deviation of each class's recall
 * @param recipe       the training recipe in words (features, scaling, λ rule, class weighting)
 */
public record CrossValidationEstimate(int repeats, int folds, long seed, double accuracyMean, double accuracySd,
        double macroF1Mean, double macroF1Sd, Map<TriageClass, Double> recallMean, Map<TriageClass, Double> recallSd,
        String recipe) {
    /**
     * Validates and copies.
     *
     * @param repeats      how many times the k-fold cross-validation was repeated, at least 1
     * @param folds        k, at least 2
     * @param seed         the seed of the first repeat
     * @param accuracyMean mean accuracy over the held-out folds
     * @param accuracySd   its sample standard deviation
     * @param macroF1Mean  mean macro F1
     * @param macroF1Sd    its sample standard deviation
     * @param recallMean   mean recall of each class
     * @param recallSd     sample standard deviation of each class's recall
     * @param recipe       the training recipe in words
     * @throws IllegalArgumentException when {@code repeats} or {@code folds} is too small
     */
    public CrossValidationEstimate {
        if (repeats < 1 || folds < 2) {
            throw new IllegalArgumentException("need at least 1 repeat of at least 2 folds: " + repeats + " x " + folds);
        }
        recallMean = copy(recallMean);
        recallSd = copy(recallSd);
        Objects.requireNonNull(recipe, "recipe");
    }

    private static Map<TriageClass, Double> copy(Map<TriageClass, Double> m) {
        Map<TriageClass, Double> out = new EnumMap<>(TriageClass.class);
        out.putAll(m);
        return Collections.unmodifiableMap(out);
    }

    /**
     * The accuracy estimate in words.
     *
     * @return e.g. {@code 0.8531 ± 0.0512 (10 x 5-fold)}
     */
    public String describeAccuracy() {
        return String.format(java.util.Locale.ROOT, "%.4f ± %.4f (%d x %d-fold)", accuracyMean, accuracySd, repeats, folds);
    }
}
