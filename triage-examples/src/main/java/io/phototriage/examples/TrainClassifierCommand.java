package io.phototriage.examples;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.io.AtomicFiles;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.TriageClass;
import io.phototriage.models.clip.ClipImageEncoder;
import io.phototriage.models.clip.ClipProbeClassifier;
import io.phototriage.models.probe.ImageFeatures;
import io.phototriage.models.probe.LiteProbeProvider;
import io.phototriage.models.probe.ProbeConfig;
import io.phototriage.models.probe.ProbeTrainer;
import io.phototriage.models.probe.TrainLiteProbe;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code phototriage train-classifier}: trains the classify stage's linear probe on labelled photos and writes it
 * for {@code run --probe FILE} / {@code eval --probe FILE}. The lite set trains on MobileNetV2 features plus YOLOX
 * scores ({@link TrainLiteProbe}); full and tiny train on CLIP image embeddings. Both hold out a seeded stratified
 * share of each class ({@link ProbeTrainer#split}) and print the held-out accuracy and confusion matrix.
 */
@Command(name = "train-classifier", mixinStandardHelpOptions = true,
        description = {"Train the classifier's probe on a COCO-format set (annotations.json + images/, label = triage_class)"
                + " or a folder per class (people/ pets/ neither/), print the held-out accuracy and confusion, write the probe.",
                "Exit codes: 0 written, 1 output could not be written, 2 bad options or data, 3 models missing."})
final class TrainClassifierCommand implements Callable<Integer> {
    @Option(names = "--dataset", required = true, paramLabel = "DIR",
            description = "COCO-format folder (annotations.json + images/) or people/ pets/ neither/ folders.")
    Path dataset;

    @Mixin
    ModelSetOptions modelOptions = new ModelSetOptions();

    @Option(names = "--output", required = true, paramLabel = "PROBE_FILE", description = "Where to write the probe JSON.")
    Path output;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Split and fold seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0",
            description = "Held-out share of each class (default: ${DEFAULT-VALUE}: train on every photo and rely on the"
                    + " cross-validated estimate).")
    double testFraction;

    @Option(names = "--cv-repeats", paramLabel = "N", defaultValue = "10",
            description = "Repeats of the stratified 5-fold cross-validation that estimates accuracy on unseen photos"
                    + " (default: ${DEFAULT-VALUE}; 0 = none). The estimate is saved in the probe's provenance.")
    int cvRepeats;

    @Option(names = "--clip-model", paramLabel = "NAME",
            description = "CLIP folder under the models folder (default: clip-vit-b32 for full, clip-tiny for tiny).")
    String clipModel;

    /**
     * What to train.
     *
     * @param dataset      a COCO-format folder or a folder per class
     * @param modelSet     whose features
     * @param models       the models folder, or empty for the set's default
     * @param output       the probe file to write
     * @param seed         split and fold seed
     * @param testFraction held-out share of each class (0: train on every photo)
     * @param clipModel    the CLIP folder name (full and tiny)
     * @param cvRepeats    repeats of the 5-fold cross-validation of the recipe (0: none)
     */
    record Options(Path dataset, ModelSet modelSet, Optional<Path> models, Path output, long seed, double testFraction,
            String clipModel, int cvRepeats) {
        Options {
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(modelSet, "modelSet");
            Objects.requireNonNull(models, "models");
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(clipModel, "clipModel");
            if (!(testFraction >= 0 && testFraction < 1)) {
                throw new IllegalArgumentException("--test-fraction must be in [0, 1): " + testFraction);
            }
            if (cvRepeats < 0) {
                throw new IllegalArgumentException("--cv-repeats must be 0 or more: " + cvRepeats);
            }
        }
    }

    /**
     * How training ended.
     *
     * @param exitCode 0 or one of the command's exit codes
     * @param message  why it failed; empty on success
     * @param result   the probe and its held-out metrics (null on failure)
     */
    record Report(int exitCode, String message, ProbeTrainer.Result result) {}

    @Override
    public Integer call() {
        Options options;
        try {
            ModelSet set = modelOptions.set();
            options = new Options(dataset, set, modelOptions.models(), output, seed, testFraction,
                    clipModel == null ? set.clipFolder() : clipModel, cvRepeats);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        }
        return run(options, System.out, System.err).exitCode();
    }

    /**
     * Trains, prints the held-out report to {@code out} and writes the probe.
     *
     * @param progress receives error messages
     */
    static Report run(Options options, PrintStream out, PrintStream progress) {
        Path dir = options.dataset().toAbsolutePath().normalize();
        boolean coco = Files.isRegularFile(dir.resolve("annotations.json"));
        if (!Files.isDirectory(dir)) {
            return fail(progress, FolderTriage.EXIT_USAGE, "data set folder " + dir + " does not exist");
        }
        Path modelsDir;
        try {
            modelsDir = options.modelSet().settings(options.models()).requireModelsDir();
        } catch (IllegalStateException e) {
            return fail(progress, FolderTriage.EXIT_MODELS, e.getMessage() + System.lineSeparator() + "  To get the models: "
                    + options.modelSet().howToGetModels(options.models()));
        }
        Path file = options.output().toAbsolutePath().normalize();
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
        } catch (IOException e) {
            return fail(progress, FolderTriage.EXIT_IO_FAILURE, "cannot create the folder of " + file + ": " + e.getMessage());
        }
        ProbeTrainer.Result result;
        try {
            if (options.modelSet() == ModelSet.LITE) {
                result = TrainLiteProbe.run(new String[] {"--models", modelsDir.toString(), coco ? "--coco" : "--folders", dir.toString(),
                    "--detector", LiteProbeProvider.DEFAULT_DETECTOR, "--seed", Long.toString(options.seed()),
                    "--test-fraction", Double.toString(options.testFraction()), "--cv-repeats", Integer.toString(options.cvRepeats())},
                    out);
            } else {
                result = trainOnClip(options, dir, coco, modelsDir, out);
            }
        } catch (IOException | IllegalArgumentException e) {
            return fail(progress, FolderTriage.EXIT_USAGE, "cannot train on " + dir + ": " + e.getMessage());
        } catch (Exception e) {
            return fail(progress, FolderTriage.EXIT_MODELS, "cannot train with the '" + options.modelSet().label() + "' models: "
                    + e.getMessage() + System.lineSeparator() + "  To get the models: " + options.modelSet().howToGetModels(options.models()));
        }
        try {
            AtomicFiles.write(file, result.probe()::write);
        } catch (IOException e) {
            return fail(progress, FolderTriage.EXIT_IO_FAILURE, "cannot write the probe to " + file + ": " + e.getMessage());
        }
        if (result.heldOut().isPresent()) {
            out.printf(java.util.Locale.ROOT, "held-out accuracy %.4f on %d photos; wrote %s%n", result.heldOut().get().accuracy(),
                    result.heldOut().get().total(), file);
        } else {
            out.printf(java.util.Locale.ROOT, "trained on all %d photos; wrote %s%n", result.split().train().size(), file);
        }
        return new Report(FolderTriage.EXIT_OK, "", result);
    }

    private static ProbeTrainer.Result trainOnClip(Options options, Path dir, boolean coco, Path modelsDir, PrintStream out)
            throws IOException, ModelException, StageException {
        List<ProbeTrainer.LabeledPhoto> photos = coco ? ProbeTrainer.readCoco(dir) : ProbeTrainer.readFolders(dir);
        ResolvedModel resolved = ModelStore.at(modelsDir).resolve(options.clipModel());
        try (ClipFeatures features = new ClipFeatures(ClipImageEncoder.load(resolved), resolved)) {
            ProbeTrainer.Result result = ProbeTrainer.train(photos, dir.getFileName().toString(), features,
                    ImageIoPhotoDecoder.defaults(), ProbeConfig.defaults().withSeed(options.seed()), options.testFraction(),
                    options.cvRepeats());
            out.println("data set " + dir.getFileName() + ": " + ProbeTrainer.counts(photos) + "; train "
                    + ProbeTrainer.counts(result.split().train()) + ", held out " + ProbeTrainer.counts(result.split().test()));
            out.println("features: " + features.id() + " (" + features.dimension() + ")");
            result.probe().provenance().crossValidation().ifPresent(e -> out.println(TrainLiteProbe.describe(e)));
            if (result.heldOut().isPresent()) {
                out.println("held-out metrics (rows = truth, columns = predicted):");
                out.print(result.heldOut().get().report(TriageClass::label));
            }
            return result;
        }
    }

    /** CLIP image embeddings as probe features, described as {@link ClipProbeClassifier} expects them. */
    private record ClipFeatures(ClipImageEncoder encoder, String id, String description) implements ImageFeatures {
        ClipFeatures(ClipImageEncoder encoder, ResolvedModel resolved) {
            this(encoder, resolved.weightsId(ClipImageEncoder.ROLE),
                    ClipProbeClassifier.featureDescription(resolved.manifest().name(), encoder.contract()));
        }

        @Override
        public int dimension() {
            return encoder.contract().embedDim();
        }

        @Override
        public float[] extract(DecodedPhoto photo) throws StageException {
            return encoder.embed(photo.image());
        }

        @Override
        public void close() {
            encoder.close();
        }
    }

    private static Report fail(PrintStream progress, int code, String message) {
        progress.println("error: " + message);
        return new Report(code, message, null);
    }
}
