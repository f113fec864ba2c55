package io.phototriage.models.probe;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phototriage.core.eval.TrainingSplit;
import io.phototriage.core.io.AtomicFiles;
import io.phototriage.core.stage.TriageClass;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The probe file format ({@value #FORMAT}): a small JSON file with the weights, bias, scaling (method, statistics,
 * unscaled tail), the feature description and dimension, class names, the training choices (λ, grid, CV losses,
 * class weighting, examples per class) and the typed provenance (feature extractor, training set in words, seed, the
 * split as file names, the cross-validated estimate). Doubles are written in full precision, so a loaded probe
 * predicts exactly what the saved one did.
 *
 * <p>Files of the first format ({@value #FORMAT_V1}) kept the split as prose; they are refused with a message that
 * says how to retrain.
 */
public final class ProbeCodec {
    /** The {@code format} field of probe files this class reads and writes. */
    public static final String FORMAT = "phototriage-linear-probe/2";
    /** The first format, whose provenance was prose; no longer read. */
    public static final String FORMAT_V1 = "phototriage-linear-probe/1";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final TriageClass[] CLASSES = TriageClass.values();
    private static final int K = CLASSES.length;

    private ProbeCodec() {}

    /**
     * Writes {@code probe} to {@code file}, creating its folder; atomically ({@link AtomicFiles}): a reader sees the
     * old file or the whole new one.
     *
     * @param probe the probe
     * @param file  where; replaced if it exists
     * @throws IOException when the folder or file cannot be written
     */
    public static void save(LinearProbe probe, Path file) throws IOException {
        AtomicFiles.writeCreatingFolder(file, out -> write(probe, out));
    }

    /**
     * Writes {@code probe} as JSON (the stream is left open).
     *
     * @param probe the probe
     * @param out   the stream
     * @throws IOException when writing fails
     */
    public static void write(LinearProbe probe, OutputStream out) throws IOException {
        // flushed, not closed: the caller owns the stream (AtomicFiles forces it to disk after this returns)
        JSON.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, toJson(probe));
    }

    /**
     * The JSON document of {@code probe}.
     *
     * @param probe the probe
     * @return a new object: format, classes, features, scaling, weights, bias, training choices and provenance
     */
    public static ObjectNode toJson(LinearProbe probe) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        ArrayNode classes = root.putArray("classes");
        for (TriageClass c : CLASSES) {
            classes.add(c.label());
        }
        ObjectNode features = root.putObject("features");
        features.put("dimension", probe.dimension());
        features.put("description", probe.featureDescription());
        Scaler scaler = probe.scaler();
        ObjectNode scalingNode = root.putObject("scaling");
        scalingNode.put("method", scaler.method().name());
        if (scaler.method() == FeatureScaling.STANDARDIZE) {
            putArray(scalingNode.putArray("mean"), scaler.mean());
            putArray(scalingNode.putArray("std"), scaler.std());
        }
        scalingNode.put("unscaledTail", scaler.unscaledTail());
        ArrayNode w = root.putArray("weights");
        for (double[] row : probe.weightsRef()) {
            putArray(w.addArray(), row);
        }
        putArray(root.putArray("bias"), probe.biasRef());
        LinearProbe.Training training = probe.training();
        ObjectNode t = root.putObject("training");
        t.put("lambda", training.lambda());
        training.lambdas().forEach(t.putArray("lambdas")::add);
        training.cvLosses().forEach(t.putArray("cvLosses")::add);
        t.put("folds", training.folds());
        t.put("classWeighting", training.classWeighting().name());
        ObjectNode perClass = t.putObject("examplesPerClass");
        training.examplesPerClass().forEach((c, count) -> perClass.put(c.label(), count));
        t.put("iterations", training.iterations());
        ProbeProvenance provenance = probe.provenance();
        ObjectNode p = root.putObject("provenance");
        p.put("featureExtractor", provenance.featureExtractor());
        p.put("trainingSet", provenance.trainingSet());
        p.put("seed", provenance.seed());
        if (provenance.split().isPresent()) {
            TrainingSplit s = provenance.split().get();
            ObjectNode split = p.putObject("split");
            split.put("dataset", s.dataset());
            split.put("method", s.method());
            split.put("testFraction", s.testFraction());
            split.put("seed", s.seed());
            s.train().forEach(split.putArray("train")::add);
            s.heldOut().forEach(split.putArray("heldOut")::add);
        } else {
            p.putNull("split");
        }
        if (provenance.crossValidation().isPresent()) {
            CrossValidationEstimate e = provenance.crossValidation().get();
            ObjectNode cv = p.putObject("crossValidation");
            cv.put("repeats", e.repeats());
            cv.put("folds", e.folds());
            cv.put("seed", e.seed());
            cv.put("accuracyMean", e.accuracyMean());
            cv.put("accuracySd", e.accuracySd());
            cv.put("macroF1Mean", e.macroF1Mean());
            cv.put("macroF1Sd", e.macroF1Sd());
            ObjectNode rm = cv.putObject("recallMean");
            e.recallMean().forEach((c, v) -> rm.put(c.label(), v));
            ObjectNode rs = cv.putObject("recallSd");
            e.recallSd().forEach((c, v) -> rs.put(c.label(), v));
            cv.put("recipe", e.recipe());
        } else {
            p.putNull("crossValidation");
        }
        return root;
    }

    private static void putArray(ArrayNode node, double[] values) {
        for (double v : values) {
            node.add(v);
        }
    }

    /**
     * Reads a probe file written by {@link #save}.
     *
     * @param file the probe file
     * @return the probe
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
     * @param in     the JSON text; not closed
     * @return the probe
     * @param source names the stream in error messages
     * @throws IOException if it is not a valid probe file, or a file of the old format (the message says how to
     *                     retrain)
     */
    public static LinearProbe read(InputStream in, String source) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (IOException e) {
            throw new IOException("probe file " + source + " is not valid JSON: " + e.getMessage(), e);
        }
        if (root != null && FORMAT_V1.equals(root.path("format").asText())) {
            throw new IOException("probe file " + source + " has the old format " + FORMAT_V1 + ", which kept its training"
                    + " split as prose; this version reads " + FORMAT + " (a typed split). Retrain it with"
                    + " 'phototriage train-classifier' (see docs/classify.md)");
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
        Arrays.fill(rowOf, -1);
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
        FeatureScaling method = FeatureScaling.valueOf(text(scalingNode, "method"));
        double[] mean = null;
        double[] std = null;
        if (method == FeatureScaling.STANDARDIZE) {
            mean = doubles(field(scalingNode, "mean"), d, "scaling.mean");
            std = doubles(field(scalingNode, "std"), d, "scaling.std");
            for (double s : std) {
                require(s > 0, "scaling.std values must be positive");
            }
        }
        int tail = field(scalingNode, "unscaledTail").asInt();
        require(tail >= 0 && tail < d, "scaling.unscaledTail must be in [0, " + d + ")");
        Scaler scaler = new Scaler(method, mean, std, tail);
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
        field(t, "examplesPerClass").properties().forEach(e -> perClass.put(TriageClass.ofLabel(e.getKey()), e.getValue().asInt()));
        LinearProbe.Training training = new LinearProbe.Training(field(t, "lambda").asDouble(), lambdas, cvLosses,
                field(t, "folds").asInt(), ClassWeighting.valueOf(text(t, "classWeighting")), perClass, field(t, "iterations").asInt());
        JsonNode p = field(root, "provenance");
        ProbeProvenance provenance = new ProbeProvenance(text(p, "featureExtractor"), text(p, "trainingSet"),
                field(p, "seed").asLong(), split(p.get("split")), crossValidation(p.get("crossValidation")));
        return new LinearProbe(description, scaler, weights, bias, training, provenance);
    }

    private static Optional<TrainingSplit> split(JsonNode s) {
        if (s == null || s.isNull()) {
            return Optional.empty();
        }
        return Optional.of(new TrainingSplit(text(s, "dataset"), text(s, "method"), field(s, "testFraction").asDouble(),
                field(s, "seed").asLong(), strings(field(s, "train"), "split.train"), strings(field(s, "heldOut"), "split.heldOut")));
    }

    private static Optional<CrossValidationEstimate> crossValidation(JsonNode cv) {
        if (cv == null || cv.isNull()) {
            return Optional.empty();
        }
        return Optional.of(new CrossValidationEstimate(field(cv, "repeats").asInt(), field(cv, "folds").asInt(),
                field(cv, "seed").asLong(), field(cv, "accuracyMean").asDouble(), field(cv, "accuracySd").asDouble(),
                field(cv, "macroF1Mean").asDouble(), field(cv, "macroF1Sd").asDouble(), perClass(field(cv, "recallMean")),
                perClass(field(cv, "recallSd")), text(cv, "recipe")));
    }

    private static Map<TriageClass, Double> perClass(JsonNode node) {
        Map<TriageClass, Double> out = new EnumMap<>(TriageClass.class);
        node.properties().forEach(e -> out.put(TriageClass.ofLabel(e.getKey()), e.getValue().asDouble()));
        return out;
    }

    private static List<String> strings(JsonNode node, String name) {
        require(node.isArray(), name + " must be an array of file names");
        List<String> out = new ArrayList<>();
        node.forEach(v -> {
            require(v.isTextual(), name + " must hold strings");
            out.add(v.asText());
        });
        return out;
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
}
