package io.phototriage.models.resnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.phototriage.core.model.ModelStore;
import io.phototriage.models.resnet.ResNetTrainer.TrainingReport;
import io.phototriage.models.resnet.ResNetTrainingListener.EpochReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
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
 * <p>Measured (seed 7, libtorch 2.3.1 CPU): trainable, the train loss goes from 1.27 in epoch 1 to 0.036 in epoch 30
 * with every training photo right from epoch 27 on; frozen, it only gets from 1.16 to 1.09 and one photo in three
 * right. Both runs together took 34 s on a 2-core machine at load 9 and 3.2 s at load 5 (libtorch's two intra-op
 * threads suffer from contention); the numbers were bit-identical in three JVMs.
 */
@DisabledIfSystemProperty(named = "skip.native.tests", matches = "true")
class ResNetMemorisationTest {
    private static final int PER_CLASS = 4;
    private static final ResNetTrainingConfig CONFIG = ResNetTrainingConfig.defaults().withAugment(false)
            .withEpochs(30).withBatchSize(3).withLearningRate(3e-4f).withPatience(30).withSeed(7);
    private static final double UNIFORM_GUESS_LOSS = Math.log(3);

    @TempDir
    static Path temp;

    private static TrainingReport trainable;
    private static TrainingReport frozen;
    private static final List<EpochReport> heard = new ArrayList<>();

    @BeforeAll
    static void trainWithAndWithoutTheBackbone() throws Exception {
        List<LabelledPhoto> photos = ResNetTrainerTest.firstPerClass(LabelledPhoto.fromCoco(
                ResNetTestData.coco128().resolve("annotations.json"), ResNetTestData.coco128().resolve("images")),
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
        // 0.3 is a loss no input-independent guess comes near (ln 3 = 1.10); measured 0.036.
        assertThat(last(trainable).trainLoss()).isLessThan(0.3);
        assertThat(last(trainable).trainLoss()).isLessThan(UNIFORM_GUESS_LOSS / 3);
    }

    @Test
    void everyTrainingPhotoIsClassifiedRightAtTheEnd() {
        // Accuracy of the last epoch's forward passes on exactly the centre crops the classifier would see.
        assertThat(last(trainable).trainAccuracy()).isEqualTo(1.0);
        assertThat(trainable.epochs().get(0).trainAccuracy()).isLessThan(1.0);
    }

    @Test
    void frozenBackboneWithTheSameBudgetStaysNearChance() {
        // Only the head learns: measured 1.09 and 1/3 after 30 epochs; the trainable network reaches 0.036 and 9/9.
        assertThat(frozen.epochs()).hasSize(CONFIG.epochs());
        assertThat(last(frozen).trainLoss()).isGreaterThan(0.9);
        assertThat(last(frozen).trainLoss()).isGreaterThan(10 * last(trainable).trainLoss());
        assertThat(last(frozen).trainAccuracy()).isLessThan(1.0);
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

    private static EpochReport last(TrainingReport report) {
        return report.epochs().get(report.epochs().size() - 1);
    }
}
