package io.phototriage.models.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.model.ModelFile;
import io.phototriage.core.model.ModelManifest;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.TriageClass;
import io.phototriage.models.djl.DjlRuntime;
import io.phototriage.models.resnet.ResNetTrainingListener.EpochReport;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fine-tunes a ResNet backbone (a folder written by {@code tools/export/export.py resnet}) plus a new linear head
 * into a {@link ResNetClassifier} with DJL's training API: softmax cross-entropy, Adam, shuffled mini-batches of
 * augmented photos ({@link ResNetAugmenter}; or fixed centre crops when {@link ResNetTrainingConfig#augment()} is
 * off), a seeded stratified held-out split, early stopping on the held-out
 * loss. The weights of the epoch with the lowest held-out loss are written to the output folder as they appear
 * ({@code manifest.json}, {@code backbone.pt}, {@code head.params}), so the folder is always a loadable classifier.
 *
 * <p>Photos are decoded with the project's {@link ImageIoPhotoDecoder} (EXIF orientation, colour profiles) and
 * resized once to the pre-processing's shortest edge; training crops are taken from that, held-out photos are
 * centre-cropped exactly as {@link ResNetClassifier} does. The resized training photos stay in memory (about
 * 350 kB each at 256 x 341; 600 kB of pixel values each without augmentation), so a set of a few thousand photos
 * needs a heap of a few GB.
 *
 * <p>Reproducible: for one seed and libtorch build, two runs give the same losses and weights, in one JVM or in
 * several, whatever the machine's core count or libtorch thread settings (the tests and
 * {@code tools/resnet-determinism.sh} check it): the training loop runs libtorch on {@link #TRAINING_THREADS}
 * intra-op thread, set from the calling thread and restored afterwards (libtorch keeps part of that setting
 * process-wide, so inference on another thread of the JVM during training may also run on one thread). Everything random is drawn in Java
 * from the seed: the split, the order, the augmentations and the head's initial weights; the PyTorch engine's
 * process-wide generator is neither used nor reseeded.
 */
public final class ResNetTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(ResNetTrainer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * libtorch's intra-op thread count while training: fixed, so that the numbers do not depend on the machine.
     * libtorch splits a reduction (the convolutions' weight gradients, the sums in the loss) into one chunk per
     * thread and adds the chunks' float partial sums; another thread count adds them in another order and rounds
     * differently. Measured on the memorisation test's training (seed 7): 1, 2, 4, 8 and 16 threads all differ in
     * the last bits from epoch 1, in the 3rd decimal of the train loss by epoch 20 and in the first by epoch 27,
     * because training the random backbone without normalisation amplifies the rounding. The default count is the
     * number of cores (or {@code OMP_NUM_THREADS}, {@code ai.djl.pytorch.num_threads}), which is how issue #12's
     * machine got other losses for the same seed. One thread is the count that every machine has.
     */
    public static final int TRAINING_THREADS = 1;

    private final ResNetTrainingConfig config;
    private final ResNetTrainingListener listener;

    /**
     * A trainer with these settings.
     *
     * @param config   epochs, batch size, learning rate, split, patience, seed and augmentation
     * @param listener hears each epoch's report as soon as the epoch ends (its exceptions are logged and ignored)
     */
    public ResNetTrainer(ResNetTrainingConfig config, ResNetTrainingListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * The training and held-out photos.
     *
     * @param train   photos the optimiser sees
     * @param heldOut photos for early stopping and the reported accuracy
     */
    public record Split(List<LabelledPhoto> train, List<LabelledPhoto> heldOut) {
        /**
         * Copies both lists.
         *
         * @param train   photos the optimiser sees
         * @param heldOut photos for early stopping and the reported accuracy
         * @throws NullPointerException when a list or an element is null
         */
        public Split {
            train = List.copyOf(train);
            heldOut = List.copyOf(heldOut);
        }
    }

    /**
     * What a fine-tuning did.
     *
     * @param epochs        one report per epoch run
     * @param bestEpoch     the epoch whose weights were saved (lowest held-out loss)
     * @param stoppedEarly  whether it stopped before {@link ResNetTrainingConfig#epochs()} (no improvement for
     *                      {@link ResNetTrainingConfig#patience()} epochs)
     * @param classifierDir the folder written, loadable with {@link ResNetClassifier#load(Path, String)}
     */
    public record TrainingReport(List<EpochReport> epochs, int bestEpoch, boolean stoppedEarly, Path classifierDir) {
        /**
         * Copies the epoch reports.
         *
         * @param epochs        one report per epoch run
         * @param bestEpoch     the 1-based epoch whose weights were saved
         * @param stoppedEarly  whether it stopped before the configured number of epochs
         * @param classifierDir the folder written
         */
        public TrainingReport {
            epochs = List.copyOf(epochs);
        }

        /**
         * The report of {@link #bestEpoch}.
         *
         * @return the epoch whose weights were saved
         */
        public EpochReport best() {
            return epochs.get(bestEpoch - 1);
        }
    }

    /**
     * A stratified split: for each class, {@code round(n * fraction)} photos (at least one when the class has two
     * or more, and never all of them) chosen with {@code new Random(seed)}; both lists keep the input order.
     *
     * @param photos   the labelled photos
     * @param fraction the share of each class to hold out
     * @param seed     the seed of the random choice
     * @return the training and held-out photos
     */
    public static Split split(List<LabelledPhoto> photos, double fraction, long seed) {
        Random random = new Random(seed);
        Map<TriageClass, List<Integer>> byClass = new EnumMap<>(TriageClass.class);
        for (int i = 0; i < photos.size(); i++) {
            byClass.computeIfAbsent(photos.get(i).label(), c -> new ArrayList<>()).add(i);
        }
        boolean[] held = new boolean[photos.size()];
        for (List<Integer> indices : byClass.values()) {
            int n = indices.size();
            int take = n < 2 ? 0 : Math.min(n - 1, Math.max(1, (int) Math.round(n * fraction)));
            List<Integer> shuffled = new ArrayList<>(indices);
            Collections.shuffle(shuffled, random);
            for (int i = 0; i < take; i++) {
                held[shuffled.get(i)] = true;
            }
        }
        List<LabelledPhoto> train = new ArrayList<>();
        List<LabelledPhoto> heldOut = new ArrayList<>();
        for (int i = 0; i < photos.size(); i++) {
            (held[i] ? heldOut : train).add(photos.get(i));
        }
        return new Split(train, heldOut);
    }

    /**
     * Fine-tunes {@code backbone} on {@code photos} and writes the classifier to {@code outDir} (created; files there
     * are replaced). The folder's name becomes the model name.
     *
     * @param backbone the exported ResNet-18 backbone folder
     * @param photos   the labelled photos, split by {@link ResNetTrainingConfig#heldOutFraction()}
     * @param outDir   the classifier folder to write
     * @return every epoch's report, the best epoch and where the classifier was written
     * @throws IllegalArgumentException if the split leaves no training or no held-out photo
     * @throws IOException              if a photo cannot be decoded or the folder cannot be written (the message
     *                                  names the file)
     * @throws StageException           if the backbone cannot be loaded
     * @throws IllegalStateException    if the training diverged (no epoch with a finite held-out loss); nothing is
     *                                  written then
     */
    public TrainingReport fineTune(ResolvedModel backbone, List<LabelledPhoto> photos, Path outDir)
            throws IOException, StageException {
        Objects.requireNonNull(backbone, "backbone");
        var contract = backbone.manifest().contract();
        int featureDim = contract.path("feature_dim").asInt(0);
        if (featureDim < 1) {
            throw new StageException("backbone " + backbone.manifest().name() + " in " + backbone.dir()
                    + ": contract has no feature_dim; re-export it with tools/export/export.py resnet");
        }
        Split split = split(photos, config.heldOutFraction(), config.seed());
        if (split.train().isEmpty() || split.heldOut().isEmpty()) {
            throw new IllegalArgumentException("need photos to train on and to hold out: got " + split.train().size()
                    + " and " + split.heldOut().size() + " of " + photos.size() + " (a class needs two or more photos to "
                    + "be held out)");
        }
        ResNetPreprocessor preprocessor = ResNetPreprocessor.of(contract);
        int side = preprocessor.imageSize();
        int size = 3 * side * side;
        // Augmented: resized photos, cropped anew each epoch. Not augmented: the fixed centre crops' pixel values.
        List<BufferedImage> trainImages = new ArrayList<>();
        float[] trainPixels = config.augment() ? null : new float[split.train().size() * size];
        for (int i = 0; i < split.train().size(); i++) {
            BufferedImage resized = preprocessor.resizeShortestEdge(TrainingLoop.decode(split.train().get(i).file(), "photo", "the labelled set"));
            if (config.augment()) {
                trainImages.add(resized);
            } else {
                System.arraycopy(preprocessor.normalize(preprocessor.centerCrop(resized)), 0, trainPixels, i * size, size);
            }
        }
        float[] heldOutPixels = new float[split.heldOut().size() * size];
        for (int i = 0; i < split.heldOut().size(); i++) {
            float[] pv = preprocessor.pixelValues(TrainingLoop.decode(split.heldOut().get(i).file(), "photo", "the labelled set"));
            System.arraycopy(pv, 0, heldOutPixels, i * size, size);
        }

        Random random = new Random(config.seed());
        ResNetAugmenter augmenter = new ResNetAugmenter(side, config.minCropScale());
        DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(config.learningRate())).build());
        List<EpochReport> reports = new ArrayList<>();
        int bestEpoch = 0;
        double bestLoss = Double.POSITIVE_INFINITY;
        boolean stoppedEarly = false;
        try (ResNetNetwork network = ResNetNetwork.forTraining(backbone.file(ResNetNetwork.BACKBONE), featureDim,
                config.trainBackbone(), config.seed());
                Trainer trainer = network.model().newTrainer(trainingConfig)) {
            trainer.initialize(new Shape(1, 3, side, side));
            // Pinned for the loop (see TRAINING_THREADS), on this thread, and restored after.
            try (TrainingLoop pinned = TrainingLoop.pinThreads()) {
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < split.train().size(); i++) {
                    order.add(i);
                }
                for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                    Collections.shuffle(order, random);
                    double lossSum = 0;
                    int correct = 0;
                    for (int start = 0; start < order.size(); start += config.batchSize()) {
                        int n = Math.min(config.batchSize(), order.size() - start);
                        float[] pixels = new float[n * size];
                        float[] labels = new float[n];
                        for (int i = 0; i < n; i++) {
                            int index = order.get(start + i);
                            if (config.augment()) {
                                BufferedImage crop = augmenter.augment(trainImages.get(index), random);
                                System.arraycopy(preprocessor.normalize(crop), 0, pixels, i * size, size);
                            } else {
                                System.arraycopy(trainPixels, index * size, pixels, i * size, size);
                            }
                            labels[i] = split.train().get(index).label().ordinal();
                        }
                        BatchResult batch = trainBatch(trainer, pixels, labels, n, side);
                        lossSum += batch.loss() * n;
                        correct += batch.correct();
                    }
                    double trainLoss = lossSum / order.size();
                    double trainAccuracy = (double) correct / order.size();
                    double[] heldOut = evaluate(trainer, heldOutPixels, split.heldOut(), side);
                    boolean improved = heldOut[0] < bestLoss;
                    if (improved) {
                        bestLoss = heldOut[0];
                        bestEpoch = epoch;
                        save(network, backbone, outDir, split, epoch, heldOut);
                    }
                    EpochReport report = new EpochReport(epoch, trainLoss, trainAccuracy, heldOut[0], heldOut[1], improved);
                    reports.add(report);
                    publish(report);
                    if (TrainingLoop.patienceRanOut(epoch, bestEpoch, config.patience(), config.epochs())) {
                        stoppedEarly = true;
                        break;
                    }
                }
            }
        }
        if (bestEpoch == 0) {
            throw new IllegalStateException("fine-tuning " + backbone.manifest().name() + " diverged: no epoch had a finite "
                    + "held-out loss (" + reports + "); nothing was written to " + outDir + ". Lower the learning rate (was "
                    + config.learningRate() + ")");
        }
        return new TrainingReport(reports, bestEpoch, stoppedEarly, outDir);
    }

    /** One mini-batch's mean loss and how many of its photos the forward pass classified correctly. */
    private record BatchResult(double loss, int correct) {}

    private static BatchResult trainBatch(Trainer trainer, float[] pixels, float[] labels, int n, int side) {
        try (NDManager manager = trainer.getManager().newSubManager()) {
            NDList x = new NDList(manager.create(pixels, new Shape(n, 3, side, side)));
            NDList y = new NDList(manager.create(labels, new Shape(n)));
            double loss;
            int correct;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList predictions = trainer.forward(x, y);
                NDArray lossValue = trainer.getLoss().evaluate(y, predictions);
                collector.backward(lossValue);
                loss = lossValue.getFloat();
                correct = countCorrect(predictions.singletonOrThrow().argMax(1).toLongArray(), labels);
            }
            trainer.step();
            return new BatchResult(loss, correct);
        }
    }

    private static int countCorrect(long[] predicted, float[] labels) {
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == (long) labels[i]) {
                correct++;
            }
        }
        return correct;
    }

    /** {@code [mean loss, accuracy]} over the held-out photos, in batches, without gradients. */
    private double[] evaluate(Trainer trainer, float[] pixels, List<LabelledPhoto> photos, int side) {
        int size = 3 * side * side;
        double lossSum = 0;
        int correct = 0;
        for (int start = 0; start < photos.size(); start += config.batchSize()) {
            int n = Math.min(config.batchSize(), photos.size() - start);
            float[] labels = new float[n];
            for (int i = 0; i < n; i++) {
                labels[i] = photos.get(start + i).label().ordinal();
            }
            float[] batch = new float[n * size];
            System.arraycopy(pixels, start * size, batch, 0, n * size);
            try (NDManager manager = trainer.getManager().newSubManager()) {
                NDList y = new NDList(manager.create(labels, new Shape(n)));
                NDList predictions = trainer.evaluate(new NDList(manager.create(batch, new Shape(n, 3, side, side))));
                lossSum += trainer.getLoss().evaluate(y, predictions).getFloat() * n;
                correct += countCorrect(predictions.singletonOrThrow().argMax(1).toLongArray(), labels);
            }
        }
        return new double[] {lossSum / photos.size(), (double) correct / photos.size()};
    }

    private void save(ResNetNetwork network, ResolvedModel backbone, Path outDir, Split split, int epoch,
            double[] heldOut) throws IOException {
        network.save(outDir);
        ObjectNode contract = backbone.manifest().contract().deepCopy();
        contract.put("role", "classifier");
        ArrayNode labels = contract.putArray("labels");
        for (TriageClass c : TriageClass.values()) {
            labels.add(c.label());
        }
        contract.put("head", "DJL Linear(" + ResNetNetwork.CLASSES + ") parameters, logits in label order; softmax");
        ObjectNode training = contract.putObject("training");
        training.put("epoch", epoch);
        training.put("train_photos", split.train().size());
        training.put("held_out_photos", split.heldOut().size());
        training.put("held_out_loss", heldOut[0]);
        training.put("held_out_accuracy", heldOut[1]);
        training.put("seed", config.seed());
        training.put("learning_rate", config.learningRate());
        training.put("batch_size", config.batchSize());
        training.put("train_backbone", config.trainBackbone());
        training.put("augment", config.augment());
        Map<String, ModelFile> files = new LinkedHashMap<>();
        files.put(ResNetNetwork.BACKBONE, file(outDir, ResNetNetwork.BACKBONE_FILE));
        files.put(ResNetNetwork.HEAD, file(outDir, ResNetNetwork.HEAD_FILE));
        ModelManifest manifest = new ModelManifest(outDir.getFileName().toString(), DjlRuntime.PYTORCH, files, contract,
                "fine-tuned by ResNetTrainer from " + backbone.manifest().name() + " (" + backbone.manifest().source() + ")");
        JSON.writerWithDefaultPrettyPrinter().writeValue(outDir.resolve(ModelManifest.FILE_NAME).toFile(), manifest.toJson());
    }

    private static ModelFile file(Path dir, String name) throws IOException {
        return new ModelFile(name, ModelStore.sha256(dir.resolve(name)));
    }

    private void publish(EpochReport report) {
        LOG.info("epoch {}: train loss {}, train accuracy {}, held-out loss {}, held-out accuracy {}", report.epoch(),
                report.trainLoss(), report.trainAccuracy(), report.heldOutLoss(), report.heldOutAccuracy());
        TrainingLoop.tell(LOG, report.epoch(), () -> listener.onEpoch(report));
    }
}
