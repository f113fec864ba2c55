package io.phototriage.models.probe;

import io.phototriage.core.eval.ClassificationMetrics;
import io.phototriage.core.stage.TriageClass;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Repeated stratified k-fold cross-validation of a probe training recipe: how a probe trained the same way does on
 * photos it never saw. Each repeat deals the examples to k folds afresh ({@code ProbeFitter.stratifiedFolds}, seed
 * {@code seed + repeat}); each fold is held out once while a probe is trained on the others with the full recipe
 * (including its own cross-validated choice of λ, so the estimate is nested and λ never sees the held-out fold).
 * The estimate is the mean and sample standard deviation over the {@code repeats x k} held-out folds.
 */
public final class ProbeCrossValidation {
    private static final TriageClass[] CLASSES = TriageClass.values();

    private ProbeCrossValidation() {}

    /**
     * Cross-validates {@code config} on {@code data}.
     *
     * @param data    the labelled feature vectors
     * @param config  the training recipe; each fold trains a probe with it
     * @param repeats how many times the k-fold split is repeated, each with its own seed
     * @param folds   k
     * @param seed    the seed of the first repeat
     * @param recipe  the recipe in words, recorded in the estimate
     * @return the mean and sample standard deviation of accuracy, macro F1 and each class's recall over all folds
     * @throws IllegalArgumentException if a class has fewer than {@code folds} examples (a fold would miss it) or a
     *                                  training part has fewer than two examples of a class
     */
    public static CrossValidationEstimate estimate(ProbeData data, ProbeConfig config, int repeats, int folds, long seed,
            String recipe) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(config, "config");
        if (repeats < 1 || folds < 2) {
            throw new IllegalArgumentException("need at least 1 repeat of at least 2 folds: " + repeats + " x " + folds);
        }
        int[] y = ProbeFitter.labels(data);
        for (TriageClass c : CLASSES) {
            long n = java.util.Arrays.stream(y).filter(v -> v == c.ordinal()).count();
            if (n < folds) {
                throw new IllegalArgumentException("class '" + c.label() + "' has " + n + " examples, fewer than the " + folds
                        + " folds: cross-validation needs at least one per fold");
            }
        }
        List<Double> accuracy = new ArrayList<>();
        List<Double> macroF1 = new ArrayList<>();
        Map<TriageClass, List<Double>> recall = new EnumMap<>(TriageClass.class);
        for (TriageClass c : CLASSES) {
            recall.put(c, new ArrayList<>());
        }
        for (int r = 0; r < repeats; r++) {
            int[] fold = ProbeFitter.stratifiedFolds(y, folds, seed + r);
            for (int f = 0; f < folds; f++) {
                List<float[]> trainX = new ArrayList<>();
                List<TriageClass> trainY = new ArrayList<>();
                List<float[]> testX = new ArrayList<>();
                List<TriageClass> testY = new ArrayList<>();
                for (int i = 0; i < y.length; i++) {
                    (fold[i] == f ? testX : trainX).add(data.features().get(i));
                    (fold[i] == f ? testY : trainY).add(data.labels().get(i));
                }
                LinearProbe probe = ProbeFitter.train(new ProbeData(trainX, trainY, data.featureExtractor(),
                        data.featureDescription(), "cross-validation fold"), config);
                List<TriageClass> predicted = testX.stream().map(x -> probe.classify(x).label()).toList();
                ClassificationMetrics<TriageClass> m = ClassificationMetrics.of(List.of(CLASSES), testY, predicted);
                accuracy.add(m.accuracy());
                macroF1.add(m.macroF1());
                for (TriageClass c : CLASSES) {
                    recall.get(c).add(m.recall(c));
                }
            }
        }
        Map<TriageClass, Double> recallMean = new EnumMap<>(TriageClass.class);
        Map<TriageClass, Double> recallSd = new EnumMap<>(TriageClass.class);
        for (TriageClass c : CLASSES) {
            recallMean.put(c, mean(recall.get(c)));
            recallSd.put(c, sd(recall.get(c)));
        }
        return new CrossValidationEstimate(repeats, folds, seed, mean(accuracy), sd(accuracy), mean(macroF1), sd(macroF1),
                recallMean, recallSd, recipe);
    }

    static double mean(List<Double> values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.size();
    }

    /** The sample standard deviation (n - 1); 0 for a single value. */
    static double sd(List<Double> values) {
        if (values.size() < 2) {
            return 0;
        }
        double m = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - m) * (v - m);
        }
        return Math.sqrt(sum / (values.size() - 1));
    }
}
