package io.phototriage.models.probe;

import io.phototriage.core.stage.TriageClass;
import io.phototriage.models.Softmax;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits a {@link LinearProbe}: class-weighted multinomial logistic regression by full-batch L-BFGS, with the L2
 * strength λ chosen by stratified k-fold cross-validation.
 *
 * <p>Minimises the class-weighted mean cross-entropy plus {@code (λ/2)·||W||²} (the bias is not regularised) from
 * all-zero weights. The loss is strictly convex in {@code W}, so the answer does not depend on the start; the only
 * random step is the fold assignment, seeded by {@link ProbeConfig#seed()}, so the same data and config give
 * bit-identical weights. λ is chosen from {@link ProbeConfig#lambdas()}: each candidate is fitted on k−1 folds
 * (scaling statistics included) and scored by the class-weighted cross-entropy on the held-out fold, pooled over the
 * folds; the lowest wins, and a tie goes to the stronger λ. The probe is then refitted on all the data with that λ.
 * A one-value grid skips cross-validation.
 *
 * <p>Every class needs at least two training examples: a class with one example would be missing from the training
 * part of the fold that holds it out. Zero or one example is an {@link IllegalArgumentException} naming the class.
 */
public final class ProbeFitter {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeFitter.class);
    private static final TriageClass[] CLASSES = TriageClass.values();
    private static final int K = CLASSES.length;

    private ProbeFitter() {}

    /**
     * Trains a probe on {@code data} (see the class documentation for what is chosen and how).
     *
     * @param data   labelled feature vectors and their provenance
     * @param config the training recipe (scaling, class weights, λ grid, folds, seed)
     * @return the fitted probe
     * @throws IllegalArgumentException if a class has fewer than two examples (the message names it)
     */
    public static LinearProbe train(ProbeData data, ProbeConfig config) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(config, "config");
        int n = data.size();
        int[] y = labels(data);
        int[] counts = new int[K];
        for (int label : y) {
            counts[label]++;
        }
        for (TriageClass c : CLASSES) {
            int count = counts[c.ordinal()];
            if (count == 0) {
                throw new IllegalArgumentException("class '" + c.label() + "' has no training examples in " + data.trainingSet()
                        + "; a probe needs at least 2 examples of each of people, pets and neither");
            }
            if (count == 1) {
                throw new IllegalArgumentException("class '" + c.label() + "' has only 1 training example in " + data.trainingSet()
                        + "; a probe needs at least 2 per class (one example cannot be both fitted and held out in"
                        + " cross-validation) - add examples of '" + c.label() + "'");
            }
        }
        double[][] x = doubles(data);
        List<Double> grid = config.lambdas();
        List<Double> cvLosses = new ArrayList<>();
        double lambda = grid.get(0);
        if (grid.size() > 1) {
            int[] fold = stratifiedFolds(y, config.folds(), config.seed());
            double best = Double.POSITIVE_INFINITY;
            for (double candidate : grid) {
                cvLosses.add(crossValidatedLoss(x, y, fold, config, candidate));
            }
            // From the strongest λ down, so that an exact tie keeps the stronger one.
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < grid.size(); i++) {
                order.add(i);
            }
            order.sort((a, b) -> Double.compare(grid.get(b), grid.get(a)));
            for (int i : order) {
                if (cvLosses.get(i) < best) {
                    best = cvLosses.get(i);
                    lambda = grid.get(i);
                }
            }
            LOG.info("Linear probe: λ={} chosen by {}-fold CV (losses {} for λ {})", lambda, config.folds(), cvLosses, grid);
        }
        LinearProbe fitted = fit(x, y, config, lambda, data.featureDescription());
        Map<TriageClass, Integer> perClass = new EnumMap<>(TriageClass.class);
        for (TriageClass c : CLASSES) {
            perClass.put(c, counts[c.ordinal()]);
        }
        LinearProbe.Training training = new LinearProbe.Training(lambda, grid, cvLosses, config.folds(), config.classWeighting(),
                perClass, fitted.training().iterations());
        return new LinearProbe(data.featureDescription(), fitted.scaler(), fitted.weightsRef(), fitted.biasRef(), training,
                new ProbeProvenance(data.featureExtractor(), data.trainingSet(), config.seed(), data.split(), java.util.Optional.empty()));
    }

    static int[] labels(ProbeData data) {
        int[] y = new int[data.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = data.labels().get(i).ordinal();
        }
        return y;
    }

    static double[][] doubles(ProbeData data) {
        double[][] x = new double[data.size()][];
        for (int i = 0; i < x.length; i++) {
            float[] f = data.features().get(i);
            x[i] = new double[f.length];
            for (int j = 0; j < f.length; j++) {
                x[i][j] = f[j];
            }
        }
        return x;
    }

    /**
     * Stratified fold of each example: each class's examples in a seeded random order, dealt to the folds in turn
     * (continuing the count across classes, so that the folds also have nearly equal sizes).
     */
    static int[] stratifiedFolds(int[] y, int folds, long seed) {
        Random random = new Random(seed);
        int[] fold = new int[y.length];
        int dealt = 0;
        for (int c = 0; c < K; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < y.length; i++) {
                if (y[i] == c) {
                    members.add(i);
                }
            }
            Collections.shuffle(members, random);
            for (int i : members) {
                fold[i] = dealt++ % folds;
            }
        }
        return fold;
    }

    private static double crossValidatedLoss(double[][] x, int[] y, int[] fold, ProbeConfig config, double lambda) {
        double[] classWeight = classWeights(y, config.classWeighting());
        double loss = 0;
        double weight = 0;
        for (int f = 0; f < config.folds(); f++) {
            List<Integer> train = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < y.length; i++) {
                (fold[i] == f ? test : train).add(i);
            }
            if (test.isEmpty()) {
                continue;
            }
            double[][] xTrain = new double[train.size()][];
            int[] yTrain = new int[train.size()];
            for (int i = 0; i < train.size(); i++) {
                xTrain[i] = x[train.get(i)];
                yTrain[i] = y[train.get(i)];
            }
            LinearProbe probe = fit(xTrain, yTrain, config, lambda, "");
            for (int i : test) {
                double[] p = probe.probabilities(x[i]);
                double w = classWeight[y[i]];
                loss += -w * Math.log(Math.max(p[y[i]], 1e-300));
                weight += w;
            }
        }
        return loss / weight;
    }

    /**
     * One fit at a fixed λ on rows {@code x} with labels {@code y}: the scaling statistics and the weights. The result
     * has no provenance and its {@link LinearProbe#training()} holds only the iteration count.
     */
    static LinearProbe fit(double[][] x, int[] y, ProbeConfig config, double lambda, String featureDescription) {
        int n = x.length;
        int d = x[0].length;
        Scaler scaler = Scaler.fit(config.scaling(), config.unscaledTail(), x);
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) {
            z[i] = scaler.apply(x[i]);
        }
        double[] classWeight = classWeights(y, config.classWeighting());
        double[] sampleWeight = new double[n];
        double totalWeight = 0;
        for (int i = 0; i < n; i++) {
            sampleWeight[i] = classWeight[y[i]];
            totalWeight += sampleWeight[i];
        }
        double norm = totalWeight;
        Lbfgs.Objective objective = (theta, grad) -> {
            Arrays.fill(grad, 0);
            double loss = 0;
            double[] logits = new double[K];
            for (int i = 0; i < n; i++) {
                double[] zi = z[i];
                for (int k = 0; k < K; k++) {
                    double s = theta[K * d + k];
                    int off = k * d;
                    for (int j = 0; j < d; j++) {
                        s += theta[off + j] * zi[j];
                    }
                    logits[k] = s;
                }
                double lse = Softmax.logSumExp(logits);
                loss += sampleWeight[i] * (lse - logits[y[i]]);
                for (int k = 0; k < K; k++) {
                    double r = sampleWeight[i] * (Math.exp(logits[k] - lse) - (k == y[i] ? 1 : 0)) / norm;
                    int off = k * d;
                    for (int j = 0; j < d; j++) {
                        grad[off + j] += r * zi[j];
                    }
                    grad[K * d + k] += r;
                }
            }
            double penalty = 0;
            for (int p = 0; p < K * d; p++) {
                penalty += theta[p] * theta[p];
                grad[p] += lambda * theta[p];
            }
            return loss / norm + 0.5 * lambda * penalty;
        };
        Lbfgs.Result result = Lbfgs.minimize(objective, new double[K * d + K], config.gradientTolerance(), config.maxIterations());
        if (!result.converged()) {
            LOG.warn("Linear probe: L-BFGS stopped after {} iterations before the gradient fell below {} (λ={})",
                    result.iterations(), config.gradientTolerance(), lambda);
        }
        double[][] weights = new double[K][d];
        double[] bias = new double[K];
        for (int k = 0; k < K; k++) {
            System.arraycopy(result.x(), k * d, weights[k], 0, d);
            bias[k] = result.x()[K * d + k];
        }
        LinearProbe.Training training = new LinearProbe.Training(lambda, List.of(lambda), List.of(), config.folds(),
                config.classWeighting(), Map.of(), result.iterations());
        return new LinearProbe(featureDescription, scaler, weights, bias, training, null);
    }

    static double[] classWeights(int[] y, ClassWeighting weighting) {
        double[] w = new double[K];
        if (weighting == ClassWeighting.NONE) {
            Arrays.fill(w, 1.0);
            return w;
        }
        int[] counts = new int[K];
        for (int label : y) {
            counts[label]++;
        }
        int present = 0;
        for (int c : counts) {
            if (c > 0) {
                present++;
            }
        }
        for (int k = 0; k < K; k++) {
            w[k] = counts[k] == 0 ? 0 : (double) y.length / (present * counts[k]);
        }
        return w;
    }
}
