package io.phototriage.core.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phototriage.core.eval.ThresholdCalibration.Counts;
import io.phototriage.core.eval.ThresholdCalibration.Provenance;
import io.phototriage.core.eval.ThresholdCalibration.Result;
import io.phototriage.core.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The threshold calibration file: a small JSON document with the threshold, the rule in words, precision / recall /
 * F1 and the box counts on the calibration set, the provenance, and (since photo-level calibration) a
 * {@code photo_level} object with the photo-level decisions at the threshold per group and overall. Files without
 * {@code photo_level} are read with an empty {@link Result#photoLevel()}.
 */
public final class CalibrationCodec {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CalibrationCodec() {}

    /**
     * Writes {@code result} to {@code file} as indented JSON ({@link #toJson}), creating its folder and replacing
     * the file if it exists; atomically ({@link AtomicFiles}): a reader sees the old file or the whole new one.
     *
     * @param result the calibration to write
     * @param file   where; its parent folders are created
     * @throws IOException when the folder or file cannot be written
     */
    public static void save(Result result, Path file) throws IOException {
        AtomicFiles.writeCreatingFolder(file, out -> JSON.writeValue(out, toJson(result)));
    }

    /**
     * {@code result} as JSON (the format {@link #read} reads).
     *
     * @param result the calibration
     * @return a new object: threshold, rule, precision, recall, F1, counts, provenance and, when present,
     *         {@code photo_level}
     */
    public static ObjectNode toJson(Result result) {
        ObjectNode root = JSON.createObjectNode();
        root.put("threshold", result.threshold());
        root.put("rule", result.rule());
        root.put("precision", result.precision());
        root.put("recall", result.recall());
        root.put("f1", result.f1());
        root.putObject("counts")
                .put("true_positives", result.counts().truePositives())
                .put("false_positives", result.counts().falsePositives())
                .put("ground_truths", result.counts().groundTruths());
        root.putObject("provenance")
                .put("dataset", result.provenance().dataset())
                .put("image_count", result.provenance().imageCount())
                .put("model", result.provenance().model());
        result.photoLevel().ifPresent(p -> root.set("photo_level", photoLevel(p)));
        return root;
    }

    /**
     * A photo-level report as JSON: images, then per group and overall TP / FP / FN with precision, recall and F1.
     *
     * @param report the photo-level decisions at one threshold
     * @return a new object, groups in the report's order
     */
    public static ObjectNode photoLevel(PhotoCalibration.Report report) {
        ObjectNode n = JSON.createObjectNode();
        n.put("threshold", report.threshold());
        n.put("images", report.images());
        ObjectNode groups = n.putObject("per_group");
        report.perGroup().forEach((g, c) -> groups.set(g, counts(c)));
        n.set("overall", counts(report.overall()));
        return n;
    }

    private static ObjectNode counts(PhotoCalibration.Counts c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("true_positives", c.truePositives());
        n.put("false_positives", c.falsePositives());
        n.put("false_negatives", c.falseNegatives());
        n.put("precision", c.precision());
        n.put("recall", c.recall());
        n.put("f1", c.f1());
        return n;
    }

    /**
     * Reads a calibration file written by {@link #save}.
     *
     * @param file the JSON file
     * @return the calibration; {@link Result#photoLevel()} is empty for files written before it was recorded
     * @throws IOException when the file cannot be read, is not JSON or lacks a field (the message names the file)
     */
    public static Result load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException e) {
            throw new IOException("cannot read threshold calibration " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a calibration from JSON.
     *
     * @param in the JSON text; not closed
     * @return the calibration; {@link Result#photoLevel()} is empty when there is no {@code photo_level}
     * @throws IOException when it is not JSON or a field is missing (the message says which)
     */
    public static Result read(InputStream in) throws IOException {
        JsonNode root = JSON.readTree(in);
        if (root == null || !root.isObject()) {
            throw new IOException("threshold calibration is not a JSON object");
        }
        double threshold = number(root, "threshold");
        JsonNode c = object(root, "counts");
        JsonNode p = object(root, "provenance");
        Counts counts = new Counts(threshold, (int) number(c, "true_positives"), (int) number(c, "false_positives"),
                (int) number(c, "ground_truths"));
        Provenance provenance = new Provenance(text(p, "dataset"), (int) number(p, "image_count"), text(p, "model"));
        Optional<PhotoCalibration.Report> photo = Optional.empty();
        if (root.hasNonNull("photo_level")) {
            JsonNode pl = object(root, "photo_level");
            Map<String, PhotoCalibration.Counts> perGroup = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : object(pl, "per_group").properties()) {
                perGroup.put(e.getKey(), photoCounts(e.getValue(), threshold));
            }
            photo = Optional.of(new PhotoCalibration.Report(number(pl, "threshold"), perGroup, photoCounts(object(pl, "overall"),
                    threshold), (int) number(pl, "images")));
        }
        return new Result(threshold, text(root, "rule"), number(root, "precision"), number(root, "recall"), number(root, "f1"),
                counts, provenance, photo);
    }

    private static PhotoCalibration.Counts photoCounts(JsonNode n, double threshold) throws IOException {
        return new PhotoCalibration.Counts(threshold, (int) number(n, "true_positives"), (int) number(n, "false_positives"),
                (int) number(n, "false_negatives"));
    }

    private static JsonNode object(JsonNode node, String name) throws IOException {
        JsonNode v = node.get(name);
        if (v == null || !v.isObject()) {
            throw new IOException("threshold calibration field \"" + name + "\" is missing or not an object");
        }
        return v;
    }

    private static double number(JsonNode node, String name) throws IOException {
        JsonNode v = node.get(name);
        if (v == null || !v.isNumber()) {
            throw new IOException("threshold calibration field \"" + name + "\" is missing or not a number");
        }
        return v.asDouble();
    }

    private static String text(JsonNode node, String name) throws IOException {
        JsonNode v = node.get(name);
        if (v == null || !v.isTextual()) {
            throw new IOException("threshold calibration field \"" + name + "\" is missing or not a string");
        }
        return v.asText();
    }
}
