package io.phototriage.models.yolox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.testing.NeedsNatives;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fine-tuning the tiny random YOLOX on a synthetic 8-image data set: reproducible, and the folder is a detector. */
@NeedsNatives
class YoloxTrainerTest {
    private static final YoloxTrainingConfig CONFIG = YoloxTrainingConfig.defaults().withEpochs(2).withBatchSize(3)
            .withLearningRate(1e-3f).withL1Epochs(1).withSeed(11);

    private static YoloxTrainer.TrainingReport train(Path data, Path out) throws Exception {
        ResolvedModel start = FineTunedYoloxDetector.resolve(YoloxTrainingFixtures.tinyFolder());
        return new YoloxTrainer(CONFIG, e -> { }).fineTune(start, DetectorDataset.read(data, List.of("person", "dog", "cat")), out);
    }

    private static Path dataset(Path dir) throws Exception {
        return DetectorDatasetTest.cocoFolder(dir, 8, new double[][] {{1, 10, 10, 20, 20}, {18, 30, 20, 25, 20}, {17, 5, 25, 15, 15}}, true);
    }

    @Test
    void theSameSeedGivesTheSameEpochsAndTheFolderLoadsAsADetector(@TempDir Path tmp) throws Exception {
        Path data = dataset(tmp.resolve("data"));
        YoloxTrainer.TrainingReport a = train(data, tmp.resolve("a"));
        YoloxTrainer.TrainingReport b = train(data, tmp.resolve("b"));

        assertThat(a.epochs()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(b.epochs().get(i).trainLoss()).isEqualTo(a.epochs().get(i).trainLoss());
            assertThat(b.epochs().get(i).heldOutLoss()).isEqualTo(a.epochs().get(i).heldOutLoss());
            assertThat(b.epochs().get(i).heldOutMap()).isEqualTo(a.epochs().get(i).heldOutMap());
        }
        assertThat(a.epochs().get(0).trainLoss()).isFinite();
        assertThat(a.epochs().get(1).l1()).isTrue();
        assertThat(a.split().heldOut()).isEqualTo(b.split().heldOut()).isNotEmpty();

        try (FineTunedYoloxDetector detector = FineTunedYoloxDetector.load(a.detectorDir())) {
            assertThat(detector.labels()).containsExactly("person", "dog", "cat");
            JsonNode training = detector.folder().manifest().contract().get("training");
            assertThat(training.get("split").get("held_out")).hasSize(a.split().heldOut().size());
            assertThat(training.get("epoch").asInt()).isEqualTo(a.bestEpoch());
            assertThat(training.get("config").get("seed").asLong()).isEqualTo(11);
            assertThat(training.get("annotations_sha256").asText()).hasSize(64);
        }
    }

    @Test
    void aStartWhoseClassesDifferIsRefusedWithTheExportCommand(@TempDir Path tmp) throws Exception {
        Path data = dataset(tmp.resolve("data"));
        ResolvedModel start = FineTunedYoloxDetector.resolve(YoloxTrainingFixtures.tinyFolder());
        DetectorDataset twoClasses = DetectorDataset.read(data, List.of("person", "dog"));
        assertThatThrownBy(() -> new YoloxTrainer(CONFIG, e -> { }).fineTune(start, twoClasses, tmp.resolve("out")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("export.py yolox-trainable --classes person,dog");
    }
}
