package io.phototriage.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phototriage.core.eval.CocoDataset;
import io.phototriage.core.eval.CocoEvalResult;
import io.phototriage.core.eval.CocoImage;
import io.phototriage.core.eval.DetectorCalibration;
import io.phototriage.core.eval.SegmentationScore;
import io.phototriage.core.image.PhotoDecodeException;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.StyleRequest;
import io.phototriage.core.stage.Stylized;
import io.phototriage.models.clip.ClipImageEncoder;
import io.phototriage.models.clip.ClipTextEncoder;
import io.phototriage.models.yolox.DetectorComparison;
import io.phototriage.models.yolox.FineTunedYoloxDetector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The work of {@code eval}: checks the data set, sets up the stages ({@link EvalStages}), runs the data-set loop
 * ({@link EvalLoop}) that fills the observations ({@link EvalObservations}), computes the metrics
 * ({@link EvalMetrics}) and lays out the {@code metrics.json} document ({@link MetricsDocument}). Photos are taken in
 * file-name order and decoded once each.
 */
final class EvalRun {
    /** Version of the metrics.json layout ({@link MetricsDocument#FORMAT_VERSION}). */
    static final int FORMAT_VERSION = MetricsDocument.FORMAT_VERSION;

    private EvalRun() {}

    /** The eval could not run; the exit code says why. */
    static final class EvalException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        EvalException(int exitCode, String message, Throwable cause) {
            super(message, cause);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }

    /**
     * What the eval measured: the metrics document plus the raw values the report's charts are drawn from.
     *
     * @param metrics      the metrics.json content
     * @param detection    the detect stage's COCO evaluation (null when no image could be evaluated)
     * @param ious         the per-photo mask IoUs with ground-truth prompts
     * @param iousDetected the per-photo mask IoUs with the detector's prompts
     */
    record Outcome(ObjectNode metrics, CocoEvalResult detection, List<Double> ious, List<Double> iousDetected) {}

    /** Runs every stage over the data set and measures it. */
    static Outcome measure(EvalCommand.Options options, StageRegistry registry, PrintStream progress) throws EvalException {
        Path datasetDir = options.dataset().toAbsolutePath().normalize();
        CocoDataset dataset = readDataset(datasetDir);
        List<CocoImage> images = DetectorCalibration.byFileName(dataset);
        ModelSet set = options.modelSet();
        StageSettings settings = set.settings(options.models(), options.stageOptions());
        Outcome outcome;
        try (EvalStages stages = EvalStages.create(registry, set, settings, options)) {
            long start = System.nanoTime();
            progress.printf(Locale.ROOT, "eval: %d photos of %s with the '%s' set%n", images.size(), datasetDir, set.label());
            EvalLoop loop = new EvalLoop(dataset, datasetDir.resolve("images"), images, stages, progress);
            int evaluated = loop.measurePhotos(start);
            EvalObservations observed = loop.observations();
            if (evaluated == 0) {
                throw new EvalException(FolderTriage.EXIT_USAGE, "no photo of " + datasetDir + " could be decoded: "
                        + observed.decodeFailures().get(0), null);
            }
            loop.stylize(options.stylizePhotos());
            MetricsDocument.ClipScore clip = clipScore(options, settings, observed);
            CocoEvalResult detection = EvalMetrics.detection(dataset, observed.detected());
            Set<String> fileNames = new HashSet<>();
            images.forEach(i -> fileNames.add(i.fileName()));
            EvalMetrics.HeldOut heldOut = EvalMetrics.heldOut(stages.classifier(), datasetDir.getFileName().toString(), fileNames,
                    observed.classified());
            ObjectNode metrics = new MetricsDocument(options, settings, stages, observed, dataset).write(datasetDir, images.size(),
                    evaluated, heldOut, detection, clip, (System.nanoTime() - start) / 1e9);
            outcome = new Outcome(metrics, detection, EvalMetrics.scores(observed.segmentedWithTruth()).stream()
                    .map(SegmentationScore::iou).toList(), EvalMetrics.scores(observed.segmentedWithDetection()).stream()
                    .map(SegmentationScore::iou).toList());
        }
        if (options.compareDetectors()) {
            // After the stages are closed: only the two compared detectors are loaded while they are timed.
            outcome.metrics().set(DetectorTable.SECTION, compareDetectors(datasetDir, settings, options, progress));
        }
        return outcome;
    }

    /**
     * Measures the pretrained YOLOX-Nano and the {@code --detector} folder on that folder's held-out photos
     * ({@link DetectorComparison}) and lays the rows out as the detector table.
     */
    private static ObjectNode compareDetectors(Path datasetDir, StageSettings settings, EvalCommand.Options options,
            PrintStream progress) throws EvalException {
        Path detectorDir = Path.of(options.stageOptions().get(StageOptions.DETECTOR));
        progress.println("compare-detectors: pretrained YOLOX-Nano vs " + detectorDir + " on its held-out photos");
        try {
            List<String> classes = FineTunedYoloxDetector.classes(FineTunedYoloxDetector.resolve(detectorDir));
            List<DetectorComparison.Row> rows = DetectorComparison.run(datasetDir, settings.requireModelsDir(), detectorDir,
                    Optional.empty(), progress);
            return DetectorTable.json(detectorDir, classes, rows);
        } catch (IllegalArgumentException e) {
            throw new EvalException(FolderTriage.EXIT_USAGE, "--compare-detectors: " + e.getMessage(), e);
        } catch (ModelException | StageException e) {
            throw new EvalException(FolderTriage.EXIT_MODELS, "--compare-detectors: " + e.getMessage(), e);
        } catch (IOException | PhotoDecodeException e) {
            throw new EvalException(FolderTriage.EXIT_USAGE, "--compare-detectors could not measure the detectors on "
                    + datasetDir + ": " + e.getMessage(), e);
        }
    }

    /** Reads the annotations and checks that every image has a triage class and a file. */
    private static CocoDataset readDataset(Path datasetDir) throws EvalException {
        CocoDataset dataset;
        try {
            dataset = CocoDataset.read(datasetDir.resolve("annotations.json"));
        } catch (IOException e) {
            throw new EvalException(FolderTriage.EXIT_USAGE, "cannot read the data set " + datasetDir + ": " + e.getMessage()
                    + "; --dataset needs a folder with annotations.json and images/", e);
        }
        if (dataset.images().isEmpty()) {
            throw new EvalException(FolderTriage.EXIT_USAGE, datasetDir.resolve("annotations.json") + " lists no images", null);
        }
        for (CocoImage image : DetectorCalibration.byFileName(dataset)) {
            if (image.triageClass().isEmpty()) {
                throw new EvalException(FolderTriage.EXIT_USAGE, datasetDir.resolve("annotations.json") + ": image "
                        + image.fileName() + " has no triage_class (people, pets or neither); eval measures classify on it", null);
            }
            Path file = datasetDir.resolve("images").resolve(image.fileName());
            if (!Files.isRegularFile(file)) {
                throw new EvalException(FolderTriage.EXIT_USAGE, "the data set lists " + image.fileName() + " but " + file
                        + " does not exist", null);
            }
        }
        return dataset;
    }

    /** Mean cosine of CLIP image and prompt embeddings of the stylized pictures, where a CLIP model is at hand. */
    private static MetricsDocument.ClipScore clipScore(EvalCommand.Options options, StageSettings settings,
            EvalObservations observed) {
        if (options.stylizePhotos() == 0) {
            return MetricsDocument.ClipScore.none("stylize not measured");
        }
        if (options.modelSet() == ModelSet.LITE) {
            return MetricsDocument.ClipScore.none("the lite set has no CLIP model (run eval with --model-set full or tiny)");
        }
        List<Stylized> outputs = observed.styled().stream().map(EvalObservations.Styled::output).toList();
        if (outputs.isEmpty()) {
            return MetricsDocument.ClipScore.none("no photo was stylized");
        }
        try {
            ResolvedModel clip = ModelStore.at(settings.requireModelsDir()).resolve(options.clipModel());
            return new MetricsDocument.ClipScore(meanClipScore(clip, outputs),
                    clip.manifest().name() + "@" + clip.weightsId(ClipImageEncoder.ROLE), "");
        } catch (ModelException | StageException | RuntimeException e) {
            return MetricsDocument.ClipScore.none("no CLIP model '" + options.clipModel() + "' could be loaded: " + e.getMessage());
        }
    }

    /**
     * The mean cosine similarity of the CLIP image embedding of each stylized picture and the CLIP text embedding of
     * its prompt (the default prompt for models that take none).
     */
    static double meanClipScore(ResolvedModel clip, List<Stylized> outputs) throws ModelException, StageException {
        double sum = 0;
        try (ClipImageEncoder image = ClipImageEncoder.load(clip); ClipTextEncoder text = ClipTextEncoder.load(clip)) {
            for (Stylized s : outputs) {
                sum += cosine(image.embed(s.image()), text.embed(s.prompt().isEmpty() ? StyleRequest.DEFAULT_PROMPT : s.prompt()));
            }
        }
        return sum / outputs.size();
    }

    static String describe(ModelInfo m) {
        return m.name() + " (" + m.weights() + ", " + m.engine() + ")";
    }

    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("CLIP image embedding has " + a.length + " values, text embedding " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    /** A few lines for the terminal: the headline number of each stage. */
    static String summary(ObjectNode m) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "classify: accuracy %s (held out %s)%n", num(m.path("classify").path("accuracy")),
                num(m.path("classify").path("heldOut").path("accuracy"))));
        b.append(String.format(Locale.ROOT, "detect:   mAP %s  mAP50 %s  mAP75 %s%n", num(m.path("detect").path("mAP")),
                num(m.path("detect").path("mAP50")), num(m.path("detect").path("mAP75"))));
        b.append(String.format(Locale.ROOT, "segment:  meanIoU %s  meanIoUDetected %s%n", num(m.path("segment").path("meanIoU")),
                num(m.path("segment").path("meanIoUDetected"))));
        b.append(String.format(Locale.ROOT, "stylize:  p50 %s ms  clipScore %s%n", num(m.path("stylize").path("latencyMsP50")),
                num(m.path("stylize").path("clipScore"))));
        return b.toString();
    }

    private static String num(com.fasterxml.jackson.databind.JsonNode n) {
        return n.isNumber() ? String.format(Locale.ROOT, "%.4f", n.asDouble()) : "n/a";
    }
}
