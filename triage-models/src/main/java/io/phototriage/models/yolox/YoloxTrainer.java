package io.phototriage.models.yolox;

import io.phototriage.core.eval.CocoDetection;
import io.phototriage.core.eval.CocoEvalParams;
import io.phototriage.core.eval.CocoEvalResult;
import io.phototriage.core.eval.CocoEvaluator;
import io.phototriage.core.eval.TrainingSplit;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.resnet.ResNetTrainer;
import io.phototriage.models.resnet.TrainingLoop;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fine-tunes a trainable YOLOX folder ({@code export.py yolox-trainable}, or an earlier fine-tuning) on a
 * {@link DetectorDataset} with DJL's training API on the PyTorch engine: the YOLOX loss ({@link YoloxLoss}: SimOTA,
 * IoU, objectness and class BCE, L1 in the last {@link YoloxTrainingConfig#l1Epochs()}), Adam, shuffled mini-batches
 * of augmented images ({@link DetectorAugmenter}), a seeded held-out split chosen before any training, and early
 * stopping on the held-out COCO mAP ({@link CocoEvaluator}, the classes' categories on the held-out images, the
 * detector's evaluation mode {@link EvalSettings#coco()}). The weights of the best epoch are written as they appear,
 * so the output folder is always a detector that {@link FineTunedYoloxDetector#load(Path)} opens.
 *
 * <p>Reproducible like {@link ResNetTrainer}: libtorch runs on {@link ResNetTrainer#TRAINING_THREADS} intra-op thread
 * during training (restored after), and everything random (split, order, augmentation) is drawn in Java from the
 * seed. The BatchNorm layers keep their statistics (the module is traced in eval mode); their scale and shift train.
 */
public final class YoloxTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(YoloxTrainer.class);
    private static final int SIZE = YoloxDetector.INPUT_SIZE;
    /** The fewest images a data set needs: some to train on and some to hold out. */
    public static final int MIN_IMAGES = 4;

    private final YoloxTrainingConfig config;
    private final Listener listener;

    /**
     * Hears each epoch's report as soon as the epoch ends; exceptions are logged and ignored.
     */
    @FunctionalInterface
    public interface Listener {
        /**
         * One epoch ended.
         *
         * @param report the epoch's numbers
         */
        void onEpoch(EpochReport report);
    }

    /**
     * One epoch's numbers.
     *
     * @param epoch        1-based
     * @param trainLoss    mean training loss per batch (with L1 when on)
     * @param trainMap     COCO mAP@[.5:.95] of the epoch's weights on the training images (plain letterbox)
     * @param heldOutLoss  mean held-out loss per batch, without L1 (comparable across epochs)
     * @param heldOutMap   COCO mAP@[.5:.95] on the held-out images and classes
     * @param heldOutMap50 COCO mAP@.5 on the same
     * @param l1           whether the L1 term was on
     * @param improved     whether the held-out mAP was the best so far (the weights were saved)
     * @param seconds      the epoch's wall time, training and held-out evaluation
     */
    public record EpochReport(int epoch, double trainLoss, double trainMap, double heldOutLoss, double heldOutMap, double heldOutMap50,
            boolean l1, boolean improved, double seconds) {}

    /**
     * The training and held-out images.
     *
     * @param train   images the optimiser sees
     * @param heldOut images for early stopping and the reported metrics
     */
    public record Split(List<DetectorDataset.Example> train, List<DetectorDataset.Example> heldOut) {
        /**
         * Copies the lists.
         *
         * @param train   images the optimiser sees
         * @param heldOut images held out
         */
        public Split {
            train = List.copyOf(train);
            heldOut = List.copyOf(heldOut);
        }
    }

    /**
     * What a fine-tuning did.
     *
     * @param epochs       one report per epoch run
     * @param bestEpoch    the epoch whose weights were saved
     * @param stoppedEarly whether it stopped before the configured epochs
     * @param detectorDir  the folder written
     * @param split        which images trained and which were held out
     * @param baseline     the held-out mAP and mAP50 of the starting weights, before any step
     * @param seconds      wall time of the whole fine-tuning (loading, epochs, saving)
     */
    public record TrainingReport(List<EpochReport> epochs, int bestEpoch, boolean stoppedEarly, Path detectorDir,
            TrainingSplit split, double[] baseline, double seconds) {
        /**
         * Copies the reports.
         *
         * @param epochs       one report per epoch run
         * @param bestEpoch    the epoch whose weights were saved
         * @param stoppedEarly whether it stopped early
         * @param detectorDir  the folder written
         * @param split        the split
         * @param baseline     held-out mAP and mAP50 before training
         * @param seconds      wall time
         */
        public TrainingReport {
            epochs = List.copyOf(epochs);
            baseline = baseline.clone();
        }

        /**
         * The report of the saved epoch.
         *
         * @return the best epoch's numbers
         */
        public EpochReport best() {
            return epochs.get(bestEpoch - 1);
        }
    }

    /**
     * A trainer with these settings.
     *
     * @param config   epochs, batch size, learning rate, split, patience, L1, seed, augmentation
     * @param listener hears each epoch's report
     */
    public YoloxTrainer(YoloxTrainingConfig config, Listener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * The seeded held-out split, chosen from the labels only: images are grouped by the rarest class they contain
     * (fewest boxes in the data set; images without boxes form their own group), and each group holds out
     * {@code round(n * fraction)} images (at least one of a group of two or more, never all) drawn with
     * {@code new Random(seed)}. Both lists keep the data set's order.
     *
     * @param data     the data set
     * @param fraction the share to hold out, in (0, 1)
     * @param seed     the seed
     * @return the split
     * @throws IllegalArgumentException when the data set is too small: fewer than {@value #MIN_IMAGES} images, or
     *                                  no training image or no held-out box
     */
    public static Split split(DetectorDataset data, double fraction, long seed) {
        List<DetectorDataset.Example> all = data.examples();
        if (all.size() < MIN_IMAGES) {
            throw new IllegalArgumentException("the data set has " + all.size() + " image(s); a detector needs at least "
                    + MIN_IMAGES + " to train on some and hold out others (label more photos)");
        }
        Map<String, Integer> counts = data.boxCounts();
        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            int rarest = all.get(i).boxes().stream().map(DetectorDataset.LabelledBox::classIndex)
                    .min(Comparator.comparingInt((Integer c) -> counts.get(data.classes().get(c))).thenComparingInt(c -> c))
                    .orElse(-1);
            groups.computeIfAbsent(rarest, k -> new ArrayList<>()).add(i);
        }
        Random random = new Random(seed);
        boolean[] held = new boolean[all.size()];
        List<Integer> keys = new ArrayList<>(groups.keySet());
        Collections.sort(keys);
        for (int key : keys) {
            List<Integer> indices = new ArrayList<>(groups.get(key));
            int n = indices.size();
            int take = n < 2 ? 0 : Math.min(n - 1, Math.max(1, (int) Math.round(n * fraction)));
            Collections.shuffle(indices, random);
            for (int i = 0; i < take; i++) {
                held[indices.get(i)] = true;
            }
        }
        List<DetectorDataset.Example> train = new ArrayList<>();
        List<DetectorDataset.Example> heldOut = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            (held[i] ? heldOut : train).add(all.get(i));
        }
        if (train.isEmpty() || heldOut.stream().allMatch(e -> e.boxes().isEmpty())) {
            throw new IllegalArgumentException("the data set is too small to split: " + train.size() + " training and "
                    + heldOut.size() + " held-out images, " + heldOut.stream().mapToInt(e -> e.boxes().size()).sum()
                    + " held-out boxes; label more photos (each class needs boxes on two or more images)");
        }
        return new Split(train, heldOut);
    }

    /**
     * Fine-tunes {@code start} on {@code data} and writes the detector to {@code outDir} (created; its files are
     * replaced).
     *
     * @param start  a checked trainable YOLOX folder whose classes are the data set's
     * @param data   the data set
     * @param outDir the detector folder to write
     * @return every epoch's report, the best epoch, the split and where the detector was written
     * @throws IllegalArgumentException when the classes differ or the data set is too small to split
     * @throws IOException              when an image cannot be decoded or the folder cannot be written
     * @throws StageException           when the starting folder cannot be loaded
     * @throws IllegalStateException    when training diverged (no epoch with a finite held-out loss)
     */
    public TrainingReport fineTune(ResolvedModel start, DetectorDataset data, Path outDir)
            throws IOException, StageException {
        long started = System.nanoTime();
        List<String> startClasses = FineTunedYoloxDetector.classes(start);
        if (!startClasses.equals(data.classes())) {
            throw new IllegalArgumentException("the starting detector " + start.dir() + " has classes " + startClasses
                    + " but the data set's are " + data.classes() + "; choose --classes " + String.join(",", startClasses)
                    + " or export a start with tools/export/export.py yolox-trainable --classes "
                    + String.join(",", data.classes()));
        }
        Split split = split(data, config.heldOutFraction(), config.seed());
        for (String w : data.warnings()) {
            LOG.warn("{}: {}", data.root(), w);
        }
        int classes = data.classes().size();
        List<DetectorAugmenter.Scaled> trainImages = new ArrayList<>();
        List<Letterbox> trainInputs = new ArrayList<>();
        List<List<SimOta.Box>> trainBoxes = new ArrayList<>();
        for (DetectorDataset.Example e : split.train()) {
            BufferedImage image = TrainingLoop.decode(e.file(), "image", "the annotations");
            Letterbox lb = Letterbox.of(image, SIZE);
            trainInputs.add(lb);
            trainBoxes.add(inputBoxes(e, lb.ratio()));
            trainImages.add(scaled(e, image));
        }
        List<Letterbox> heldOutInputs = new ArrayList<>();
        List<List<SimOta.Box>> heldOutBoxes = new ArrayList<>();
        for (DetectorDataset.Example e : split.heldOut()) {
            Letterbox lb = Letterbox.of(TrainingLoop.decode(e.file(), "image", "the annotations"), SIZE);
            heldOutInputs.add(lb);
            heldOutBoxes.add(inputBoxes(e, lb.ratio()));
        }
        TrainingSplit trainingSplit = new TrainingSplit(data.name(), "stratified by rarest class", config.heldOutFraction(),
                config.seed(), split.train().stream().map(e -> e.image().fileName()).toList(),
                split.heldOut().stream().map(e -> e.image().fileName()).toList());
        YoloxDecoder decoder = new YoloxDecoder(SIZE, range(classes), data.classes());
        DetectorAugmenter augmenter = new DetectorAugmenter(SIZE, config.minScale(), config.colour());
        Random random = new Random(config.seed());
        List<EpochReport> reports = new ArrayList<>();
        int bestEpoch = 0;
        double bestMap = -1;
        boolean stoppedEarly = false;
        double[] baseline;
        Files.createDirectories(outDir);
        YoloxCheckpoint checkpoint = new YoloxCheckpoint(start, data, outDir, config, trainingSplit);
        try (YoloxTrainingSession session = YoloxTrainingSession.open(start.file(FineTunedYoloxDetector.ROLE_MODEL), classes,
                config.learningRate())) {
            // Pinned for the loop (see ResNetTrainer.TRAINING_THREADS), on this thread, and restored after.
            try (TrainingLoop pinned = TrainingLoop.pinThreads()) {
                double[] before = evaluate(session, decoder, data, split.heldOut(), heldOutInputs, heldOutBoxes);
                baseline = new double[] {before[1], before[2]};
                double[] trainBefore = evaluate(session, decoder, data, split.train(), trainInputs, trainBoxes);
                LOG.info("before training: train loss {}, train mAP {}; held-out loss {}, mAP {}, mAP50 {}", trainBefore[0],
                        trainBefore[1], before[0], before[1], before[2]);
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < trainImages.size(); i++) {
                    order.add(i);
                }
                for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                    long epochStart = System.nanoTime();
                    boolean l1 = epoch > config.epochs() - config.l1Epochs();
                    session.useL1(l1);
                    Collections.shuffle(order, random);
                    double lossSum = 0;
                    int batches = 0;
                    for (int s = 0; s < order.size(); s += config.batchSize()) {
                        int n = Math.min(config.batchSize(), order.size() - s);
                        float[] pixels = new float[n * 3 * SIZE * SIZE];
                        List<List<SimOta.Box>> boxes = new ArrayList<>();
                        for (int i = 0; i < n; i++) {
                            DetectorAugmenter.Scaled image = trainImages.get(order.get(s + i));
                            DetectorAugmenter.Sample sample = config.augment() ? augmenter.augment(image, random)
                                    : augmenter.plain(image);
                            System.arraycopy(sample.tensor(), 0, pixels, i * 3 * SIZE * SIZE, 3 * SIZE * SIZE);
                            boxes.add(sample.boxes());
                        }
                        lossSum += session.stepOn(pixels, boxes);
                        batches++;
                    }
                    double[] train = evaluate(session, decoder, data, split.train(), trainInputs, trainBoxes);
                    double[] heldOut = evaluate(session, decoder, data, split.heldOut(), heldOutInputs, heldOutBoxes);
                    boolean improved = Double.isFinite(heldOut[0]) && heldOut[1] > bestMap;
                    if (improved) {
                        bestMap = heldOut[1];
                        bestEpoch = epoch;
                    }
                    EpochReport report = new EpochReport(epoch, lossSum / batches, train[1], heldOut[0], heldOut[1], heldOut[2],
                            l1, improved, (System.nanoTime() - epochStart) / 1e9);
                    reports.add(report);
                    if (improved) {
                        checkpoint.write(session, reports, baseline, (System.nanoTime() - started) / 1e9);
                    }
                    publish(report);
                    if (TrainingLoop.patienceRanOut(epoch, bestEpoch, config.patience(), config.epochs())) {
                        stoppedEarly = true;
                        break;
                    }
                }
            }
        }
        if (bestEpoch == 0) {
            throw new IllegalStateException("fine-tuning diverged: no epoch had a finite held-out loss (" + reports
                    + "); lower the learning rate (was " + config.learningRate() + ")");
        }
        return new TrainingReport(reports, bestEpoch, stoppedEarly, outDir, trainingSplit, baseline,
                (System.nanoTime() - started) / 1e9);
    }

    private static int[] range(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    private static DetectorAugmenter.Scaled scaled(DetectorDataset.Example e, BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        double r = Math.min((double) SIZE / h, (double) SIZE / w);
        int rw = Math.max(1, (int) (w * r));
        int rh = Math.max(1, (int) (h * r));
        int[] rgb = OpenCvLinearResize.resize(Letterbox.rgb(image), w, h, rw, rh);
        return new DetectorAugmenter.Scaled(rgb, rw, rh, inputBoxes(e, r));
    }

    /** The example's boxes in letterboxed input pixels (centre-size). */
    private static List<SimOta.Box> inputBoxes(DetectorDataset.Example e, double r) {
        List<SimOta.Box> out = new ArrayList<>();
        for (DetectorDataset.LabelledBox b : e.boxes()) {
            out.add(new SimOta.Box(b.classIndex(), (float) ((b.x() + b.width() / 2) * r), (float) ((b.y() + b.height() / 2) * r),
                    (float) (b.width() * r), (float) (b.height() * r)));
        }
        return out;
    }

    /** {@code [mean loss per batch, mAP, mAP50]} of the current weights on the held-out images. */
    private double[] evaluate(YoloxTrainingSession session, YoloxDecoder decoder, DetectorDataset data,
            List<DetectorDataset.Example> examples, List<Letterbox> inputs, List<List<SimOta.Box>> boxes) {
        double lossSum = 0;
        int batches = 0;
        List<CocoDetection> detections = new ArrayList<>();
        int plane = 3 * SIZE * SIZE;
        for (int s = 0; s < examples.size(); s += config.batchSize()) {
            int n = Math.min(config.batchSize(), examples.size() - s);
            float[] pixels = new float[n * plane];
            for (int i = 0; i < n; i++) {
                System.arraycopy(inputs.get(s + i).tensor(), 0, pixels, i * plane, plane);
            }
            YoloxTrainingSession.Evaluation evaluation = session.evaluate(pixels, boxes.subList(s, s + n));
            lossSum += evaluation.loss();
            batches++;
            float[] probabilities = evaluation.probabilities();
            int perImage = probabilities.length / n;
            for (int i = 0; i < n; i++) {
                float[] one = new float[perImage];
                System.arraycopy(probabilities, i * perImage, one, 0, perImage);
                DetectorDataset.Example e = examples.get(s + i);
                for (Detection d : decoder.decode(one, inputs.get(s + i).geometry(), EvalSettings.coco())) {
                    int category = data.categoryIds().get(data.classes().indexOf(d.label()));
                    detections.add(CocoDetection.of(e.image().id(), category, d));
                }
            }
        }
        CocoEvalResult result = new CocoEvaluator(data.coco()).evaluate(detections, CocoEvalParams.defaults()
                .withCategoryIds(data.categoryIds()).withImageIds(examples.stream().map(e -> e.image().id()).toList()));
        return new double[] {lossSum / Math.max(1, batches), result.mAP(), result.mAP50()};
    }

    private void publish(EpochReport report) {
        LOG.info("epoch {}: train loss {}, train mAP {}, held-out loss {}, mAP {}, mAP50 {}{}", report.epoch(),
                report.trainLoss(), report.trainMap(),
                report.heldOutLoss(), report.heldOutMap(), report.heldOutMap50(), report.improved() ? " (saved)" : "");
        TrainingLoop.tell(LOG, report.epoch(), () -> listener.onEpoch(report));
    }
}
