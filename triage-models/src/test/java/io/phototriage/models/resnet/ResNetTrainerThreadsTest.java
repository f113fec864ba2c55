package io.phototriage.models.resnet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.core.testing.SharedData;
import io.phototriage.models.resnet.ResNetTrainer.TrainingReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #12: the same seed must give the same losses whatever libtorch's intra-op thread count is when training
 * starts (the core count of the machine, {@code OMP_NUM_THREADS} or {@code ai.djl.pytorch.num_threads}). Before the
 * trainer pinned its own count, 1 and 4 threads differed in the last bits of the losses within 3 epochs of the
 * memorisation test's training, and by the 3rd decimal after 20.
 */
@NeedsNatives
class ResNetTrainerThreadsTest {
    @TempDir
    Path temp;

    @Test
    void lossesDoNotDependOnTheEnginesThreadCount() throws Exception {
        Engine.getEngine("PyTorch"); // loads libtorch, so that the thread count can be set
        List<LabelledPhoto> photos = ResNetTrainerTest.firstPerClass(LabelledPhoto.fromCoco(
                SharedData.coco128().resolve("annotations.json"), SharedData.coco128().resolve("images")),
                ResNetMemorisationTest.PER_CLASS);
        ResNetTrainingConfig config = ResNetMemorisationTest.CONFIG.withEpochs(3).withPatience(3);
        int before = JniUtils.getNumThreads();
        try {
            JniUtils.setNumThreads(1);
            TrainingReport one = new ResNetTrainer(config, ResNetTrainingListener.NONE)
                    .fineTune(ResNetTestData.tinyBackbone(), photos, temp.resolve("one").resolve("resnet-tiny-t1"));
            assertThat(JniUtils.getNumThreads()).as("the trainer restores the caller's count").isEqualTo(1);
            JniUtils.setNumThreads(4);
            TrainingReport four = new ResNetTrainer(config, ResNetTrainingListener.NONE)
                    .fineTune(ResNetTestData.tinyBackbone(), photos, temp.resolve("four").resolve("resnet-tiny-t4"));
            assertThat(JniUtils.getNumThreads()).as("the trainer restores the caller's count").isEqualTo(4);
            assertThat(four.epochs()).containsExactlyElementsOf(one.epochs());
        } finally {
            JniUtils.setNumThreads(before);
        }
    }
}
