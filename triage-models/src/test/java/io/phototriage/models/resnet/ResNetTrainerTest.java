package io.phototriage.models.resnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.phototriage.core.Photo;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.stage.Classification;
import io.phototriage.core.stage.TriageClass;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.core.testing.SharedData;
import io.phototriage.models.resnet.ResNetTrainer.Split;
import io.phototriage.models.resnet.ResNetTrainer.TrainingReport;
import io.phototriage.models.resnet.ResNetTrainingListener.EpochReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fine-tunes the tiny backbone (random weights) and the head on 24 coco128 photos (8 per class: 6 to train, 2
 * held out) for 4 epochs with augmentation, then again for 2 epochs with the same seed. These two runs serve all
 * tests: DJL training on 2 loaded cores is the slow part.
 *
 * <p>This class checks the training loop's mechanics: the epochs, the listener, the seed, the saved best epoch and
 * that the backbone's weights change. That the network learns is {@link ResNetMemorisationTest}'s job. The held-out
 * numbers are reported here but not asserted on: a random-weight backbone's features carry no class information, so
 * the held-out loss of 6 photos only wanders around ln 3 (measured 1.0968 to 1.0995 over the 4 epochs).
 */
@NeedsNatives
class ResNetTrainerTest {
    private static final int PER_CLASS = 8;
    private static final ResNetTrainingConfig CONFIG = ResNetTrainingConfig.defaults()
            .withEpochs(4).withBatchSize(4).withLearningRate(1e-3f).withPatience(4).withSeed(7).withMinCropScale(0.5);

    @TempDir
    static Path temp;

    private static List<LabelledPhoto> photos;
    private static TrainingReport first;
    private static TrainingReport second;
    private static final List<EpochReport> heard = new ArrayList<>();

    @BeforeAll
    static void fineTuneTwice() throws Exception {
        photos = firstPerClass(LabelledPhoto.fromCoco(SharedData.coco128().resolve("annotations.json"),
                SharedData.coco128().resolve("images")), PER_CLASS);
        first = new ResNetTrainer(CONFIG, heard::add).fineTune(ResNetTestData.tinyBackbone(), photos,
                temp.resolve("run1").resolve("resnet-tiny-triage"));
        second = new ResNetTrainer(CONFIG.withEpochs(2), ResNetTrainingListener.NONE).fineTune(ResNetTestData.tinyBackbone(), photos,
                temp.resolve("run2").resolve("resnet-tiny-triage"));
    }

    @Test
    void trainLossGoesDownOverEpochs() {
        List<EpochReport> epochs = first.epochs();
        assertThat(epochs).hasSize(CONFIG.epochs());
        EpochReport firstEpoch = epochs.get(0);
        EpochReport lastEpoch = epochs.get(epochs.size() - 1);
        // Measured 1.414 to 1.098: the augmented training loss falls even on random-weight features.
        assertThat(lastEpoch.trainLoss()).isLessThan(firstEpoch.trainLoss());
    }

    @Test
    void listenerHearsEveryEpochInOrder() {
        assertThat(heard).containsExactlyElementsOf(first.epochs());
        assertThat(heard).extracting(EpochReport::epoch).containsExactly(1, 2, 3, 4);
    }

    @Test
    void trainingIsDeterministicForASeed() {
        // Bit-equal losses: same split, shuffles, crops, initial head weights and libtorch CPU arithmetic.
        assertThat(second.epochs()).containsExactlyElementsOf(first.epochs().subList(0, 2));
    }

    @Test
    void bestEpochIsTheLowestHeldOutLoss() {
        double lowest = first.epochs().stream().mapToDouble(EpochReport::heldOutLoss).min().orElseThrow();
        assertThat(first.best().heldOutLoss()).isEqualTo(lowest);
        assertThat(first.best().improved()).isTrue();
    }

    @Test
    void savedClassifierReproducesTheBestEpochOnTheHeldOutPhotos() throws Exception {
        Split split = ResNetTrainer.split(photos, CONFIG.heldOutFraction(), CONFIG.seed());
        Path dir = first.classifierDir();
        try (ResNetClassifier classifier = ResNetClassifier.load(dir.getParent(), dir.getFileName().toString())) {
            List<DecodedPhoto> decoded = new ArrayList<>();
            for (LabelledPhoto p : split.heldOut()) {
                decoded.add(ImageIoPhotoDecoder.defaults().decode(Photo.of(p.file())));
            }
            List<Classification> results = classifier.applyAll(decoded);
            double loss = 0;
            int correct = 0;
            for (int i = 0; i < results.size(); i++) {
                TriageClass label = split.heldOut().get(i).label();
                loss -= Math.log(results.get(i).probabilities().get(label));
                correct += results.get(i).label() == label ? 1 : 0;
            }
            // The trainer's loss is DJL's float32 log-softmax; this is double softmax of the same float logits.
            assertThat(loss / results.size()).isCloseTo(first.best().heldOutLoss(), within(1e-5));
            assertThat((double) correct / results.size()).isEqualTo(first.best().heldOutAccuracy());
            assertThat(classifier.model().weights()).startsWith("resnet-tiny-triage@");
        }
    }

    @Test
    void savedFolderIsAVerifiedClassifierModel() throws Exception {
        var resolved = ModelStore.at(first.classifierDir().getParent()).resolve("resnet-tiny-triage");
        assertThat(resolved.manifest().contract().path("role").asText()).isEqualTo("classifier");
        assertThat(resolved.manifest().contract().path("training").path("epoch").asInt()).isEqualTo(first.bestEpoch());
        assertThat(resolved.manifest().files()).containsOnlyKeys("backbone", "head");
    }

    @Test
    void fineTuningUpdatesTheBackboneNotOnlyTheHead() throws Exception {
        float[] pixels = ResNetTestData.goldenTensor("000000000009.pixel_values.f32");
        float[] original = ResNetTestData.features(ResNetTestData.tinyBackbone().file("backbone"), pixels);
        float[] tuned = ResNetTestData.features(first.classifierDir().resolve("backbone.pt"), pixels);
        double change = 0;
        for (int i = 0; i < original.length; i++) {
            change = Math.max(change, Math.abs(tuned[i] - original[i]));
        }
        assertThat(change).isGreaterThan(1e-3);
    }

    @Test
    void frozenBackboneStaysUnchangedAndTrainingStopsAfterPatienceEpochsWithoutImprovement() throws Exception {
        // A learning rate far too high for the head: the held-out loss jumps around and soon stops improving.
        ResNetTrainingConfig config = CONFIG.withTrainBackbone(false).withEpochs(4).withPatience(1)
                .withLearningRate(5f).withBatchSize(9);
        TrainingReport report = new ResNetTrainer(config, ResNetTrainingListener.NONE).fineTune(
                ResNetTestData.tinyBackbone(), photos, temp.resolve("frozen").resolve("resnet-tiny-frozen"));

        assertThat(report.stoppedEarly()).isTrue();
        assertThat(report.epochs()).hasSize(report.bestEpoch() + config.patience());
        float[] pixels = ResNetTestData.goldenTensor("000000000009.pixel_values.f32");
        assertThat(ResNetTestData.features(report.classifierDir().resolve("backbone.pt"), pixels))
                .containsExactly(ResNetTestData.features(ResNetTestData.tinyBackbone().file("backbone"), pixels));
    }

    @Test
    void divergedTrainingFailsAndWritesNothing() {
        ResNetTrainingConfig config = CONFIG.withTrainBackbone(false).withEpochs(1).withBatchSize(18)
                .withLearningRate(1e38f);
        Path out = temp.resolve("diverged").resolve("resnet-tiny-nan");

        assertThatThrownBy(() -> new ResNetTrainer(config, ResNetTrainingListener.NONE)
                .fineTune(ResNetTestData.tinyBackbone(), photos, out))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("diverged").hasMessageContaining("Lower the learning rate");
        assertThat(out).doesNotExist();
    }

    static List<LabelledPhoto> firstPerClass(List<LabelledPhoto> all, int perClass) {
        Map<TriageClass, Integer> counts = new EnumMap<>(TriageClass.class);
        List<LabelledPhoto> out = new ArrayList<>();
        for (LabelledPhoto p : all) {
            if (counts.merge(p.label(), 1, Integer::sum) <= perClass) {
                out.add(p);
            }
        }
        return out;
    }
}
