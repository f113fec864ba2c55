package io.phototriage.models.yolox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.Photo;
import io.phototriage.core.eval.ThresholdCalibration;
import io.phototriage.core.eval.ThresholdCalibration.Counts;
import io.phototriage.core.eval.ThresholdCalibration.LabelledImage;
import io.phototriage.core.eval.ThresholdCalibration.Truth;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.image.PhotoDecodeException;
import io.phototriage.core.image.PhotoDecoder;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.StageException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Computes the default threshold of {@link YoloxDetector} on coco128 and writes it as a calibration JSON (the
 * committed {@code yolox-nano.calibration.json} was made by this class).
 *
 * <p>Split: the images in file-name order, the even positions (0, 2, ...) for calibration, the odd ones held out
 * for reporting. Photos are decoded with the production {@link ImageIoPhotoDecoder}; detections are evaluation-mode
 * ({@link EvalSettings#coco()}); the rule is {@link ThresholdCalibration.Settings#maxF1} over person, dog and cat.
 *
 * <pre>{@code
 * java -cp ... io.phototriage.models.yolox.YoloxCalibration ../shared \
 *     triage-models/src/main/resources/io/phototriage/models/yolox/yolox-nano.calibration.json
 * }</pre>
 */
public final class YoloxCalibration {
    /** The dataset folder inside the shared folder. */
    public static final String DATASET = "data/coco128";

    private YoloxCalibration() {}

    /**
     * A calibration and how it does on both halves.
     *
     * @param calibration the chosen threshold, with its numbers on the calibration half
     * @param heldOut     the counts at that threshold on the held-out half
     */
    public record Report(ThresholdCalibration.Result calibration, Counts heldOut) {}

    /** Which half of the data set. */
    public enum Half {
        /** Even positions in file-name order: the calibration half. */
        EVEN,
        /** Odd positions: the held-out half. */
        ODD
    }

    /**
     * Runs the detector on both halves of coco128 and calibrates on the even half.
     *
     * @param shared the shared folder holding {@code models/yolox-nano} and {@code data/coco128}
     */
    public static Report run(Path shared) throws IOException, StageException {
        List<String> classes = YoloxConfig.DEFAULT_CLASSES;
        // Evaluation mode ignores the production threshold; 1.0 keeps the committed calibration out of its own making.
        YoloxConfig config = new YoloxConfig(classes, 1.0, "not used: evaluation mode");
        try (YoloxDetector detector = YoloxDetector.create(shared.resolve("models"), config)) {
            List<LabelledImage> even = detect(detector, shared.resolve(DATASET), Half.EVEN);
            List<LabelledImage> odd = detect(detector, shared.resolve(DATASET), Half.ODD);
            ThresholdCalibration.Settings settings = ThresholdCalibration.Settings.maxF1(classes);
            ThresholdCalibration.Result result = calibrate(detector, even, settings,
                    "coco128 (" + DATASET + "/annotations.json, COCO 2017 train ids 9..650), images at even positions in"
                            + " file-name order; decoded with ImageIoPhotoDecoder; odd positions held out");
            return new Report(result, ThresholdCalibration.evaluate(odd, settings, result.threshold()));
        }
    }

    /**
     * Chooses the threshold of {@code detector} on images it has already run on in evaluation mode
     * ({@link YoloxDetector#detectAll} with {@link EvalSettings#coco()}), recording the data set and the detector's
     * weights and evaluation settings as provenance.
     *
     * @param dataset what the images are, for the provenance (e.g. a path and which split)
     * @throws IllegalArgumentException when there is no ground truth or detection of the settings' labels, or no
     *                                  threshold reaches the target precision
     */
    public static ThresholdCalibration.Result calibrate(YoloxDetector detector, List<LabelledImage> images,
            ThresholdCalibration.Settings settings, String dataset) {
        ThresholdCalibration.Provenance provenance = new ThresholdCalibration.Provenance(dataset, images.size(),
                detector.model().weights() + " (" + detector.model().engine() + "), evaluation mode: score > 0.001,"
                        + " class-wise NMS IoU 0.65, at most 100 boxes; io.phototriage.models.yolox.YoloxCalibration");
        return ThresholdCalibration.calibrate(images, settings, provenance);
    }

    /** Evaluation-mode detections and COCO ground truth for one half of coco128. */
    public static List<LabelledImage> detect(YoloxDetector detector, Path coco128, Half half) throws IOException, StageException {
        PhotoDecoder decoder = ImageIoPhotoDecoder.defaults();
        List<LabelledImage> out = new ArrayList<>();
        List<CocoImage> images = readCoco(coco128.resolve("annotations.json"));
        for (int i = half == Half.EVEN ? 0 : 1; i < images.size(); i += 2) {
            CocoImage image = images.get(i);
            Path file = coco128.resolve("images").resolve(image.fileName);
            try {
                out.add(new LabelledImage(image.fileName, image.truths,
                        detector.detectAll(decoder.decode(Photo.of(file)), EvalSettings.coco())));
            } catch (PhotoDecodeException e) {
                throw new IOException("cannot decode " + file + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private record CocoImage(String fileName, List<Truth> truths) {}

    /**
     * Minimal COCO instances reader: images sorted by file name, each with its boxes labelled by category name.
     * (A full reader lives in core.eval; this one stays private to keep the calibration self-contained.)
     */
    private static List<CocoImage> readCoco(Path annotations) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(annotations.toFile());
        } catch (IOException e) {
            throw new IOException("cannot read COCO annotations " + annotations + ": " + e.getMessage(), e);
        }
        Map<Long, String> categories = new HashMap<>();
        for (JsonNode c : root.path("categories")) {
            categories.put(c.get("id").asLong(), c.get("name").asText());
        }
        Map<Long, List<Truth>> truths = new HashMap<>();
        for (JsonNode a : root.path("annotations")) {
            JsonNode b = a.get("bbox");
            truths.computeIfAbsent(a.get("image_id").asLong(), k -> new ArrayList<>()).add(new Truth(
                    categories.get(a.get("category_id").asLong()),
                    BoundingBox.ofXywh(b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble()),
                    a.path("iscrowd").asInt() == 1));
        }
        List<CocoImage> images = new ArrayList<>();
        for (JsonNode i : root.path("images")) {
            images.add(new CocoImage(i.get("file_name").asText(), truths.getOrDefault(i.get("id").asLong(), List.of())));
        }
        if (images.isEmpty()) {
            throw new IOException(annotations + " lists no images");
        }
        images.sort((x, y) -> x.fileName.compareTo(y.fileName));
        return images;
    }

    /** {@code YoloxCalibration SHARED_DIR OUT_JSON}: calibrates, writes the JSON, prints both halves. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: YoloxCalibration SHARED_DIR OUT_JSON   (SHARED_DIR holds models/yolox-nano and data/coco128)");
            System.exit(2);
        }
        Report report = run(Path.of(args[0]));
        report.calibration().save(Path.of(args[1]));
        ThresholdCalibration.Result c = report.calibration();
        Counts h = report.heldOut();
        System.out.printf(Locale.ROOT, "threshold %.6f (%s)%n", c.threshold(), c.rule());
        System.out.printf(Locale.ROOT, "calibration half (%d images): P %.4f R %.4f F1 %.4f  TP %d FP %d GT %d%n",
                c.provenance().imageCount(), c.precision(), c.recall(), c.f1(), c.counts().truePositives(),
                c.counts().falsePositives(), c.counts().groundTruths());
        System.out.printf(Locale.ROOT, "held-out half: P %.4f R %.4f F1 %.4f  TP %d FP %d GT %d%n",
                h.precision(), h.recall(), h.f1(), h.truePositives(), h.falsePositives(), h.groundTruths());
    }
}
