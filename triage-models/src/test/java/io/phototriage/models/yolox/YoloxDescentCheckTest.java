package io.phototriage.models.yolox;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.models.djl.DjlRuntime;
import io.phototriage.models.djl.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A small plain gradient step on a fixed batch lowers that batch's loss: the loss's gradient reaches the weights. */
@NeedsNatives
class YoloxDescentCheckTest {
    @Test
    void aSmallGradientStepLowersTheBatchLoss() throws Exception {
        Path real = FineTunedYoloxDetectorTest.realTrainable();
        Path folder = Files.isRegularFile(real.resolve("manifest.json")) ? real : YoloxTrainingFixtures.tinyFolder();
        JsonNode golden = new ObjectMapper().readTree(YoloxDescentCheckTest.class.getResourceAsStream("/golden/yolox-loss/loss.json"));
        List<List<SimOta.Box>> boxes = YoloxLossGoldenParityTest.boxes(golden.get("labels")).subList(0, 2);
        DetectionLoss loss = new DetectionLoss(new YoloxLoss(416, 3));
        try (Network network = Network.torchScript(folder.resolve("yolox_trainable.pt"), Map.of("trainParam", "true"));
                Model model = Model.newInstance("t", DjlRuntime.PYTORCH)) {
            model.setBlock(network.block());
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(loss)
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(1e-5f)).build()))) {
                float[] pixels = new float[2 * 3 * 416 * 416];
                java.util.Random r = new java.util.Random(5);
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] = r.nextInt(256);
                }
                NDManager m = trainer.getManager();
                NDList x = new NDList(m.create(pixels, new Shape(2, 3, 416, 416)));
                NDList y = new NDList(DetectionLoss.encode(m, boxes));
                float l0 = loss.evaluate(y, trainer.evaluate(x)).getFloat();
                for (int step = 0; step < 3; step++) {
                    try (GradientCollector c = trainer.newGradientCollector()) {
                        NDArray l = trainer.getLoss().evaluate(y, trainer.forward(x, y));
                        c.backward(l);
                    }
                    trainer.step();
                }
                float l1 = loss.evaluate(y, trainer.evaluate(x)).getFloat();
                assertThat(l1).isLessThan(l0);
            }
        }
    }
}
