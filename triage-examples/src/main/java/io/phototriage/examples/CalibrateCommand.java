package io.phototriage.examples;

import io.phototriage.core.eval.CalibrationCodec;
import io.phototriage.core.eval.CocoDataset;
import io.phototriage.core.eval.CocoImage;
import io.phototriage.core.eval.DetectorCalibration;
import io.phototriage.core.eval.PhotoCalibration;
import io.phototriage.core.eval.ThresholdCalibration;
import io.phototriage.core.eval.ThresholdCalibration.LabelledImage;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.io.AtomicFiles;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.EvaluationModeDetector;
import io.phototriage.core.stage.StageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code phototriage calibrate}: runs the model set's detector in evaluation mode on a COCO-format set and writes the
 * {@link ThresholdCalibration.Result} that {@code run --calibration FILE} (and {@code eval --calibration}) use.
 * The detect path and the choosing are {@link io.phototriage.core.eval.DetectorCalibration}'s; only detectors with an evaluation mode ({@link EvaluationModeDetector}, e.g. YOLOX) can be
 * calibrated, since a production output already cut at a threshold cannot tell what a lower one would keep.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Choose the detector's score threshold on a COCO-format set (DIR/annotations.json + DIR/images/)"
                + " and write it as a calibration JSON for 'run --calibration FILE'.",
                "Exit codes: 0 written, 1 output could not be written, 2 bad options or data (or no threshold reaches"
                        + " the target), 3 models or stage providers missing."})
final class CalibrateCommand implements Callable<Integer> {
    @Option(names = "--dataset", required = true, paramLabel = "DIR", description = "COCO-format set: annotations.json + images/.")
    Path dataset;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "The calibration JSON to write.")
    Path output;

    @Option(names = "--rule", paramLabel = "RULE", defaultValue = "photo-max-f1",
            description = "photo-max-f1 (default: best F1 of the per-photo decisions 'has a person' / 'has a pet', what"
                    + " triage decides), max-f1 (best F1 of box matching) or min-precision (the lowest threshold whose box"
                    + " precision reaches --target). Box-level and photo-level numbers are reported for every rule.")
    String rule;

    @Option(names = "--target", paramLabel = "P", description = "Target precision in (0, 1] for --rule min-precision.")
    Double target;

    @Mixin
    ModelSetOptions modelOptions = new ModelSetOptions();

    @Option(names = "--iou", paramLabel = "IOU", defaultValue = "0.5", description = "IoU at which a box matches (default: ${DEFAULT-VALUE}).")
    double iou;

    /**
     * What to calibrate.
     *
     * @param dataset  the COCO-format folder
     * @param output   the calibration file to write
     * @param models   the models folder, or empty for the set's default
     * @param modelSet whose detector to calibrate
     * @param rule     how the threshold is chosen
     * @param target   the target precision of {@link ThresholdCalibration.Rule#MIN_PRECISION}; NaN otherwise
     * @param iou      the matching IoU
     */
    record Options(Path dataset, Path output, Optional<Path> models, ModelSet modelSet, ThresholdCalibration.Rule rule,
            double target, double iou) {
        Options {
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(models, "models");
            Objects.requireNonNull(modelSet, "modelSet");
            Objects.requireNonNull(rule, "rule");
        }
    }

    /**
     * How a calibration ended.
     *
     * @param exitCode 0 or one of the command's exit codes
     * @param message  why it failed; empty on success
     * @param result   the calibration written (null on failure)
     */
    record Report(int exitCode, String message, ThresholdCalibration.Result result) {}

    @Override
    public Integer call() {
        ThresholdCalibration.Rule r;
        ModelSet set;
        try {
            set = modelOptions.set();
            r = parseRule(rule);
            if (r == ThresholdCalibration.Rule.MIN_PRECISION && target == null) {
                throw new IllegalArgumentException("--rule min-precision needs --target P, e.g. --target 0.8");
            }
            if (r != ThresholdCalibration.Rule.MIN_PRECISION && target != null) {
                throw new IllegalArgumentException("--target goes with --rule min-precision; " + rule + " takes no target");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        }
        return run(new Options(dataset, output, modelOptions.models(), set, r, target == null ? Double.NaN : target, iou),
                StageRegistry.load(), System.out, System.err).exitCode();
    }

    /** {@code photo-max-f1}, {@code max-f1} or {@code min-precision}. */
    static ThresholdCalibration.Rule parseRule(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "photo-max-f1" -> ThresholdCalibration.Rule.PHOTO_MAX_F1;
            case "max-f1" -> ThresholdCalibration.Rule.MAX_F1;
            case "min-precision" -> ThresholdCalibration.Rule.MIN_PRECISION;
            default -> throw new IllegalArgumentException("unknown rule '" + value
                    + "': expected photo-max-f1, max-f1 or min-precision");
        };
    }

    /**
     * Detects, calibrates, writes the file and prints the result JSON to {@code out}.
     *
     * @param progress receives progress and error messages
     */
    static Report run(Options options, StageRegistry registry, PrintStream out, PrintStream progress) {
        Path dir = options.dataset().toAbsolutePath().normalize();
        CocoDataset dataset;
        ThresholdCalibration.Settings settings;
        try {
            dataset = CocoDataset.read(dir.resolve("annotations.json"));
        } catch (IOException e) {
            return fail(progress, FolderTriage.EXIT_USAGE, "cannot read the data set " + dir + ": " + e.getMessage());
        }
        Detector detector;
        try {
            detector = registry.create(Detector.class, options.modelSet().detectProvider(), options.modelSet().settings(options.models())
                    .forStage("detect"));
        } catch (StageException | RuntimeException e) {
            return fail(progress, FolderTriage.EXIT_MODELS, "cannot set up the '" + options.modelSet().label() + "' detector: "
                    + e.getMessage() + System.lineSeparator() + "  To get the models: " + options.modelSet().howToGetModels(options.models()));
        }
        try {
            if (!(detector instanceof EvaluationModeDetector evaluating)) {
                return fail(progress, FolderTriage.EXIT_USAGE, "the detector '" + detector.name() + "' of the '"
                        + options.modelSet().label() + "' set has no evaluation mode, so it cannot be calibrated;"
                        + " calibrate works with yolox (--model-set lite)");
            }
            try {
                settings = new ThresholdCalibration.Settings(evaluating.labels(), options.iou(), options.rule(), options.target());
            } catch (IllegalArgumentException e) {
                return fail(progress, FolderTriage.EXIT_USAGE, e.getMessage());
            }
            List<LabelledImage> images;
            try {
                images = detect(evaluating, dataset, dir, progress);
            } catch (IOException | StageException e) {
                return fail(progress, FolderTriage.EXIT_USAGE, e.getMessage());
            }
            ThresholdCalibration.Result result;
            try {
                result = DetectorCalibration.calibrate(evaluating, images, settings,
                        dir + " (every image, decoded with ImageIoPhotoDecoder)", "phototriage calibrate");
            } catch (IllegalArgumentException e) {
                return fail(progress, FolderTriage.EXIT_USAGE, "cannot calibrate on " + dir + ": " + e.getMessage());
            }
            Path file = options.output().toAbsolutePath().normalize();
            try {
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                byte[] json = EvalCommand.JSON.writeValueAsBytes(CalibrationCodec.toJson(result));
                AtomicFiles.write(file, o -> o.write(json));
                out.println(EvalCommand.JSON.writeValueAsString(CalibrationCodec.toJson(result)));
            } catch (IOException e) {
                return fail(progress, FolderTriage.EXIT_IO_FAILURE, "cannot write " + file + ": " + e.getMessage());
            }
            progress.printf(Locale.ROOT, "threshold %.6f (%s); boxes: precision %.4f recall %.4f F1 %.4f on %d images; wrote %s%n",
                    result.threshold(), result.rule(), result.precision(), result.recall(), result.f1(), images.size(), file);
            result.photoLevel().ifPresent(p -> progress.println(describe(p)));
            return new Report(FolderTriage.EXIT_OK, "", result);
        } finally {
            try {
                detector.close();
            } catch (Exception e) {
                progress.println("warning: closing the detector failed: " + e);
            }
        }
    }

    /** Evaluation-mode detections and ground truth (labelled by category name) of every image, by file name. */
    static List<LabelledImage> detect(EvaluationModeDetector detector, CocoDataset dataset, Path dir, PrintStream progress)
            throws IOException, StageException {
        List<CocoImage> images = DetectorCalibration.byFileName(dataset);
        return DetectorCalibration.detect(detector, dataset, images, dir.resolve("images"), ImageIoPhotoDecoder.defaults(),
                done -> {
                    if (done % 32 == 0 || done == images.size()) {
                        progress.printf(Locale.ROOT, "[%d/%d] detected%n", done, images.size());
                    }
                });
    }

    /** Photo-level precision and recall per group and overall, in one line. */
    static String describe(PhotoCalibration.Report report) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "photos (%d): overall precision %.4f recall %.4f",
                report.images(), report.overall().precision(), report.overall().recall()));
        report.perGroup().forEach((g, c) -> b.append(String.format(Locale.ROOT, "; %s precision %.4f recall %.4f (TP %d FP %d FN %d)",
                g, c.precision(), c.recall(), c.truePositives(), c.falsePositives(), c.falseNegatives())));
        return b.toString();
    }

    private static Report fail(PrintStream progress, int code, String message) {
        progress.println("error: " + message);
        return new Report(code, message, null);
    }
}
