package io.phototriage.models.yolox;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.models.djl.DjlRuntime;
import io.phototriage.models.djl.Network;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The traced module behaves the same in DJL's training forward as in evaluation (BatchNorm statistics frozen). */
@NeedsNatives
class YoloxTrainingModeTest {
    @Test
    void trainingForwardEqualsEvaluationAndLeavesTheStatisticsAlone() throws Exception {
        try (Network network = Network.torchScript(YoloxTrainingFixtures.tinyFolder().resolve("yolox_trainable.pt"),
                Map.of("trainParam", "true"));
                Model model = Model.newInstance("t", DjlRuntime.PYTORCH)) {
            model.setBlock(network.block());
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
                float[] pixels = new float[2 * 3 * 416 * 416];
                Random r = new Random(3);
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] = r.nextInt(256);
                }
                NDArray x = trainer.getManager().create(pixels, new Shape(2, 3, 416, 416));
                float[] before = trainer.evaluate(new NDList(x)).singletonOrThrow().toFloatArray();
                float[] training = trainer.forward(new NDList(x)).singletonOrThrow().toFloatArray();
                float[] after = trainer.evaluate(new NDList(x)).singletonOrThrow().toFloatArray();
                double d1 = 0;
                double d2 = 0;
                for (int i = 0; i < before.length; i++) {
                    d1 = Math.max(d1, Math.abs(before[i] - training[i]));
                    d2 = Math.max(d2, Math.abs(before[i] - after[i]));
                }
                assertThat(d1).as("training vs evaluation forward").isLessThan(1e-4);
                assertThat(d2).as("evaluation before vs after a training forward").isLessThan(1e-6);
            }
        }
    }

}
