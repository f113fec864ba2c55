package io.phototriage.models.yolox;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.loss.Loss;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phototriage.core.Photo;
import io.phototriage.core.eval.CocoDetection;
import io.phototriage.core.eval.CocoEvalParams;
import io.phototriage.core.eval.CocoEvalResult;
import io.phototriage.core.eval.CocoEvaluator;
import io.phototriage.core.eval.TrainingSplit;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.image.PhotoDecodeException;
import io.phototriage.core.model.ModelFile;
import io.phototriage.core.model.ModelManifest;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.djl.DjlRuntime;
import io.phototriage.models.resnet.ResNetTrainer;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
    private static final ObjectMapper JSON = new ObjectMapper();
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
            BufferedImage image = decode(e.file());
            Letterbox lb = Letterbox.of(image, SIZE);
            trainInputs.add(lb);
            trainBoxes.add(inputBoxes(e, lb.ratio()));
            trainImages.add(scaled(e, image));
        }
        List<Letterbox> heldOutInputs = new ArrayList<>();
        List<List<SimOta.Box>> heldOutBoxes = new ArrayList<>();
        for (DetectorDataset.Example e : split.heldOut()) {
            Letterbox lb = Letterbox.of(decode(e.file()), SIZE);
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
        try (YoloxTrainingSession session = YoloxTrainingSession.open(start.file(FineTunedYoloxDetector.ROLE_MODEL), classes,
                config.learningRate())) {
            // Pinned for the loop (see ResNetTrainer.TRAINING_THREADS), on this thread, and restored after.
            int previousThreads = JniUtils.getNumThreads();
            JniUtils.setNumThreads(ResNetTrainer.TRAINING_THREADS);
            try {
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
                        save(session, start, data, outDir, trainingSplit, reports, baseline, (System.nanoTime() - started) / 1e9);
                    }
                    publish(report);
                    if (epoch - bestEpoch >= config.patience() && epoch < config.epochs()) {
                        stoppedEarly = true;
                        break;
                    }
                }
            } finally {
                JniUtils.setNumThreads(previousThreads);
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

    /** Writes the current weights, the class names and the manifest with the training's provenance. */
    private void save(YoloxTrainingSession session, ResolvedModel start, DetectorDataset data, Path outDir, TrainingSplit split,
            List<EpochReport> reports, double[] baseline, double seconds) throws IOException {
        String modelFile = start.manifest().files().get(FineTunedYoloxDetector.ROLE_MODEL).path();
        String labelsFile = start.manifest().files().get(FineTunedYoloxDetector.ROLE_LABELS).path();
        Path tmp = outDir.resolve(modelFile + ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
            session.writeModule(out);
        }
        Files.move(tmp, outDir.resolve(modelFile), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(outDir.resolve(labelsFile), String.join("\n", data.classes()) + "\n");
        ObjectNode contract = start.manifest().contract().deepCopy();
        contract.put("weights", "fine-tuned by YoloxTrainer from " + start.manifest().name() + " ("
                + start.weightsId(FineTunedYoloxDetector.ROLE_MODEL) + ")");
        ObjectNode training = contract.putObject("training");
        EpochReport best = reports.get(reports.size() - 1);
        training.put("dataset", data.name());
        training.put("dataset_dir", data.root().toAbsolutePath().normalize().toString());
        training.put("annotations_sha256", ModelStore.sha256(data.root().resolve("annotations.json")));
        training.put("epoch", best.epoch());
        training.put("held_out_map", best.heldOutMap());
        training.put("held_out_map50", best.heldOutMap50());
        training.put("baseline_held_out_map", baseline[0]);
        training.put("baseline_held_out_map50", baseline[1]);
        training.put("seconds_so_far", seconds);
        training.put("threads", ResNetTrainer.TRAINING_THREADS);
        training.set("config", JSON.valueToTree(config));
        ArrayNode epochs = training.putArray("epochs");
        reports.forEach(r -> epochs.add(JSON.valueToTree(r)));
        ObjectNode splitNode = training.putObject("split");
        splitNode.put("method", split.method());
        splitNode.put("held_out_fraction", split.testFraction());
        splitNode.put("seed", split.seed());
        splitNode.set("train", JSON.valueToTree(split.train()));
        splitNode.set("held_out", JSON.valueToTree(split.heldOut()));
        training.set("warnings", JSON.valueToTree(data.warnings()));
        Map<String, ModelFile> files = new LinkedHashMap<>();
        files.put(FineTunedYoloxDetector.ROLE_MODEL, new ModelFile(modelFile, ModelStore.sha256(outDir.resolve(modelFile))));
        files.put(FineTunedYoloxDetector.ROLE_LABELS, new ModelFile(labelsFile, ModelStore.sha256(outDir.resolve(labelsFile))));
        Path abs = outDir.toAbsolutePath().normalize();
        ModelManifest manifest = new ModelManifest(abs.getFileName().toString(), DjlRuntime.PYTORCH, files, contract,
                "fine-tuned by YoloxTrainer on " + data.name() + " from " + start.manifest().name() + " ("
                        + start.manifest().source() + ")");
        Path manifestTmp = outDir.resolve(ModelManifest.FILE_NAME + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(manifestTmp.toFile(), manifest.toJson());
        Files.move(manifestTmp, outDir.resolve(ModelManifest.FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
    }

    private static BufferedImage decode(Path file) throws IOException {
        try {
            return ImageIoPhotoDecoder.defaults().decode(Photo.of(file)).image();
        } catch (PhotoDecodeException e) {
            throw new IOException("cannot decode training image " + file + ": " + e.getMessage()
                    + "; remove it from the annotations or convert it to JPEG/PNG", e);
        }
    }

    private void publish(EpochReport report) {
        LOG.info("epoch {}: train loss {}, train mAP {}, held-out loss {}, mAP {}, mAP50 {}{}", report.epoch(),
                report.trainLoss(), report.trainMap(),
                report.heldOutLoss(), report.heldOutMap(), report.heldOutMap50(), report.improved() ? " (saved)" : "");
        try {
            listener.onEpoch(report);
        } catch (RuntimeException e) {
            LOG.warn("training listener failed on epoch {} (ignored): {}", report.epoch(), e.toString());
        }
    }

    /**
     * The YOLOX loss as a DJL {@link Loss}: labels are {@code [B, maxBoxes, 5]} rows {@code (class, cx, cy, w, h)} in
     * input pixels, padded with rows of width 0.
     */
    static final class DetectionLoss extends Loss {
        private final YoloxLoss loss;
        boolean useL1;

        DetectionLoss(YoloxLoss loss) {
            super("yolox");
            this.loss = loss;
        }

        static NDArray encode(NDManager manager, List<List<SimOta.Box>> boxes) {
            int most = Math.max(1, boxes.stream().mapToInt(List::size).max().orElse(0));
            float[] values = new float[boxes.size() * most * 5];
            for (int b = 0; b < boxes.size(); b++) {
                for (int i = 0; i < boxes.get(b).size(); i++) {
                    SimOta.Box box = boxes.get(b).get(i);
                    int o = (b * most + i) * 5;
                    values[o] = box.cls();
                    values[o + 1] = box.cx();
                    values[o + 2] = box.cy();
                    values[o + 3] = box.w();
                    values[o + 4] = box.h();
                }
            }
            return manager.create(values, new Shape(boxes.size(), most, 5));
        }

        static List<List<SimOta.Box>> decode(NDArray labels) {
            long[] shape = labels.getShape().getShape();
            float[] values = labels.toFloatArray();
            List<List<SimOta.Box>> out = new ArrayList<>();
            for (int b = 0; b < shape[0]; b++) {
                List<SimOta.Box> list = new ArrayList<>();
                for (int i = 0; i < shape[1]; i++) {
                    int o = (int) ((b * shape[1] + i) * 5);
                    if (values[o + 3] > 0 && values[o + 4] > 0) {
                        list.add(new SimOta.Box((int) values[o], values[o + 1], values[o + 2], values[o + 3], values[o + 4]));
                    }
                }
                out.add(list);
            }
            return out;
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            return loss.compute(predictions.singletonOrThrow(), decode(labels.singletonOrThrow()), useL1).total();
        }
    }
}
