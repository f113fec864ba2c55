package io.phototriage.models.probe;

import io.phototriage.core.stage.Classification;
import io.phototriage.core.stage.TriageClass;
import io.phototriage.models.Softmax;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A linear probe: multinomial logistic regression from a fixed feature vector to the three {@link TriageClass}es,
 * with softmax probabilities as confidence. This class is the model (what it predicts and how it was made);
 * {@link ProbeFitter} fits one and {@link ProbeCodec} is its file format.
 *
 * <h2>Model</h2>
 * {@code p = softmax(W · scale(x) + b)}, one row of {@code W} and one bias per class, in {@link TriageClass} order.
 * {@code scale} is {@link FeatureScaling#STANDARDIZE} (per feature, with the training set's mean and population
 * standard deviation; a feature constant in training keeps std 1), {@link FeatureScaling#L2_NORMALIZE} (per example,
 * for CLIP-style embeddings) or {@link FeatureScaling#L2_NORMALIZE_HEAD} (per example, the image part normalised and
 * the trailing detector scores unscaled).
 */
public final class LinearProbe {
    /** The {@code format} field of probe files ({@link ProbeCodec#FORMAT}). */
    public static final String FORMAT = ProbeCodec.FORMAT;

    private static final TriageClass[] CLASSES = TriageClass.values();
    private static final int K = CLASSES.length;

    private final String featureDescription;
    private final Scaler scaler;
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
        /**
         * Copies the lists and the map.
         *
         * @param lambda           the L2 strength of the final fit
         * @param lambdas          the grid it was chosen from
         * @param cvLosses         the cross-validated loss of each grid value (empty when the grid has one value)
         * @param folds            k of the cross-validation
         * @param classWeighting   how classes were weighted
         * @param examplesPerClass training examples of each class
         * @param iterations       L-BFGS iterations of the final fit
         * @throws NullPointerException when a list, the map or {@code classWeighting} is null
         */
        public Training {
            lambdas = List.copyOf(lambdas);
            cvLosses = List.copyOf(cvLosses);
            Map<TriageClass, Integer> copy = new EnumMap<>(TriageClass.class);
            copy.putAll(examplesPerClass);
            examplesPerClass = Collections.unmodifiableMap(copy);
            Objects.requireNonNull(classWeighting, "classWeighting");
        }
    }

    LinearProbe(String featureDescription, Scaler scaler, double[][] weights, double[] bias, Training training,
            ProbeProvenance provenance) {
        this.featureDescription = featureDescription;
        this.scaler = scaler;
        this.weights = weights;
        this.bias = bias;
        this.training = training;
        this.provenance = provenance;
    }

    /**
     * Trains a probe on {@code data} ({@link ProbeFitter#train}).
     *
     * @param data   labelled feature vectors and their provenance
     * @param config the training recipe (scaling, class weights, λ grid, folds, seed)
     * @return the fitted probe
     * @throws IllegalArgumentException if a class has fewer than two examples (the message names it)
     */
    public static LinearProbe train(ProbeData data, ProbeConfig config) {
        return ProbeFitter.train(data, config);
    }

    /**
     * This probe with a cross-validated estimate of its training recipe recorded in its provenance.
     *
     * @param estimate the estimate of the recipe's accuracy on unseen photos
     * @return a new probe with the same weights; this one is unchanged
     */
    public LinearProbe withCrossValidation(CrossValidationEstimate estimate) {
        return new LinearProbe(featureDescription, scaler, weights, bias, training, provenance.withCrossValidation(estimate));
    }

    // ------------------------------------------------------------------------------------------------ prediction

    /**
     * Length of the feature vectors this probe reads.
     *
     * @return the number of features per vector
     */
    public int dimension() {
        return weights[0].length;
    }

    /**
     * Class probabilities for one feature vector, in {@link TriageClass} order (sum 1).
     *
     * @param features one vector of {@link #dimension()} raw (unscaled) features
     * @return the softmax probability of each class, in [0, 1]
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

    double[] probabilities(double[] x) {
        double[] z = scaler.apply(x);
        double[] logits = new double[K];
        for (int k = 0; k < K; k++) {
            double s = bias[k];
            double[] w = weights[k];
            for (int j = 0; j < z.length; j++) {
                s += w[j] * z[j];
            }
            logits[k] = s;
        }
        double lse = Softmax.logSumExp(logits);
        double[] p = new double[K];
        for (int k = 0; k < K; k++) {
            p[k] = Math.exp(logits[k] - lse);
        }
        return p;
    }

    /**
     * The most probable class, its softmax probability as confidence, and every class's probability.
     *
     * @param features one vector of {@link #dimension()} raw (unscaled) features
     * @return the classification
     * @throws IllegalArgumentException if the vector's length is not {@link #dimension()} or it holds NaN/infinity
     */
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


    // ------------------------------------------------------------------------------------------------ accessors

    /**
     * What each feature position holds, as given at training time.
     *
     * @return the description, e.g. which embedding of which model
     */
    public String featureDescription() {
        return featureDescription;
    }

    /**
     * How features are scaled before the linear layer.
     *
     * @return the scaling method
     */
    public FeatureScaling scaling() {
        return scaler.method();
    }

    /**
     * With {@link FeatureScaling#L2_NORMALIZE_HEAD}: how many trailing features pass unscaled (else 0).
     *
     * @return the number of trailing features left unscaled
     */
    public int unscaledTail() {
        return scaler.unscaledTail();
    }

    Scaler scaler() {
        return scaler;
    }

    /**
     * What training chose.
     *
     * @return λ, CV losses, class weighting and examples per class
     */
    public Training training() {
        return training;
    }

    /**
     * How the probe was made.
     *
     * @return feature extractor, typed training split and any cross-validated estimate
     */
    public ProbeProvenance provenance() {
        return provenance;
    }

    /**
     * A copy of the weights.
     *
     * @return {@code [class][feature]} in {@link TriageClass} order, on scaled features
     */
    public double[][] weights() {
        double[][] copy = new double[K][];
        for (int k = 0; k < K; k++) {
            copy[k] = weights[k].clone();
        }
        return copy;
    }

    double[][] weightsRef() {
        return weights;
    }

    /**
     * A copy of the per-class biases.
     *
     * @return one bias per class, in {@link TriageClass} order
     */
    public double[] bias() {
        return bias.clone();
    }

    double[] biasRef() {
        return bias;
    }

    // ------------------------------------------------------------------------------------------------ file

    /**
     * Writes the probe to {@code file} in the {@link ProbeCodec} format.
     *
     * @param file where to write
     * @throws IOException when the file cannot be written
     */
    public void save(Path file) throws IOException {
        ProbeCodec.save(this, file);
    }

    /**
     * Writes the probe in the {@link ProbeCodec} format (the stream is left open).
     *
     * @param out the stream
     * @throws IOException when writing fails
     */
    public void write(OutputStream out) throws IOException {
        ProbeCodec.write(this, out);
    }

    /**
     * Reads a probe file ({@link ProbeCodec#load}).
     *
     * @param file the probe file
     * @return the probe
     * @throws IOException if the file cannot be read or is not a valid probe file
     */
    public static LinearProbe load(Path file) throws IOException {
        return ProbeCodec.load(file);
    }

    /**
     * Reads a probe from a stream ({@link ProbeCodec#read}).
     *
     * @param in     the stream; not closed
     * @return the probe
     * @param source names the stream in error messages
     * @throws IOException if it is not a valid probe file
     */
    public static LinearProbe read(InputStream in, String source) throws IOException {
        return ProbeCodec.read(in, source);
    }

    @Override
    public String toString() {
        return "LinearProbe[" + dimension() + " features (" + featureDescription + "), " + scaling() + ", λ=" + training.lambda()
                + ", trained on " + provenance.trainingSet() + " with " + provenance.featureExtractor() + "]";
    }
}
