package io.phototriage.models.yolox;

import io.phototriage.core.eval.CalibrationCodec;
import io.phototriage.core.eval.CocoDataset;
import io.phototriage.core.eval.CocoImage;
import io.phototriage.core.eval.DetectorCalibration;
import io.phototriage.core.eval.PhotoCalibration;
import io.phototriage.core.eval.ThresholdCalibration;
import io.phototriage.core.eval.ThresholdCalibration.Counts;
import io.phototriage.core.eval.ThresholdCalibration.LabelledImage;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.stage.EvaluationModeDetector;
import io.phototriage.core.stage.StageException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Computes the default threshold of {@link YoloxDetector} on coco128 and writes it as a calibration JSON (the
 * committed {@code yolox-nano.calibration.json} was made by this class).
 *
 * <p>Split: the images in file-name order, the even positions (0, 2, ...) for calibration, the odd ones held out
 * for reporting. Photos are decoded with the production {@link ImageIoPhotoDecoder}; detections are evaluation-mode
 * ({@link EvalSettings#coco()}); the rule is {@link ThresholdCalibration.Settings#photoMaxF1}: the best F1 of the
 * photo-level decisions "has a person" / "has a pet" ({@link PhotoCalibration}), what triage decides; box-level
 * numbers are recorded alongside.
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
     * @param calibration  the chosen threshold, with its box and photo numbers on the calibration half
     * @param heldOut      the box counts at that threshold on the held-out half
     * @param heldOutPhoto the photo-level decisions at that threshold on the held-out half
     * @param boxMaxF1Threshold      for comparison: the threshold the box-level max-F1 rule picks on the calibration half
     * @param heldOutPhotoAtBoxMaxF1 the photo-level decisions at that threshold on the held-out half
     */
    public record Report(ThresholdCalibration.Result calibration, Counts heldOut, PhotoCalibration.Report heldOutPhoto,
            double boxMaxF1Threshold, PhotoCalibration.Report heldOutPhotoAtBoxMaxF1) {}

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
     * @return the photo-level calibration on the even half, its numbers on the odd half, and the box-level max-F1
     *         threshold with its held-out photo numbers for comparison
     * @throws IOException    when the model, the annotations or an image cannot be read
     * @throws StageException when the detector fails on an image
     */
    public static Report run(Path shared) throws IOException, StageException {
        List<String> classes = YoloxConfig.DEFAULT_CLASSES;
        // Evaluation mode ignores the production threshold; 1.0 keeps the committed calibration out of its own making.
        YoloxConfig config = new YoloxConfig(classes, 1.0, "not used: evaluation mode");
        try (YoloxDetector detector = YoloxDetector.create(shared.resolve("models"), config)) {
            List<LabelledImage> even = detect(detector, shared.resolve(DATASET), Half.EVEN);
            List<LabelledImage> odd = detect(detector, shared.resolve(DATASET), Half.ODD);
            ThresholdCalibration.Settings settings = ThresholdCalibration.Settings.photoMaxF1(classes);
            ThresholdCalibration.Result result = calibrate(detector, even, settings,
                    "coco128 (" + DATASET + "/annotations.json, COCO 2017 train ids 9..650), images at even positions in"
                            + " file-name order; decoded with ImageIoPhotoDecoder; odd positions held out");
            double boxMaxF1 = ThresholdCalibration.calibrate(even, ThresholdCalibration.Settings.maxF1(classes),
                    result.provenance()).threshold();
            return new Report(result, ThresholdCalibration.evaluate(odd, settings, result.threshold()),
                    PhotoCalibration.evaluate(odd, settings.groups(), result.threshold()), boxMaxF1,
                    PhotoCalibration.evaluate(odd, settings.groups(), boxMaxF1));
        }
    }

    /**
     * Chooses the threshold of {@code detector} on images it has already run on in evaluation mode
     * ({@link DetectorCalibration#detect}), recording the data set and the detector's weights and evaluation settings
     * as provenance.
     *
     * @param detector the detector that made the detections
     * @param images   its evaluation-mode detections with ground truth
     * @param settings labels, IoU and rule
     * @param dataset  what the images are, for the provenance (e.g. a path and which split)
     * @return the chosen threshold with its numbers and provenance
     * @throws IllegalArgumentException when there is no ground truth or detection of the settings' labels, or no
     *                                  threshold reaches the target precision
     */
    public static ThresholdCalibration.Result calibrate(EvaluationModeDetector detector, List<LabelledImage> images,
            ThresholdCalibration.Settings settings, String dataset) {
        return DetectorCalibration.calibrate(detector, images, settings, dataset, YoloxCalibration.class.getName());
    }

    /**
     * Evaluation-mode detections and COCO ground truth for one half of coco128 (images in file-name order).
     *
     * @param detector the detector, run in evaluation mode
     * @param coco128  the data set folder ({@code annotations.json} and {@code images/})
     * @param half     the even (0, 2, 4, ...) or odd images in file-name order
     * @return one labelled image per image of the half
     * @throws IOException    when the annotations or an image cannot be read
     * @throws StageException when the detector fails on an image
     */
    public static List<LabelledImage> detect(EvaluationModeDetector detector, Path coco128, Half half)
            throws IOException, StageException {
        CocoDataset dataset = CocoDataset.read(coco128.resolve("annotations.json"));
        List<CocoImage> all = DetectorCalibration.byFileName(dataset);
        if (all.isEmpty()) {
            throw new IOException(coco128.resolve("annotations.json") + " lists no images");
        }
        List<CocoImage> images = new ArrayList<>();
        for (int i = half == Half.EVEN ? 0 : 1; i < all.size(); i += 2) {
            images.add(all.get(i));
        }
        return DetectorCalibration.detect(detector, dataset, images, coco128.resolve("images"), ImageIoPhotoDecoder.defaults(),
                done -> { });
    }

    /**
     * {@code YoloxCalibration SHARED_DIR OUT_JSON}: calibrates, writes the JSON, prints both halves.
     *
     * @param args the shared folder and the output file; exits with status 2 on any other count
     * @throws Exception when the calibration or writing fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: YoloxCalibration SHARED_DIR OUT_JSON   (SHARED_DIR holds models/yolox-nano and data/coco128)");
            System.exit(2);
        }
        Report report = run(Path.of(args[0]));
        CalibrationCodec.save(report.calibration(), Path.of(args[1]));
        ThresholdCalibration.Result c = report.calibration();
        Counts h = report.heldOut();
        System.out.printf(Locale.ROOT, "threshold %.6f (%s)%n", c.threshold(), c.rule());
        System.out.printf(Locale.ROOT, "calibration half (%d images): P %.4f R %.4f F1 %.4f  TP %d FP %d GT %d%n",
                c.provenance().imageCount(), c.precision(), c.recall(), c.f1(), c.counts().truePositives(),
                c.counts().falsePositives(), c.counts().groundTruths());
        System.out.printf(Locale.ROOT, "held-out half: P %.4f R %.4f F1 %.4f  TP %d FP %d GT %d%n",
                h.precision(), h.recall(), h.f1(), h.truePositives(), h.falsePositives(), h.groundTruths());
        c.photoLevel().ifPresent(p -> System.out.println("calibration half, " + photos(p)));
        System.out.println("held-out half, " + photos(report.heldOutPhoto()));
        System.out.printf(Locale.ROOT, "for comparison, the box max-F1 threshold %.6f: held-out half, %s%n",
                report.boxMaxF1Threshold(), photos(report.heldOutPhotoAtBoxMaxF1()));
    }

    /** Photo-level precision and recall per group and overall, in one line. */
    static String photos(PhotoCalibration.Report p) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "photos (%d): overall P %.4f R %.4f", p.images(),
                p.overall().precision(), p.overall().recall()));
        p.perGroup().forEach((g, x) -> b.append(String.format(Locale.ROOT, "; %s P %.4f R %.4f (TP %d FP %d FN %d)", g,
                x.precision(), x.recall(), x.truePositives(), x.falsePositives(), x.falseNegatives())));
        return b.toString();
    }
}
