package io.phototriage.models.yolox;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.phototriage.core.stage.Closeables;
import io.phototriage.models.djl.DjlRuntime;
import io.phototriage.models.djl.ModelLoadException;
import io.phototriage.models.djl.Network;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A trainable YOLOX network with its DJL {@link Trainer} (Adam, fixed learning rate) and the YOLOX loss: one
 * optimiser step per batch ({@link #step}), loss and probabilities without gradients ({@link #evaluate}), and the
 * current weights as TorchScript ({@link #writeModule}). {@link YoloxTrainer} runs its epochs on one; the training
 * benchmark times its steps. It owns the network, the model and the trainer and closes them. Not thread-safe.
 */
public final class YoloxTrainingSession implements AutoCloseable {
    private static final int SIZE = YoloxDetector.INPUT_SIZE;

    private final Network network;
    private final Model model;
    private final Trainer trainer;
    private final DetectionLoss loss;
    private final int classes;

    private YoloxTrainingSession(Network network, Model model, Trainer trainer, DetectionLoss loss, int classes) {
        this.network = network;
        this.model = model;
        this.trainer = trainer;
        this.loss = loss;
        this.classes = classes;
    }

    /**
     * Opens a trainable YOLOX TorchScript file ({@code yolox_trainable.pt} of a trainable or fine-tuned folder).
     *
     * @param modelFile    the TorchScript file; its parameters are trained
     * @param classes      the head's class count
     * @param learningRate Adam's learning rate
     * @return the session; close it when done
     * @throws ModelLoadException when the file cannot be loaded
     */
    public static YoloxTrainingSession open(Path modelFile, int classes, float learningRate) throws ModelLoadException {
        DetectionLoss loss = new DetectionLoss(new YoloxLoss(SIZE, classes));
        DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build());
        Network network = Network.torchScript(modelFile, Map.of("trainParam", "true"));
        Model model = null;
        try {
            model = Model.newInstance("yolox-train", DjlRuntime.PYTORCH);
            model.setBlock(network.block());
            Trainer trainer = model.newTrainer(config);
            trainer.initialize(new Shape(1, 3, SIZE, SIZE));
            return new YoloxTrainingSession(network, model, trainer, loss, classes);
        } catch (RuntimeException e) {
            if (model != null) {
                model.close();
            }
            network.close();
            throw new ModelLoadException("cannot set up training of " + modelFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Turns YOLOX's L1 term on the raw box regressions on or off for the following steps.
     *
     * @param on whether {@link #step} adds the L1 term
     */
    public void useL1(boolean on) {
        loss.useL1 = on;
    }

    /**
     * One optimiser step on a batch.
     *
     * @param pixels {@code n * 3 * 416 * 416} letterboxed BGR 0..255 values
     * @param boxes  per image its boxes, rows {@code {class, cx, cy, w, h}} in input pixels
     * @return the batch's loss before the step
     */
    public double step(float[] pixels, List<float[][]> boxes) {
        List<List<SimOta.Box>> converted = new ArrayList<>();
        for (float[][] image : boxes) {
            List<SimOta.Box> list = new ArrayList<>();
            for (float[] b : image) {
                list.add(new SimOta.Box((int) b[0], b[1], b[2], b[3], b[4]));
            }
            converted.add(list);
        }
        return stepOn(pixels, converted);
    }

    double stepOn(float[] pixels, List<List<SimOta.Box>> boxes) {
        int n = boxes.size();
        try (NDManager manager = trainer.getManager().newSubManager()) {
            NDList x = new NDList(manager.create(pixels, new Shape(n, 3, SIZE, SIZE)));
            NDList y = new NDList(DetectionLoss.encode(manager, boxes));
            double value;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray lossValue = trainer.getLoss().evaluate(y, trainer.forward(x, y));
                collector.backward(lossValue);
                value = lossValue.getFloat();
            }
            trainer.step();
            return value;
        }
    }

    /**
     * A batch's loss (without L1) and the network's output with objectness and classes as probabilities.
     *
     * @param loss          the batch's loss
     * @param probabilities {@code n * 3549 * (5 + C)} values, per anchor the raw box regressions then probabilities
     */
    record Evaluation(double loss, float[] probabilities) {}

    Evaluation evaluate(float[] pixels, List<List<SimOta.Box>> boxes) {
        int n = boxes.size();
        boolean l1 = loss.useL1;
        loss.useL1 = false;
        try (NDManager manager = trainer.getManager().newSubManager()) {
            NDList y = new NDList(DetectionLoss.encode(manager, boxes));
            NDList predictions = trainer.evaluate(new NDList(manager.create(pixels, new Shape(n, 3, SIZE, SIZE))));
            double value = loss.evaluate(y, predictions).getFloat();
            NDArray raw = predictions.singletonOrThrow();
            if (raw.getShape().get(2) != 5 + classes) {
                throw new IllegalStateException("the network outputs " + raw.getShape() + ", not 5 + " + classes + " columns");
            }
            return new Evaluation(value, raw.get(":, :, :4").concat(Activation.sigmoid(raw.get(":, :, 4:")), 2).toFloatArray());
        } finally {
            loss.useL1 = l1;
        }
    }

    /**
     * Writes the current weights as a TorchScript module (loadable by {@link FineTunedYoloxDetector} and
     * {@code torch.jit.load}).
     *
     * @param out where the module goes; not closed
     * @throws IOException when writing fails
     */
    public void writeModule(OutputStream out) throws IOException {
        Block block = network.block();
        if (!(block instanceof PtSymbolBlock symbolBlock)) {
            throw new IllegalStateException("the YOLOX network is not a TorchScript block: " + block.getClass());
        }
        JniUtils.writeModule(symbolBlock, out, false);
    }

    /** Closes the trainer, the model and the network, even if one of them fails. */
    @Override
    public void close() {
        Closeables.closeAll(trainer, model, network);
    }
}
