package io.phototriage.models.probe;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Detections;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.TriageClass;
import io.phototriage.models.mobilenet.MobileNetFeatures;
import io.phototriage.models.ToolMain;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line that trains the lite classifier's probe (MobileNetV2 features + detector scores) and reports its
 * held-out metrics; {@code tools/train-lite-probe.sh} runs it.
 *
 * <pre>
 * --models DIR          models root with mobilenet-v2/ (and the detector's folder)
 * --coco DIR | --folders DIR   a COCO-format set (annotations.json + images/, label = triage_class) or people/ pets/ neither/
 * --detector NAME       detector provider from the registry (default yolox); "none" = no detector (MobileNet only)
 * --out FILE            where to write the probe JSON (optional)
 * --seed N              split and fold seed (default 42)
 * --test-fraction F     held-out share of each class (default 0: train on every photo)
 * --cv-repeats N        repeats of the stratified k-fold cross-validation of the recipe (default 10; 0 = none)
 * </pre>
 */
public final class TrainLiteProbe {
    /** The {@code --detector} value that appends no detector evidence (both scores are always 0). */
    public static final String NO_DETECTOR = "none";
    /** Repeats of the 5-fold cross-validation that estimates the probe's accuracy on unseen photos. */
    public static final int DEFAULT_CV_REPEATS = 10;

    private TrainLiteProbe() {}

    /**
     * The {@code train-lite-probe} command: {@link #run} on the process's arguments; a usage error exits with
     * status 2 after printing its message.
     *
     * @param args the command-line arguments
     * @throws Exception when training fails for another reason than bad arguments
     */
    public static void main(String[] args) throws Exception {
        ToolMain.run("train-lite-probe", args, TrainLiteProbe::run);
    }

    /**
     * Parses {@code args}, trains, prints the report to {@code out}, writes the probe if {@code --out} was given.
     *
     * @param args the command-line arguments
     * @param out  where the report goes
     * @return the trained probe with its held-out metrics and split
     * @throws IllegalArgumentException when the arguments are invalid (the message says which)
     * @throws Exception                when a model, the data set or a photo cannot be read, or the probe cannot
     *                                  be written
     */
    public static ProbeTrainer.Result run(String[] args, PrintStream out) throws Exception {
        Path models = null;
        Path coco = null;
        Path folders = null;
        Path output = null;
        String detectorName = LiteProbeProvider.DEFAULT_DETECTOR;
        long seed = 42;
        double testFraction = 0;
        int cvRepeats = DEFAULT_CV_REPEATS;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--models" -> models = Path.of(value(a, v));
                case "--coco" -> coco = Path.of(value(a, v));
                case "--folders" -> folders = Path.of(value(a, v));
                case "--out" -> output = Path.of(value(a, v));
                case "--detector" -> detectorName = value(a, v);
                case "--seed" -> seed = Long.parseLong(value(a, v));
                case "--test-fraction" -> testFraction = Double.parseDouble(value(a, v));
                case "--cv-repeats" -> cvRepeats = Integer.parseInt(value(a, v));
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
            i++;
        }
        if (models == null || (coco == null) == (folders == null)) {
            throw new IllegalArgumentException("usage: --models DIR (--coco DIR | --folders DIR) [--detector NAME|none] [--out FILE]"
                    + " [--seed N] [--test-fraction F] [--cv-repeats N]");
        }
        List<ProbeTrainer.LabeledPhoto> photos = coco != null ? ProbeTrainer.readCoco(coco) : ProbeTrainer.readFolders(folders);
        String dataset = (coco != null ? coco : folders).toAbsolutePath().normalize().getFileName().toString();
        ProbeConfig config = ProbeConfig.liteDefaults(LiteFeatures.DETECTOR_SCORES).withSeed(seed);
        Detector detector = null;
        MobileNetFeatures mobileNet = MobileNetFeatures.load(models);
        LiteFeatures features;
        try {
            detector = NO_DETECTOR.equals(detectorName) ? new NoDetector()
                    : StageRegistry.load().create(Detector.class, detectorName, StageSettings.ofModelsDir(models));
        } catch (StageException | RuntimeException e) {
            mobileNet.close();
            throw e;
        }
        features = new LiteFeatures(mobileNet, detector);
        try (features) {
            ProbeTrainer.Result result = ProbeTrainer.train(photos, dataset, features, ImageIoPhotoDecoder.defaults(), config,
                    testFraction, cvRepeats);
            out.println("data set " + dataset + ": " + ProbeTrainer.counts(photos) + "; train " + ProbeTrainer.counts(result.split().train())
                    + ", held out " + ProbeTrainer.counts(result.split().test()));
            out.println("features: " + features.id() + " (" + features.dimension() + ")");
            LinearProbe.Training t = result.probe().training();
            out.println("probe: " + ProbeTrainer.describe(config) + "; λ=" + t.lambda() + " (CV losses " + t.cvLosses() + "), "
                    + t.iterations() + " L-BFGS iterations");
            result.probe().provenance().crossValidation().ifPresent(e -> out.println(describe(e)));
            if (result.heldOut().isPresent()) {
                out.println("held-out metrics (rows = truth, columns = predicted):");
                out.print(result.heldOut().get().report(TriageClass::label));
                List<String> wrong = new ArrayList<>();
                for (int i = 0; i < result.split().test().size(); i++) {
                    ProbeTrainer.LabeledPhoto p = result.split().test().get(i);
                    if (result.predicted().get(i) != p.label()) {
                        wrong.add(p.path().getFileName() + " " + p.label().label() + "->" + result.predicted().get(i).label());
                    }
                }
                out.println("misclassified: " + wrong);
            } else {
                out.println("trained on every photo: nothing held out" + (cvRepeats > 0 ? " (see the cross-validated estimate)" : ""));
            }
            if (output != null) {
                result.probe().save(output);
                out.println("wrote " + output.toAbsolutePath());
            }
            return result;
        }
    }

    /**
     * The estimate in lines: accuracy and macro F1 as mean ± sd, and each class's recall.
     *
     * @param e the estimate
     * @return the report text
     */
    public static String describe(CrossValidationEstimate e) {
        StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT,
                "cross-validated (%d x %d-fold, stratified, seed %d): accuracy %.4f ± %.4f, macro F1 %.4f ± %.4f; recall",
                e.repeats(), e.folds(), e.seed(), e.accuracyMean(), e.accuracySd(), e.macroF1Mean(), e.macroF1Sd()));
        for (TriageClass c : TriageClass.values()) {
            b.append(String.format(java.util.Locale.ROOT, " %s %.3f ± %.3f", c.label(), e.recallMean().get(c), e.recallSd().get(c)));
        }
        return b.toString();
    }

    private static String value(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    /** The {@code --detector none} ablation: finds nothing, so both detector features are 0. */
    static final class NoDetector implements Detector {
        @Override
        public Detections apply(DecodedPhoto photo) {
            return new Detections(List.of(), 1.0);
        }

        @Override
        public String name() {
            return NO_DETECTOR;
        }

        @Override
        public ModelInfo model() {
            return ModelInfo.of(NO_DETECTOR);
        }
    }
}
