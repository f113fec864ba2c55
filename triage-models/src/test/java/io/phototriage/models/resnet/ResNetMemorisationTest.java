package io.phototriage.models.resnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.phototriage.core.model.ModelStore;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.core.testing.SharedData;
import io.phototriage.models.resnet.ResNetTrainer.TrainingReport;
import io.phototriage.models.resnet.ResNetTrainingListener.EpochReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that {@link ResNetTrainer} really trains the whole network: without augmentation, 9 coco128 photos (3 per
 * class; 1 more per class is held out) are memorised by the tiny random-weight backbone plus head, and the same
 * budget with the backbone frozen gets nowhere near.
 *
 * <p>Why memorisation and not held-out accuracy: the backbone's weights are random, so its features carry no
 * semantic information and a split this small cannot generalise (the held-out loss rises while the train loss
 * falls). Fitting the training photos is what a correct training loop must achieve on any features: it shows the
 * loss, its gradients and the optimiser's updates reach the weights, and that it is the backbone's updates that make
 * the difference (64 random pooled features are nearly the same for every photo, so a head alone learns slowly).
 *
 * <p>Why the assertions look at the best epochs and not at the last one: with BatchNorm traced in eval mode (fixed
 * running statistics) a random backbone has no normalisation while it trains, and Adam on batches of 3 makes the
 * train loss spike now and then (measured: 9/9 in epochs 21 to 24, 6/9 in epoch 27, 9/9 again in epoch 30). The last
 * epoch is a draw from that noise; an earlier version of this test asserted it and passed with 9/9 reached only in
 * epoch 27 of 30, so any other trajectory (another CPU's kernels, another head draw) could end at 8/9. The contract
 * asserted now has room: all 9 right by epoch {@value #ALL_RIGHT_BY} (measured 21), and a lowest train loss at least
 * five times below the frozen run's (measured 9.6 times). The ratio is a property of one trajectory: with libtorch on
 * two threads (before {@link ResNetTrainer#TRAINING_THREADS} pinned one, issue #12) it was 14.5, and an earlier
 * ten-times bound failed on the one-thread trajectory.
 *
 * <p>Measured (seed 7, libtorch 2.3.1 CPU on the trainer's one intra-op thread, head drawn in Java from the seed):
 * trainable, the train loss goes from 1.17 in epoch 1 to a lowest 0.1123 (epoch 23), every training photo right first
 * in epoch 21 (6/9 again in epoch 27); frozen, from 1.13 to a lowest 1.080 and at best 4 of 9 right. Bit-identical
 * with the engine started on 1, 2, 4, 8 and 16 threads and with {@code OMP_NUM_THREADS=16}.
 */
@NeedsNatives
class ResNetMemorisationTest {
    static final int PER_CLASS = 4;
    static final ResNetTrainingConfig CONFIG = ResNetTrainingConfig.defaults().withAugment(false)
            .withEpochs(30).withBatchSize(3).withLearningRate(3e-4f).withPatience(30).withSeed(7);
    private static final double UNIFORM_GUESS_LOSS = Math.log(3);
    /** The epoch by which every training photo must have been classified right once (measured: epoch 21). */
    static final int ALL_RIGHT_BY = 25;

    @TempDir
    static Path temp;

    private static TrainingReport trainable;
    private static TrainingReport frozen;
    private static final List<EpochReport> heard = new ArrayList<>();

    @BeforeAll
    static void trainWithAndWithoutTheBackbone() throws Exception {
        List<LabelledPhoto> photos = ResNetTrainerTest.firstPerClass(LabelledPhoto.fromCoco(
                SharedData.coco128().resolve("annotations.json"), SharedData.coco128().resolve("images")),
                PER_CLASS);
        trainable = new ResNetTrainer(CONFIG, heard::add).fineTune(ResNetTestData.tinyBackbone(), photos,
                temp.resolve("trainable").resolve("resnet-tiny-memorised"));
        frozen = new ResNetTrainer(CONFIG.withTrainBackbone(false), ResNetTrainingListener.NONE).fineTune(
                ResNetTestData.tinyBackbone(), photos, temp.resolve("frozen").resolve("resnet-tiny-head-only"));
    }

    @Test
    void splitHoldsOutOnePhotoPerClassAndTrainsOnTheRest() throws Exception {
        var training = ModelStore.at(trainable.classifierDir().getParent()).resolve("resnet-tiny-memorised").manifest()
                .contract().path("training");
        assertThat(training.path("train_photos").asInt()).isEqualTo(9);
        assertThat(training.path("held_out_photos").asInt()).isEqualTo(3);
        assertThat(training.path("augment").asBoolean(true)).isFalse();
    }

    @Test
    void trainLossStartsNearChanceAndFallsFarBelowIt() {
        assertThat(trainable.epochs()).hasSize(CONFIG.epochs());
        // Epoch 1 starts at ln 3 (a head of small random weights) and rises a little in its first steps.
        assertThat(trainable.epochs().get(0).trainLoss()).isGreaterThan(1.0);
        // 0.3 is a loss no input-independent guess comes near (ln 3 = 1.10); measured 0.1123, 2.7 times below.
        assertThat(lowestTrainLoss(trainable)).isLessThan(0.3);
        assertThat(lowestTrainLoss(trainable)).isLessThan(UNIFORM_GUESS_LOSS / 3);
    }

    @Test
    void everyTrainingPhotoIsClassifiedRightWellBeforeTheBudgetEnds() {
        // Accuracy of an epoch's forward passes on exactly the centre crops the classifier would see. First 9/9:
        // measured epoch 21 of 30; asserted by epoch 25.
        assertThat(trainable.epochs().get(0).trainAccuracy()).isLessThan(1.0);
        assertThat(trainable.epochs().subList(0, ALL_RIGHT_BY)).extracting(EpochReport::trainAccuracy).contains(1.0);
    }

    @Test
    void frozenBackboneWithTheSameBudgetStaysNearChance() {
        // Only the head learns: measured a lowest 1.080 and at best 4/9 in 30 epochs; trainable: 0.1123 and 9/9.
        assertThat(frozen.epochs()).hasSize(CONFIG.epochs());
        assertThat(lowestTrainLoss(frozen)).isGreaterThan(0.9);
        // The loss ratio, measured 9.6 (14.5 on two threads before the trainer pinned one): five times has room.
        assertThat(lowestTrainLoss(frozen)).isGreaterThan(5 * lowestTrainLoss(trainable));
        assertThat(frozen.epochs()).extracting(EpochReport::trainAccuracy).allSatisfy(a -> assertThat(a).isLessThan(1.0));
    }

    @Test
    void heldOutLossAndAccuracyAreReportedForEveryEpoch() {
        assertThat(heard).containsExactlyElementsOf(trainable.epochs());
        assertThat(heard).extracting(EpochReport::epoch).containsExactlyElementsOf(
                IntStream.rangeClosed(1, CONFIG.epochs()).boxed().toList());
        assertThat(heard).allSatisfy(e -> {
            assertThat(e.heldOutLoss()).isFinite();
            assertThat(e.heldOutAccuracy()).isIn(0.0, 1.0 / 3, 2.0 / 3, 1.0);
        });
    }

    private static double lowestTrainLoss(TrainingReport report) {
        return report.epochs().stream().mapToDouble(EpochReport::trainLoss).min().orElseThrow();
    }
}
