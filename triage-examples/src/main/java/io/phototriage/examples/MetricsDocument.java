package io.phototriage.examples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phototriage.core.eval.CalibrationCodec;
import io.phototriage.core.eval.CategoryMetrics;
import io.phototriage.core.eval.ClassificationMetrics;
import io.phototriage.core.eval.CocoDataset;
import io.phototriage.core.eval.CocoEvalResult;
import io.phototriage.core.eval.PhotoCalibration;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.EvaluationModeDetector;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.StyleRequest;
import io.phototriage.core.stage.TriageClass;
import io.phototriage.examples.EvalObservations.Failure;
import io.phototriage.examples.EvalObservations.Stage;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The metrics document writer of {@code eval}: lays out {@code metrics.json} (format {@link #FORMAT_VERSION}; the
 * keys are documented in docs/eval.md) from the observations and the computed metrics. Computes nothing beyond
 * picking which numbers go where.
 */
final class MetricsDocument {
    /** Version of the metrics.json layout; bumped when a key changes meaning. */
    static final int FORMAT_VERSION = 1;
    /** At most this many failure messages per stage are kept in metrics.json. */
    static final int FAILURE_EXAMPLES = 5;

    private final EvalCommand.Options options;
    private final StageSettings settings;
    private final EvalStages stages;
    private final EvalObservations observed;
    private final CocoDataset dataset;

    /**
     * The CLIP score of the stylized pictures, or why there is none.
     *
     * @param score  the mean cosine (NaN when there is none)
     * @param model  the CLIP model and weights (when there is a score)
     * @param reason why there is no score (when there is none)
     */
    record ClipScore(double score, String model, String reason) {
        static ClipScore none(String reason) {
            return new ClipScore(Double.NaN, "", reason);
        }
    }

    MetricsDocument(EvalCommand.Options options, StageSettings settings, EvalStages stages, EvalObservations observed,
            CocoDataset dataset) {
        this.options = options;
        this.dataset = dataset;
        this.settings = settings;
        this.stages = stages;
        this.observed = observed;
    }

    /** The whole document. */
    ObjectNode write(Path datasetDir, int images, int evaluated, EvalMetrics.HeldOut heldOut, CocoEvalResult detection,
            ClipScore clip, double elapsedSeconds) {
        ObjectNode metrics = EvalCommand.JSON.createObjectNode();
        metrics.put("version", FORMAT_VERSION);
        metrics.set("provenance", provenance(datasetDir, images, evaluated));
        metrics.set("classify", classify(heldOut));
        metrics.set("detect", detect(detection));
        metrics.set("segment", segment());
        metrics.set("stylize", stylize(clip));
        metrics.put("elapsedSeconds", elapsedSeconds);
        return metrics;
    }

    private ObjectNode provenance(Path datasetDir, int images, int evaluated) {
        ObjectNode p = EvalCommand.JSON.createObjectNode();
        p.put("tool", "phototriage eval");
        p.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        p.put("modelSet", options.modelSet().label());
        p.put("modelsDir", settings.modelsDir().map(Path::toString).orElse("$" + StageSettings.MODELS_ENV));
        ObjectNode stageOptions = p.putObject("stageOptions");
        new TreeMap<>(settings.options()).forEach(stageOptions::put);
        ObjectNode models = p.putObject("stageModels");
        models.put("classify", EvalRun.describe(stages.classifier().model()));
        models.put("detect", EvalRun.describe(stages.detector().model()));
        models.put("segment", EvalRun.describe(stages.segmenter().model()));
        if (stages.stylizer() != null) {
            models.put("stylize", EvalRun.describe(stages.stylizer().model()));
        }
        p.put("dataset", datasetDir.toString());
        p.put("images", images);
        p.put("imagesEvaluated", evaluated);
        ArrayNode failed = p.putArray("decodeFailures");
        observed.decodeFailures().forEach(failed::add);
        p.put("decoder", "ImageIoPhotoDecoder defaults (full resolution, EXIF orientation applied, ICC profiles ignored)");
        return p;
    }

    private ObjectNode classify(EvalMetrics.HeldOut heldOut) {
        ObjectNode n = EvalCommand.JSON.createObjectNode();
        stage(n, options.modelSet().classifyProvider(settings), stages.classifier().model());
        n.put("images", observed.classified().size());
        n.put("split", "every photo of the data set");
        classification(n, EvalMetrics.classification(observed.classified()));
        if (heldOut.metrics().isPresent()) {
            ClassificationMetrics<TriageClass> m = heldOut.metrics().get();
            ObjectNode h = n.putObject("heldOut");
            h.put("images", m.total());
            h.put("split", heldOut.split());
            classification(h, m);
            n.put("accuracyNote", "accuracy is on every photo, including the ones the probe was trained on"
                    + " (optimistic); heldOut.accuracy is on the photos it never saw");
        } else {
            n.putNull("heldOut");
            n.put("heldOutReason", heldOut.reason());
        }
        latency(n, EvalMetrics.latency(observed.classified().stream().map(EvalObservations.Classified::ms).toList()));
        failures(n, Stage.CLASSIFY);
        return n;
    }

    private static void classification(ObjectNode n, ClassificationMetrics<TriageClass> m) {
        n.put("accuracy", m.accuracy());
        n.put("macroF1", m.macroF1());
        ObjectNode confusion = n.putObject("confusion");
        confusion.put("rows", "truth");
        confusion.put("columns", "predicted");
        ArrayNode classes = confusion.putArray("classes");
        m.classes().forEach(c -> classes.add(c.label()));
        ArrayNode matrix = confusion.putArray("matrix");
        for (long[] row : m.confusion()) {
            ArrayNode r = matrix.addArray();
            for (long v : row) {
                r.add(v);
            }
        }
        ObjectNode perClass = n.putObject("perClass");
        for (TriageClass c : m.classes()) {
            perClass.putObject(c.label()).put("precision", m.precision(c)).put("recall", m.recall(c)).put("f1", m.f1(c))
                    .put("support", m.support(c));
        }
    }

    private ObjectNode detect(CocoEvalResult r) {
        ObjectNode n = EvalCommand.JSON.createObjectNode();
        stage(n, options.modelSet().detectProvider(), stages.detector().model());
        EvaluationModeDetector evaluating = stages.detector() instanceof EvaluationModeDetector e ? e : null;
        n.put("mode", evaluating != null
                ? "evaluation: the detector's evaluation mode (" + evaluating.evaluationSettings() + ")"
                : "production output: the detector '" + stages.detector().name() + "' has no evaluation mode, so only the"
                        + " boxes above its threshold are scored (mAP is lower than with an evaluation mode)");
        n.put("images", EvalMetrics.detectedImages(observed.detected()).size());
        n.put("protocol", "COCO bbox (pycocotools COCOeval) over person, dog and cat");
        if (r == null) {
            n.putNull("mAP");
            n.putNull("mAP50");
            n.putNull("mAP75");
            n.putObject("perClass");
        } else {
            n.put("mAP", r.mAP());
            n.put("mAP50", r.mAP50());
            n.put("mAP75", r.mAP75());
            n.put("detections", r.detections());
            ObjectNode perClass = n.putObject("perClass");
            for (CategoryMetrics c : r.perCategory()) {
                perClass.set(c.name(), MapCommand.categoryJson(c));
            }
        }
        ObjectNode threshold = n.putObject("threshold");
        putNumber(threshold, "value", observed.productionThreshold());
        threshold.put("source", evaluating != null ? evaluating.thresholdSource()
                : "the threshold reported by the detector's production output");
        Optional<PhotoCalibration.Report> photo = EvalMetrics.photoLevel(dataset, observed.detected(), observed.productionThreshold());
        if (photo.isPresent()) {
            ObjectNode p = CalibrationCodec.photoLevel(photo.get());
            p.put("definition", "per photo at the production threshold: has a person (person box) / has a pet (dog or cat"
                    + " box) against the ground truth; crowd-only photos left out for that group");
            n.set("photoLevel", p);
        } else {
            n.putNull("photoLevel");
        }
        ArrayNode unknown = n.putArray("labelsNotInDataset");
        observed.unknownLabels().forEach(unknown::add);
        latency(n, EvalMetrics.latency(observed.detected().stream().map(EvalObservations.Detected::ms).toList()));
        failures(n, Stage.DETECT);
        return n;
    }

    private ObjectNode segment() {
        ObjectNode n = EvalCommand.JSON.createObjectNode();
        stage(n, stages.segmentProvider(), stages.segmenter().model());
        n.put("meanIoUDefinition", "mask IoU with the largest person/dog/cat instance (MainSubjects.largest), the segmenter"
                + " prompted with that instance's ground-truth box; a failed segmentation counts as IoU 0");
        putNumber(n, "meanIoU", EvalMetrics.meanIou(observed.segmentedWithTruth()));
        n.put("images", observed.segmentedWithTruth().size());
        failures(n, Stage.SEGMENT);
        n.put("meanIoUDetectedDefinition", "mask IoU with the person/dog/cat instance that best matches the detector's best"
                + " production box (MainSubjects.bestMatch), the segmenter prompted with that box; a failed segmentation"
                + " counts as IoU 0");
        putNumber(n, "meanIoUDetected", EvalMetrics.meanIou(observed.segmentedWithDetection()));
        n.put("imagesDetected", observed.segmentedWithDetection().size());
        n.put("subjectsMissed", observed.subjectsMissed());
        n.put("promptsWithoutSubject", observed.promptsWithoutSubject());
        n.put("failuresDetected", observed.failures(Stage.SEGMENT_DETECTED).size());
        ObjectNode perCategory = n.putObject("meanIoUPerClass");
        for (Map.Entry<String, Double> e : EvalMetrics.meanIouPerClass(dataset, observed.segmentedWithTruth()).entrySet()) {
            putNumber(perCategory, e.getKey(), e.getValue());
        }
        latency(n, EvalMetrics.latency(observed.segmentedWithTruth().stream().map(EvalObservations.Segmented::ms).toList()));
        return n;
    }

    private ObjectNode stylize(ClipScore clip) {
        ObjectNode n = EvalCommand.JSON.createObjectNode();
        if (stages.stylizer() == null) {
            n.put("skipped", "--stylize-photos 0");
            n.putNull("latencyMsP50");
            n.putNull("latencyMsP95");
            n.putNull("clipScore");
            n.put("clipScoreReason", "stylize not measured");
            return n;
        }
        stage(n, options.modelSet().stylizeProvider(), stages.stylizer().model());
        List<EvalObservations.Styled> styled = observed.styled();
        n.put("photos", styled.size());
        ArrayNode which = n.putArray("photoFiles");
        styled.forEach(s -> which.add(s.file()));
        n.put("prompt", StyleRequest.DEFAULT_PROMPT);
        latency(n, EvalMetrics.latency(styled.stream().map(EvalObservations.Styled::ms).toList()));
        failures(n, Stage.STYLIZE);
        if (Double.isNaN(clip.score())) {
            n.putNull("clipScore");
            n.put("clipScoreReason", clip.reason());
        } else {
            n.put("clipScore", clip.score());
            n.put("clipModel", clip.model());
            n.put("clipScoreDefinition", "mean cosine similarity of the CLIP image embedding of each stylized picture and"
                    + " the text embedding of its prompt");
        }
        return n;
    }

    private void failures(ObjectNode stage, Stage which) {
        List<Failure> all = observed.failures(which);
        stage.put("failures", all.size());
        ArrayNode a = stage.putArray("failureExamples");
        all.stream().limit(FAILURE_EXAMPLES).forEach(f -> a.add(f.photo() + ": " + f.message()));
    }

    static void putNumber(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }

    private static void stage(ObjectNode n, String provider, ModelInfo model) {
        n.put("provider", provider);
        n.put("model", EvalRun.describe(model));
    }

    private static void latency(ObjectNode n, LatencyStats s) {
        putNumber(n, "latencyMsP50", s.p50());
        putNumber(n, "latencyMsP95", s.p95());
        putNumber(n, "latencyMsMean", s.mean());
        n.put("latencyCalls", s.count());
    }
}
