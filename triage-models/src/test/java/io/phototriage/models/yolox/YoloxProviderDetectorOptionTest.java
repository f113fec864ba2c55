package io.phototriage.models.yolox;

import static io.phototriage.core.testing.ProviderAssertions.assertCreateFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.testing.NeedsNatives;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The yolox provider's {@code detector} option: a fine-tuned folder replaces the ONNX YOLOX-Nano. */
@NeedsNatives
class YoloxProviderDetectorOptionTest {
    @Test
    void theDetectorOptionLoadsTheFolderWithItsClassesAndAnExplicitThreshold(@TempDir Path models) throws Exception {
        StageSettings settings = StageSettings.ofModelsDir(models)
                .withOption(YoloxProvider.FINE_TUNED, YoloxTrainingFixtures.tinyFolder().toString())
                .withOption("threshold", "0.4");
        YoloxProvider provider = new YoloxProvider();
        assertThat(provider.missing(settings)).isEmpty();
        try (Stage<?, ?> stage = provider.create(settings)) {
            assertThat(stage).isInstanceOf(FineTunedYoloxDetector.class);
            FineTunedYoloxDetector detector = (FineTunedYoloxDetector) stage;
            assertThat(detector.labels()).containsExactly("person", "dog", "cat");
            assertThat(detector.threshold()).isEqualTo(0.4);
        }
    }

    @Test
    void aMissingDetectorFolderIsReportedAsMissing(@TempDir Path models) {
        StageSettings settings = StageSettings.ofModelsDir(models).withOption(YoloxProvider.FINE_TUNED, models.resolve("nope").toString());
        assertThat(new YoloxProvider().missing(settings)).hasValueSatisfying(m -> assertThat(m).contains("nope"));
        assertCreateFails(new YoloxProvider(), settings)
                .hasMessageContaining("train-detector");
    }
}
