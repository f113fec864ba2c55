package io.phototriage.models.resnet;

import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.TriageClass;
import io.phototriage.models.resnet.ResNetTrainer.TrainingReport;
import io.phototriage.models.ToolMain;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Command line that fine-tunes a ResNet backbone folder into a classifier folder; {@code tools/train-resnet.sh} runs
 * it.
 *
 * <pre>
 * --models DIR              models root: reads DIR/&lt;backbone&gt;/, writes DIR/&lt;out&gt;/
 * --coco DIR | --folders DIR   a COCO-format set (DIR/annotations.json + DIR/images/, label = triage_class) or
 *                           DIR/people/, DIR/pets/, DIR/neither/
 * --backbone NAME           backbone folder (default resnet-18)
 * --out NAME                classifier folder to write (default resnet-18-triage)
 * --epochs N --batch-size N --learning-rate X --held-out F --patience N --seed N --min-crop-scale F
 * --freeze-backbone         train the head only
 * --no-augment              train on centre crops (no random crops or flips)
 * </pre>
 */
public final class TrainResNet {
    /** The backbone folder {@code export.py resnet --real} writes. */
    public static final String DEFAULT_BACKBONE = "resnet-18";

    private TrainResNet() {}

    /**
     * The {@code train-resnet} command: {@link #run} on the process's arguments; a usage error exits with status 2
     * after printing its message.
     *
     * @param args the command-line arguments
     * @throws Exception when training fails for another reason than bad arguments
     */
    public static void main(String[] args) throws Exception {
        ToolMain.run("train-resnet", args, TrainResNet::run);
    }

    /**
     * Parses {@code args}, fine-tunes, prints one line per epoch and a summary to {@code out}.
     *
     * @param args the command-line arguments
     * @param out  where the report goes
     * @return every epoch's report, the best epoch and where the classifier was written
     * @throws IllegalArgumentException when the arguments are invalid (the message says which)
     * @throws Exception                when the backbone, the data set or a photo cannot be read, or the classifier
     *                                  cannot be written
     */
    public static TrainingReport run(String[] args, PrintStream out) throws Exception {
        Path models = null;
        Path coco = null;
        Path folders = null;
        String backboneName = DEFAULT_BACKBONE;
        String outName = ResNetClassifier.DEFAULT_FOLDER;
        ResNetTrainingConfig d = ResNetTrainingConfig.defaults();
        int epochs = d.epochs();
        int batchSize = d.batchSize();
        float learningRate = d.learningRate();
        double heldOut = d.heldOutFraction();
        int patience = d.patience();
        long seed = d.seed();
        double minCropScale = d.minCropScale();
        boolean trainBackbone = true;
        boolean augment = d.augment();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--freeze-backbone")) {
                trainBackbone = false;
                continue;
            }
            if (a.equals("--no-augment")) {
                augment = false;
                continue;
            }
            String v = value(a, i + 1 < args.length ? args[i + 1] : null);
            switch (a) {
                case "--models" -> models = Path.of(v);
                case "--coco" -> coco = Path.of(v);
                case "--folders" -> folders = Path.of(v);
                case "--backbone" -> backboneName = v;
                case "--out" -> outName = v;
                case "--epochs" -> epochs = Integer.parseInt(v);
                case "--batch-size" -> batchSize = Integer.parseInt(v);
                case "--learning-rate" -> learningRate = Float.parseFloat(v);
                case "--held-out" -> heldOut = Double.parseDouble(v);
                case "--patience" -> patience = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--min-crop-scale" -> minCropScale = Double.parseDouble(v);
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
            i++;
        }
        if (models == null || (coco == null) == (folders == null)) {
            throw new IllegalArgumentException("usage: --models DIR (--coco DIR | --folders DIR) [--backbone NAME] [--out NAME]"
                    + " [--epochs N] [--batch-size N] [--learning-rate X] [--held-out F] [--patience N] [--seed N]"
                    + " [--min-crop-scale F] [--freeze-backbone] [--no-augment]");
        }
        ResNetTrainingConfig config = new ResNetTrainingConfig(epochs, batchSize, learningRate, heldOut, patience, seed,
                trainBackbone, minCropScale, augment);
        List<LabelledPhoto> photos = coco != null
                ? LabelledPhoto.fromCoco(coco.resolve("annotations.json"), coco.resolve("images"))
                : LabelledPhoto.fromFolders(folders);
        ResolvedModel backbone = ModelStore.at(models).resolve(backboneName);
        out.println("photos: " + counts(photos) + "; backbone " + backbone.weightsId("backbone") + "; " + config);
        TrainingReport report = new ResNetTrainer(config, e -> out.printf(Locale.ROOT,
                "epoch %d: train loss %.4f, train accuracy %.3f, held-out loss %.4f, held-out accuracy %.3f%s%n",
                e.epoch(), e.trainLoss(), e.trainAccuracy(), e.heldOutLoss(), e.heldOutAccuracy(),
                e.improved() ? " (saved)" : ""))
                .fineTune(backbone, photos, models.resolve(outName));
        out.printf(Locale.ROOT, "best epoch %d (held-out accuracy %.3f)%s; wrote %s%n", report.bestEpoch(),
                report.best().heldOutAccuracy(), report.stoppedEarly() ? ", stopped early" : "",
                report.classifierDir().toAbsolutePath());
        return report;
    }

    private static Map<TriageClass, Integer> counts(List<LabelledPhoto> photos) {
        Map<TriageClass, Integer> counts = new EnumMap<>(TriageClass.class);
        photos.forEach(p -> counts.merge(p.label(), 1, Integer::sum));
        return counts;
    }

    private static String value(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
