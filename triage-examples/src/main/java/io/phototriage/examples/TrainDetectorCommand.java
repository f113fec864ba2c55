package io.phototriage.examples;

import io.phototriage.core.stage.StageException;
import io.phototriage.models.yolox.DetectorDataset;
import io.phototriage.models.yolox.FineTunedYoloxDetector;
import io.phototriage.models.yolox.YoloxTrainer;
import io.phototriage.models.yolox.YoloxTrainingConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code phototriage train-detector}: fine-tunes YOLOX-Nano on a COCO-format data set of the user's own subjects and
 * writes a detector folder that {@code run --detector DIR} and {@code eval --detector DIR} load
 * ({@link YoloxTrainer}; the starting weights are the trainable export of the lite set's YOLOX-Nano).
 */
@Command(name = "train-detector", mixinStandardHelpOptions = true,
        description = {"Fine-tune YOLOX-Nano on a COCO-format data set (annotations.json + images/), print per-epoch train and"
                + " held-out loss and mAP, write the best epoch's detector folder for run/eval --detector DIR.",
                "Exit codes: 0 written, 1 output could not be written, 2 bad options or data, 3 models missing."})
final class TrainDetectorCommand implements Callable<Integer> {
    /** The folder of the trainable YOLOX-Nano in the models folder ({@code export.py yolox-trainable --out}). */
    static final String START_FOLDER = "yolox-nano-trainable";

    @Option(names = "--dataset", required = true, paramLabel = "COCO_DIR",
            description = "COCO-format folder: annotations.json + images/ (CVAT, Label Studio and coco128 exports).")
    Path dataset;

    @Mixin
    ModelSetOptions modelOptions = new ModelSetOptions();

    @Option(names = "--output", required = true, paramLabel = "DET_DIR", description = "The detector folder to write.")
    Path output;

    @Option(names = "--classes", paramLabel = "A,B", defaultValue = "person,dog,cat",
            description = "Categories to train, in head order (default: ${DEFAULT-VALUE}).")
    String classes;

    @Option(names = "--start", paramLabel = "DIR",
            description = "Starting weights (a trainable YOLOX folder). Default: MODELS/" + START_FOLDER + ".")
    Path start;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10", description = "Most epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Split, order and augmentation seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "8", description = "Images per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--learning-rate", paramLabel = "X", defaultValue = "1e-4", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--held-out", paramLabel = "F", defaultValue = "0.25", description = "Held-out share (default: ${DEFAULT-VALUE}).")
    double heldOut;

    @Option(names = "--patience", paramLabel = "N", defaultValue = "3",
            description = "Stop after N epochs without a better held-out mAP (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--l1-epochs", paramLabel = "N", defaultValue = "2",
            description = "Last N epochs add the L1 box term (default: ${DEFAULT-VALUE}).")
    int l1Epochs;

    @Option(names = "--no-augment", description = "Train on the plain letterbox (no scale, colour or flip jitter).")
    boolean noAugment;

    @Override
    public Integer call() {
        YoloxTrainingConfig config;
        try {
            if (modelOptions.set() != ModelSet.LITE) {
                throw new IllegalArgumentException("train-detector fine-tunes the lite set's YOLOX-Nano; use --model-set lite"
                        + " (Grounding DINO of the full set is prompted, not trained)");
            }
            config = new YoloxTrainingConfig(epochs, batchSize, learningRate, heldOut, patience, l1Epochs, seed, !noAugment,
                    YoloxTrainingConfig.defaults().minScale(), YoloxTrainingConfig.defaults().colour());
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        }
        return run(dataset, modelOptions.models(), Optional.ofNullable(start), output,
                Arrays.stream(classes.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList(), config,
                System.out, System.err);
    }

    /**
     * Reads and checks the data set, fine-tunes and writes the detector folder.
     *
     * @return one of the {@code FolderTriage.EXIT_} codes
     */
    static int run(Path dataset, Optional<Path> models, Optional<Path> start, Path output, List<String> classes,
            YoloxTrainingConfig config, PrintStream out, PrintStream err) {
        Path dir = dataset.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            err.println("error: data set folder " + dir + " does not exist");
            return FolderTriage.EXIT_USAGE;
        }
        Path startDir;
        try {
            startDir = start.orElseGet(() -> ModelSet.LITE.settings(models).requireModelsDir().resolve(START_FOLDER));
        } catch (IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_MODELS;
        }
        var resolved = (io.phototriage.core.model.ResolvedModel) null;
        try {
            resolved = FineTunedYoloxDetector.resolve(startDir);
        } catch (StageException e) {
            err.println("error: no starting weights: " + e.getMessage() + System.lineSeparator()
                    + "  Export them once: tools/export/.venv/bin/python tools/export/export.py yolox-trainable --classes "
                    + String.join(",", classes) + " --out " + startDir);
            return FolderTriage.EXIT_MODELS;
        }
        DetectorDataset data;
        try {
            data = DetectorDataset.read(dir, classes);
        } catch (IOException | IllegalArgumentException e) {
            err.println("error: cannot train on " + dir + ": " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        }
        data.warnings().forEach(w -> err.println("warning: " + w));
        out.println("data set " + data.name() + ": " + data.examples().size() + " images, boxes " + data.boxCounts() + "; start "
                + resolved.weightsId(FineTunedYoloxDetector.ROLE_MODEL) + "; " + config);
        YoloxTrainer.TrainingReport report;
        try {
            report = new YoloxTrainer(config, e -> out.printf(Locale.ROOT,
                    "epoch %d: train loss %.4f, train mAP %.4f, held-out loss %.4f, mAP %.4f, mAP50 %.4f%s, %.0f s%s%n", e.epoch(),
                    e.trainLoss(), e.trainMap(),
                    e.heldOutLoss(), e.heldOutMap(), e.heldOutMap50(), e.l1() ? " (L1)" : "", e.seconds(),
                    e.improved() ? " (saved)" : "")).fineTune(resolved, data, output.toAbsolutePath().normalize());
        } catch (IllegalArgumentException e) {
            err.println("error: cannot train on " + dir + ": " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_IO_FAILURE;
        } catch (StageException | IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_MODELS;
        }
        out.println("split: " + report.split().describe());
        out.printf(Locale.ROOT, "held-out before training: mAP %.4f, mAP50 %.4f%n", report.baseline()[0], report.baseline()[1]);
        out.printf(Locale.ROOT, "best epoch %d: held-out mAP %.4f, mAP50 %.4f%s; %.0f s in all; wrote %s%n", report.bestEpoch(),
                report.best().heldOutMap(), report.best().heldOutMap50(), report.stoppedEarly() ? ", stopped early" : "",
                report.seconds(), report.detectorDir());
        return FolderTriage.EXIT_OK;
    }
}
