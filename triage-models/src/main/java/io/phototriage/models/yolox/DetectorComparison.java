package io.phototriage.models.yolox;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.eval.CategoryMetrics;
import io.phototriage.core.eval.CocoDetection;
import io.phototriage.core.eval.CocoEvalParams;
import io.phototriage.core.eval.CocoEvalResult;
import io.phototriage.core.eval.CocoEvaluator;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.EvaluationModeDetector;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.groundingdino.GroundingDinoDetector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The measurement of issue #16: the pretrained YOLOX-Nano (ONNX, COCO-80 head keeping the data set's classes), a
 * fine-tuned detector folder and, for latency, a Grounding DINO folder, on the held-out images that the fine-tuning's
 * manifest records (so that no image the fine-tuned model saw is scored). Per detector: COCO mAP, mAP50, AP per class
 * (evaluation mode, {@link EvalSettings#coco()}), photo-level subject recall and precision at its production threshold
 * (a photo with a box of the classes counts as found when the detector returns any box of the classes), latency
 * p50/p95 per photo of the production call (decoding excluded, 3 warm-up photos), and the model files' size.
 *
 * <pre>
 * java -cp ... io.phototriage.models.yolox.DetectorComparison COCO_DIR LITE_MODELS DET_DIR [GROUNDING_DINO_DIR]
 * </pre>
 */
public final class DetectorComparison {
    private static final int WARM_UP = 3;

    private DetectorComparison() {}

    /**
     * One detector's numbers.
     *
     * @param name        what it is
     * @param map         COCO mAP@[.5:.95] on the held-out images and classes (NaN when not measured)
     * @param map50       COCO mAP@.5 (NaN when not measured)
     * @param apPerClass  AP@[.5:.95] per class, in class order (NaN when not measured or no box)
     * @param threshold   the production threshold
     * @param photoRecall share of held-out photos with a subject where the production call returned a box
     * @param photoPrecision share of photos with a returned box that have a subject
     * @param p50Ms       median production latency per photo, milliseconds
     * @param p95Ms       95th percentile latency, milliseconds
     * @param sizeBytes   the model files' size
     * @param trainingSeconds the fine-tuning's training time from the folder's provenance
     *                    ({@code contract.training.seconds_so_far}; NaN for a detector that was not trained here)
     */
    public record Row(String name, double map, double map50, double[] apPerClass, double threshold, double photoRecall,
            double photoPrecision, double p50Ms, double p95Ms, long sizeBytes, double trainingSeconds) {
        /**
         * Copies the per-class APs.
         *
         * @param name           what it is
         * @param map            mAP
         * @param map50          mAP50
         * @param apPerClass     AP per class
         * @param threshold      production threshold
         * @param photoRecall    photo-level recall
         * @param photoPrecision photo-level precision
         * @param p50Ms          median latency
         * @param p95Ms          95th percentile latency
         * @param sizeBytes      model size
         * @param trainingSeconds training time, NaN when not trained here
         */
        public Row {
            apPerClass = apPerClass.clone();
        }
    }

    /**
     * Runs the comparison and prints a markdown table.
     *
     * @param args {@code COCO_DIR LITE_MODELS DET_DIR [GROUNDING_DINO_DIR]}
     * @throws Exception when a model or the data set cannot be read
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: COCO_DIR LITE_MODELS DET_DIR [GROUNDING_DINO_DIR]");
        }
        run(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), args.length > 3 ? Optional.of(Path.of(args[3])) : Optional.empty(),
                System.out);
    }

    /**
     * Measures the three detectors on the fine-tuning's held-out images.
     *
     * @param coco          the data set folder the detector was fine-tuned on
     * @param liteModels    the folder with {@code yolox-nano/}
     * @param detectorDir   the fine-tuned detector folder
     * @param groundingDino a Grounding DINO folder, for latency (its accuracy is only meaningful with real weights)
     * @param out           where the table goes
     * @return one row per detector
     * @throws IllegalArgumentException when the folder records no held-out split or none of its held-out photos is in
     *                        the data set
     * @throws IOException    when the data set cannot be read
     * @throws StageException when a model cannot be loaded or fails
     * @throws io.phototriage.core.model.ModelException when the Grounding DINO folder is missing or corrupt
     * @throws io.phototriage.core.image.PhotoDecodeException when a held-out photo cannot be decoded
     */
    public static List<Row> run(Path coco, Path liteModels, Path detectorDir, Optional<Path> groundingDino, PrintStream out)
            throws IOException, StageException, io.phototriage.core.model.ModelException,
            io.phototriage.core.image.PhotoDecodeException {
        ResolvedModel fineTuned = FineTunedYoloxDetector.resolve(detectorDir);
        List<String> classes = FineTunedYoloxDetector.classes(fineTuned);
        DetectorDataset data = DetectorDataset.read(coco, classes);
        JsonNode heldOutNames = fineTuned.manifest().contract().path("training").path("split").path("held_out");
        if (!heldOutNames.isArray() || heldOutNames.isEmpty()) {
            throw new IllegalArgumentException(detectorDir + " records no held-out split (contract.training.split.held_out)");
        }
        List<String> names = new ArrayList<>();
        heldOutNames.forEach(n -> names.add(n.asText()));
        List<DetectorDataset.Example> heldOut = data.examples().stream().filter(e -> names.contains(e.image().fileName())).toList();
        if (heldOut.isEmpty()) {
            throw new IllegalArgumentException(coco + " holds none of the " + names.size() + " held-out photos that "
                    + detectorDir + " records; compare on the data set the detector was fine-tuned on");
        }
        double trainingSeconds = fineTuned.manifest().contract().path("training").path("seconds_so_far").asDouble(Double.NaN);
        out.printf(Locale.ROOT, "held-out: %d photos of %s (split seed %s), classes %s%n", heldOut.size(), data.name(),
                fineTuned.manifest().contract().path("training").path("split").path("seed").asText(), classes);
        List<Row> rows = new ArrayList<>();
        try (YoloxDetector pretrained = YoloxDetector.create(liteModels, YoloxConfig.defaults().withClasses(classes))) {
            rows.add(measure("YOLOX-Nano pretrained (ONNX, COCO-80 head)", pretrained, pretrained, data, heldOut,
                    size(liteModels.resolve(YoloxDetector.FOLDER)), Double.NaN));
        }
        try (FineTunedYoloxDetector tuned = FineTunedYoloxDetector.load(detectorDir)) {
            rows.add(measure("YOLOX-Nano fine-tuned (TorchScript)", tuned, tuned, data, heldOut, size(detectorDir),
                    trainingSeconds));
        }
        if (groundingDino.isPresent()) {
            ResolvedModel gd = ModelStore.at(groundingDino.get().toAbsolutePath().getParent())
                    .resolve(groundingDino.get().getFileName().toString());
            try (GroundingDinoDetector dino = GroundingDinoDetector.builder().setModel(gd).optClasses(classes).build()) {
                rows.add(measure("Grounding DINO " + gd.manifest().name() + " (latency only)", dino, null, data, heldOut,
                        size(groundingDino.get()), Double.NaN));
            }
        }
        out.println(table(rows, classes));
        return rows;
    }

    private static Row measure(String name, Detector production, EvaluationModeDetector evaluation, DetectorDataset data,
            List<DetectorDataset.Example> heldOut, long size, double trainingSeconds)
            throws IOException, StageException, io.phototriage.core.image.PhotoDecodeException {
        ImageIoPhotoDecoder decoder = ImageIoPhotoDecoder.defaults();
        for (int i = 0; i < Math.min(WARM_UP, heldOut.size()); i++) {
            production.apply(decoder.decode(Photo.of(heldOut.get(i).file())));
        }
        double[] latencies = new double[heldOut.size()];
        int subjects = 0;
        int found = 0;
        int returned = 0;
        int returnedWithSubject = 0;
        List<CocoDetection> detections = new ArrayList<>();
        for (int i = 0; i < heldOut.size(); i++) {
            DetectorDataset.Example e = heldOut.get(i);
            DecodedPhoto photo = decoder.decode(Photo.of(e.file()));
            long t0 = System.nanoTime();
            boolean any = !production.apply(photo).detections().isEmpty();
            latencies[i] = (System.nanoTime() - t0) / 1e6;
            boolean subject = !e.boxes().isEmpty();
            subjects += subject ? 1 : 0;
            found += subject && any ? 1 : 0;
            returned += any ? 1 : 0;
            returnedWithSubject += any && subject ? 1 : 0;
            if (evaluation != null) {
                // The same photo: its scratch already holds the network output, so only the decoding runs again.
                for (Detection d : evaluation.detectForEvaluation(photo)) {
                    int category = data.categoryIds().get(data.classes().indexOf(d.label()));
                    detections.add(CocoDetection.of(e.image().id(), category, d));
                }
            }
        }
        double threshold = production instanceof EvaluationModeDetector m ? m.threshold() : Double.NaN;
        double map = Double.NaN;
        double map50 = Double.NaN;
        double[] ap = new double[data.classes().size()];
        Arrays.fill(ap, Double.NaN);
        if (evaluation != null) {
            CocoEvalResult result = new CocoEvaluator(data.coco()).evaluate(detections, CocoEvalParams.defaults()
                    .withCategoryIds(data.categoryIds()).withImageIds(heldOut.stream().map(e -> e.image().id()).toList()));
            map = result.mAP();
            map50 = result.mAP50();
            for (int c = 0; c < ap.length; c++) {
                ap[c] = result.category(data.categoryIds().get(c)).filter(CategoryMetrics::hasGroundTruth)
                        .map(CategoryMetrics::ap).orElse(Double.NaN);
            }
        }
        double[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Row(name, map, map50, ap, threshold, subjects == 0 ? Double.NaN : (double) found / subjects,
                returned == 0 ? Double.NaN : (double) returnedWithSubject / returned, percentile(sorted, 0.5),
                percentile(sorted, 0.95), size, trainingSeconds);
    }

    private static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /**
     * The rows as a markdown table.
     *
     * @param rows    the measured detectors
     * @param classes the class names, for the AP columns
     * @return the table, one line per detector
     */
    public static String table(List<Row> rows, List<String> classes) {
        StringBuilder sb = new StringBuilder("| detector | mAP | mAP50 |");
        classes.forEach(c -> sb.append(" AP ").append(c).append(" |"));
        sb.append(" threshold | photo recall | photo precision | p50 ms | p95 ms | size MB | training s |\n|---|---|---|");
        classes.forEach(c -> sb.append("---|"));
        sb.append("---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.name()).append(" | ").append(f(r.map())).append(" | ").append(f(r.map50())).append(" |");
            for (double ap : r.apPerClass()) {
                sb.append(' ').append(f(ap)).append(" |");
            }
            sb.append(String.format(Locale.ROOT, " %s | %s | %s | %.1f | %.1f | %.1f | %s |%n", f(r.threshold()), f(r.photoRecall()),
                    f(r.photoPrecision()), r.p50Ms(), r.p95Ms(), r.sizeBytes() / 1e6,
                    Double.isNaN(r.trainingSeconds()) ? "n/a" : String.format(Locale.ROOT, "%.0f", r.trainingSeconds())));
        }
        return sb.toString();
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }
}
