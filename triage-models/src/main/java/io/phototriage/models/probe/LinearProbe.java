package io.phototriage.models.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phototriage.core.stage.Classification;
import io.phototriage.core.stage.TriageClass;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A linear probe: multinomial logistic regression from a fixed feature vector to the three
 * {@link TriageClass}es, with softmax probabilities as confidence. Pure Java, trained deterministically.
 *
 * <h2>Model</h2>
 * {@code p = softmax(W · scale(x) + b)}, one row of {@code W} and one bias per class, in {@link TriageClass} order.
 * {@code scale} is {@link FeatureScaling#STANDARDIZE} (per feature, with the training set's mean and population
 * standard deviation; a feature constant in training keeps std 1) or {@link FeatureScaling#L2_NORMALIZE} (per
 * example, for CLIP-style embeddings).
 *
 * <h2>Training</h2>
 * Minimises the class-weighted mean cross-entropy plus {@code (λ/2)·||W||²} (the bias is not regularised) with
 * full-batch L-BFGS from all-zero weights. The loss is strictly convex in {@code W}, so the answer does not depend on
 * the start; the only random step is the fold assignment, seeded by {@link ProbeConfig#seed()}, so the same data and
 * config give bit-identical weights. Class weights are {@link ClassWeighting#BALANCED} by default.
 *
 * <p>λ is chosen from a fixed grid ({@link ProbeConfig#DEFAULT_LAMBDAS}: 10⁻⁴ … 10¹) by stratified k-fold
 * cross-validation on the training set (k = 5 by default): each candidate is fitted on k−1 folds (scaling statistics
 * included) and scored by the class-weighted cross-entropy on the held-out fold, pooled over the folds; the lowest
 * wins, and a tie goes to the stronger λ. The probe is then refitted on the whole training set with that λ. A
 * one-value grid skips cross-validation.
 *
 * <p>Every class needs at least two training examples: a class with one example would be missing from the training
 * part of the fold that holds it out, and one example says nothing about a class's spread. Zero or one example is an
 * {@link IllegalArgumentException} that names the class.
 *
 * <h2>File</h2>
 * {@link #save}/{@link #load} write a small JSON file: weights, bias, scaling statistics, the feature description
 * and dimension, class names, the training choices (λ, grid, CV losses, class weighting, examples per class) and
 * provenance (feature extractor, training set, seed). Doubles are written in full precision, so a loaded probe
 * predicts exactly what the saved one did.
 */
public final class LinearProbe {
    /** The {@code format} field of probe files this class reads and writes. */
    public static final String FORMAT = "phototriage-linear-probe/1";

    private static final Logger LOG = LoggerFactory.getLogger(LinearProbe.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final TriageClass[] CLASSES = TriageClass.values();
    private static final int K = CLASSES.length;

    private final String featureDescription;
    private final FeatureScaling scaling;
    private final double[] mean;
    private final double[] std;
    private final double[][] weights;
    private final double[] bias;
    private final Training training;
    private final ProbeProvenance provenance;

    /**
     * The choices training made.
     *
     * @param lambda           the L2 strength of the final fit
     * @param lambdas          the grid it was chosen from
     * @param cvLosses         the cross-validated loss of each grid value (empty when the grid has one value)
     * @param folds            k of the cross-validation
     * @param classWeighting   how classes were weighted
     * @param examplesPerClass training examples of each class
     * @param iterations       L-BFGS iterations of the final fit
     */
    public record Training(double lambda, List<Double> lambdas, List<Double> cvLosses, int folds, ClassWeighting classWeighting,
            Map<TriageClass, Integer> examplesPerClass, int iterations) {
        public Training {
            lambdas = List.copyOf(lambdas);
            cvLosses = List.copyOf(cvLosses);
            examplesPerClass = Collections.unmodifiableMap(new EnumMap<>(examplesPerClass));
            Objects.requireNonNull(classWeighting, "classWeighting");
        }
    }

    private LinearProbe(String featureDescription, FeatureScaling scaling, double[] mean, double[] std, double[][] weights,
            double[] bias, Training training, ProbeProvenance provenance) {
        this.featureDescription = featureDescription;
        this.scaling = scaling;
        this.mean = mean;
        this.std = std;
        this.weights = weights;
        this.bias = bias;
        this.training = training;
        this.provenance = provenance;
    }

    // ------------------------------------------------------------------------------------------------ training

    /**
     * Trains a probe on {@code data} (see the class documentation for what is chosen and how).
     *
     * @throws IllegalArgumentException if a class has fewer than two examples (the message names it)
     */
    public static LinearProbe train(ProbeData data, ProbeConfig config) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(config, "config");
        int n = data.size();
        int[] y = new int[n];
        int[] counts = new int[K];
        for (int i = 0; i < n; i++) {
            y[i] = data.labels().get(i).ordinal();
            counts[y[i]]++;
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
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            float[] f = data.features().get(i);
            x[i] = new double[f.length];
            for (int j = 0; j < f.length; j++) {
                x[i][j] = f[j];
            }
        }
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
        Fit fit = fit(x, y, config, lambda);
        Map<TriageClass, Integer> perClass = new EnumMap<>(TriageClass.class);
        for (TriageClass c : CLASSES) {
            perClass.put(c, counts[c.ordinal()]);
        }
        Training training = new Training(lambda, grid, cvLosses, config.folds(), config.classWeighting(), perClass, fit.iterations);
        return new LinearProbe(data.featureDescription(), config.scaling(), fit.mean, fit.std, fit.weights, fit.bias, training,
                new ProbeProvenance(data.featureExtractor(), data.trainingSet(), config.seed()));
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
            Fit fit = fit(xTrain, yTrain, config, lambda);
            LinearProbe probe = new LinearProbe("", config.scaling(), fit.mean, fit.std, fit.weights, fit.bias, null, null);
            for (int i : test) {
                double[] p = probe.probabilities(x[i]);
                double w = classWeight[y[i]];
                loss += -w * Math.log(Math.max(p[y[i]], 1e-300));
                weight += w;
            }
        }
        return loss / weight;
    }

    private record Fit(double[] mean, double[] std, double[][] weights, double[] bias, int iterations) {}

    private static Fit fit(double[][] x, int[] y, ProbeConfig config, double lambda) {
        int n = x.length;
        int d = x[0].length;
        double[] mean = null;
        double[] std = null;
        if (config.scaling() == FeatureScaling.STANDARDIZE) {
            mean = new double[d];
            std = new double[d];
            for (double[] row : x) {
                for (int j = 0; j < d; j++) {
                    mean[j] += row[j];
                }
            }
            for (int j = 0; j < d; j++) {
                mean[j] /= n;
            }
            for (double[] row : x) {
                for (int j = 0; j < d; j++) {
                    double c = row[j] - mean[j];
                    std[j] += c * c;
                }
            }
            for (int j = 0; j < d; j++) {
                std[j] = Math.sqrt(std[j] / n);
                if (!(std[j] > 1e-12)) {
                    std[j] = 1;
                }
            }
        }
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) {
            z[i] = scale(x[i], config.scaling(), mean, std);
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
            java.util.Arrays.fill(grad, 0);
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
                double lse = logSumExp(logits);
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
        return new Fit(mean, std, weights, bias, result.iterations());
    }

    private static double[] classWeights(int[] y, ClassWeighting weighting) {
        double[] w = new double[K];
        if (weighting == ClassWeighting.NONE) {
            java.util.Arrays.fill(w, 1.0);
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

    // ------------------------------------------------------------------------------------------------ prediction

    /** Length of the feature vectors this probe reads. */
    public int dimension() {
        return weights[0].length;
    }

    /**
     * Class probabilities for one feature vector, in {@link TriageClass} order (sum 1).
     *
     * @throws IllegalArgumentException if the vector's length is not {@link #dimension()} or it holds NaN/infinity
     */
    public double[] probabilities(float[] features) {
        Objects.requireNonNull(features, "features");
        checkLength(features.length);
        double[] x = new double[features.length];
        for (int j = 0; j < x.length; j++) {
            if (!Float.isFinite(features[j])) {
                throw new IllegalArgumentException("feature " + j + " is " + features[j] + "; the probe needs finite values");
            }
            x[j] = features[j];
        }
        return probabilities(x);
    }

    private double[] probabilities(double[] x) {
        double[] z = scale(x, scaling, mean, std);
        double[] logits = new double[K];
        for (int k = 0; k < K; k++) {
            double s = bias[k];
            double[] w = weights[k];
            for (int j = 0; j < z.length; j++) {
                s += w[j] * z[j];
            }
            logits[k] = s;
        }
        double lse = logSumExp(logits);
        double[] p = new double[K];
        for (int k = 0; k < K; k++) {
            p[k] = Math.exp(logits[k] - lse);
        }
        return p;
    }

    /** The most probable class, its softmax probability as confidence, and every class's probability. */
    public Classification classify(float[] features) {
        double[] p = probabilities(features);
        Map<TriageClass, Double> byClass = new EnumMap<>(TriageClass.class);
        for (TriageClass c : CLASSES) {
            byClass.put(c, p[c.ordinal()]);
        }
        return Classification.ofProbabilities(byClass);
    }

    private void checkLength(int length) {
        if (length != dimension()) {
            throw new IllegalArgumentException("the probe expects " + dimension() + " features (" + featureDescription + ") but got "
                    + length + "; was it trained on another feature extractor? (trained on "
                    + (provenance == null ? "?" : provenance.featureExtractor()) + ")");
        }
    }

    private static double[] scale(double[] x, FeatureScaling scaling, double[] mean, double[] std) {
        double[] z = new double[x.length];
        if (scaling == FeatureScaling.STANDARDIZE) {
            for (int j = 0; j < x.length; j++) {
                z[j] = (x[j] - mean[j]) / std[j];
            }
        } else {
            double norm = Math.sqrt(Lbfgs.dot(x, x));
            if (norm > 0) {
                for (int j = 0; j < x.length; j++) {
                    z[j] = x[j] / norm;
                }
            }
        }
        return z;
    }

    private static double logSumExp(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double e : v) {
            max = Math.max(max, e);
        }
        double sum = 0;
        for (double e : v) {
            sum += Math.exp(e - max);
        }
        return max + Math.log(sum);
    }

    // ------------------------------------------------------------------------------------------------ accessors

    /** What each feature position holds, as given at training time. */
    public String featureDescription() {
        return featureDescription;
    }

    public FeatureScaling scaling() {
        return scaling;
    }

    /** What training chose (λ, CV losses, class weighting, examples per class). */
    public Training training() {
        return training;
    }

    public ProbeProvenance provenance() {
        return provenance;
    }

    /** A copy of the weights, {@code [class][feature]} in {@link TriageClass} order, on scaled features. */
    public double[][] weights() {
        double[][] copy = new double[K][];
        for (int k = 0; k < K; k++) {
            copy[k] = weights[k].clone();
        }
        return copy;
    }

    /** A copy of the per-class biases in {@link TriageClass} order. */
    public double[] bias() {
        return bias.clone();
    }

    // ------------------------------------------------------------------------------------------------ file

    /** Writes the probe as JSON to {@code file} (see the class documentation for the content). */
    public void save(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out);
        }
    }

    /** Writes the probe as JSON (the stream is left open). */
    public void write(OutputStream out) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        ArrayNode classes = root.putArray("classes");
        for (TriageClass c : CLASSES) {
            classes.add(c.label());
        }
        ObjectNode features = root.putObject("features");
        features.put("dimension", dimension());
        features.put("description", featureDescription);
        ObjectNode scalingNode = root.putObject("scaling");
        scalingNode.put("method", scaling.name());
        if (scaling == FeatureScaling.STANDARDIZE) {
            putArray(scalingNode.putArray("mean"), mean);
            putArray(scalingNode.putArray("std"), std);
        }
        ArrayNode w = root.putArray("weights");
        for (double[] row : weights) {
            putArray(w.addArray(), row);
        }
        putArray(root.putArray("bias"), bias);
        ObjectNode t = root.putObject("training");
        t.put("lambda", training.lambda());
        training.lambdas().forEach(t.putArray("lambdas")::add);
        training.cvLosses().forEach(t.putArray("cvLosses")::add);
        t.put("folds", training.folds());
        t.put("classWeighting", training.classWeighting().name());
        ObjectNode perClass = t.putObject("examplesPerClass");
        training.examplesPerClass().forEach((c, count) -> perClass.put(c.label(), count));
        t.put("iterations", training.iterations());
        ObjectNode p = root.putObject("provenance");
        p.put("featureExtractor", provenance.featureExtractor());
        p.put("trainingSet", provenance.trainingSet());
        p.put("seed", provenance.seed());
        JSON.writeValue(new NonClosingOutputStream(out), root);
    }

    private static void putArray(ArrayNode node, double[] values) {
        for (double v : values) {
            node.add(v);
        }
    }

    /**
     * Reads a probe written by {@link #save}.
     *
     * @throws IOException if the file cannot be read or is not a valid probe file (the message names the file and
     *                     the field)
     */
    public static LinearProbe load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads a probe from a stream, e.g. a class-path resource.
     *
     * @param source names the stream in error messages
     */
    public static LinearProbe read(InputStream in, String source) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (IOException e) {
            throw new IOException("probe file " + source + " is not valid JSON: " + e.getMessage(), e);
        }
        try {
            return fromJson(root);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IOException("probe file " + source + " is not a valid " + FORMAT + " file: " + e.getMessage(), e);
        }
    }

    private static LinearProbe fromJson(JsonNode root) {
        require(root != null && root.isObject(), "the top level is not a JSON object");
        require(FORMAT.equals(text(root, "format")), "format is '" + root.path("format").asText() + "', expected '" + FORMAT + "'");
        JsonNode classes = field(root, "classes");
        require(classes.isArray() && classes.size() == K, "\"classes\" must list " + K + " classes");
        int[] rowOf = new int[K];
        java.util.Arrays.fill(rowOf, -1);
        for (int r = 0; r < K; r++) {
            TriageClass c = TriageClass.ofLabel(classes.get(r).asText());
            require(rowOf[c.ordinal()] < 0, "class '" + c.label() + "' is listed twice");
            rowOf[c.ordinal()] = r;
        }
        JsonNode features = field(root, "features");
        int d = field(features, "dimension").asInt();
        require(d > 0, "features.dimension must be positive");
        String description = text(features, "description");
        JsonNode scalingNode = field(root, "scaling");
        FeatureScaling scaling = FeatureScaling.valueOf(text(scalingNode, "method"));
        double[] mean = null;
        double[] std = null;
        if (scaling == FeatureScaling.STANDARDIZE) {
            mean = doubles(field(scalingNode, "mean"), d, "scaling.mean");
            std = doubles(field(scalingNode, "std"), d, "scaling.std");
            for (double s : std) {
                require(s > 0, "scaling.std values must be positive");
            }
        }
        JsonNode w = field(root, "weights");
        require(w.isArray() && w.size() == K, "\"weights\" must have " + K + " rows");
        double[] fileBias = doubles(field(root, "bias"), K, "bias");
        double[][] weights = new double[K][];
        double[] bias = new double[K];
        for (TriageClass c : CLASSES) {
            int r = rowOf[c.ordinal()];
            weights[c.ordinal()] = doubles(w.get(r), d, "weights[" + r + "]");
            bias[c.ordinal()] = fileBias[r];
        }
        JsonNode t = field(root, "training");
        List<Double> lambdas = new ArrayList<>();
        field(t, "lambdas").forEach(v -> lambdas.add(v.asDouble()));
        List<Double> cvLosses = new ArrayList<>();
        field(t, "cvLosses").forEach(v -> cvLosses.add(v.asDouble()));
        Map<TriageClass, Integer> perClass = new EnumMap<>(TriageClass.class);
        field(t, "examplesPerClass").fields().forEachRemaining(e -> perClass.put(TriageClass.ofLabel(e.getKey()), e.getValue().asInt()));
        Training training = new Training(field(t, "lambda").asDouble(), lambdas, cvLosses, field(t, "folds").asInt(),
                ClassWeighting.valueOf(text(t, "classWeighting")), perClass, field(t, "iterations").asInt());
        JsonNode p = field(root, "provenance");
        ProbeProvenance provenance = new ProbeProvenance(text(p, "featureExtractor"), text(p, "trainingSet"), field(p, "seed").asLong());
        return new LinearProbe(description, scaling, mean, std, weights, bias, training, provenance);
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode v = node.get(name);
        require(v != null && !v.isNull(), "field \"" + name + "\" is missing");
        return v;
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = field(node, name);
        require(v.isTextual(), "field \"" + name + "\" must be a string");
        return v.asText();
    }

    private static double[] doubles(JsonNode node, int length, String name) {
        require(node != null && node.isArray() && node.size() == length, name + " must be an array of " + length + " numbers");
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            require(node.get(i).isNumber() && Double.isFinite(node.get(i).asDouble()), name + "[" + i + "] is not a finite number");
            out[i] = node.get(i).asDouble();
        }
        return out;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    private static final class NonClosingOutputStream extends java.io.FilterOutputStream {
        NonClosingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    @Override
    public String toString() {
        return "LinearProbe[" + dimension() + " features (" + featureDescription + "), " + scaling + ", λ=" + training.lambda()
                + ", trained on " + provenance.trainingSet() + " with " + provenance.featureExtractor() + "]";
    }
}
