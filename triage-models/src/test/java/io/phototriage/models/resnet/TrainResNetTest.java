package io.phototriage.models.resnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.model.ModelStore;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.core.testing.SharedData;
import io.phototriage.models.resnet.ResNetTrainer.TrainingReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainResNetTest {
    @TempDir
    Path temp;

    @Test
    @NeedsNatives
    void commandLineFineTunesAFolderPerClassSetIntoALoadableClassifier() throws Exception {
        Path models = temp.resolve("models");
        Path backbone = ResNetTestData.fixtures().resolve(ResNetTestData.TINY);
        copy(backbone, models.resolve(ResNetTestData.TINY), "backbone.pt", "manifest.json");
        Path images = SharedData.coco128().resolve("images");
        copy(images, temp.resolve("set/people"), "000000000036.jpg", "000000000049.jpg");
        copy(images, temp.resolve("set/pets"), "000000000042.jpg", "000000000307.jpg");
        copy(images, temp.resolve("set/neither"), "000000000009.jpg", "000000000030.jpg");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        TrainingReport report = TrainResNet.run(new String[] {"--models", models.toString(), "--folders",
            temp.resolve("set").toString(), "--backbone", ResNetTestData.TINY, "--out", "tiny-triage", "--epochs", "1",
            "--batch-size", "3", "--held-out", "0.5", "--no-augment"}, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("photos: {PEOPLE=2, PETS=2, NEITHER=2}").contains("epoch 1: train loss")
                .contains("train accuracy").contains("augment=false")
                .contains("wrote " + models.resolve("tiny-triage").toAbsolutePath());
        assertThat(report.epochs()).hasSize(1);
        try (ResNetClassifier classifier = ResNetClassifier.load(models, "tiny-triage")) {
            assertThat(classifier.model().name()).isEqualTo("tiny-triage");
        }
        var training = ModelStore.at(models).resolve("tiny-triage").manifest().contract().path("training");
        assertThat(training.path("held_out_photos").asInt()).isEqualTo(3);
        assertThat(training.path("augment").asBoolean(true)).isFalse();
    }

    @Test
    void missingDataSetIsAUsageError() {
        assertThatThrownBy(() -> TrainResNet.run(new String[] {"--models", temp.toString()}, System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("usage: --models DIR");
    }

    private static void copy(Path from, Path to, String... names) throws Exception {
        Files.createDirectories(to);
        for (String name : List.of(names)) {
            Files.copy(from.resolve(name), to.resolve(name));
        }
    }
}
