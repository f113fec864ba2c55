package io.phototriage.models.groundingdino;

import static io.phototriage.core.testing.ProviderAssertions.assertCreateFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Detections;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.testing.NeedsNatives;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GroundingDinoProviderTest {

    @Test
    void providerIsListedAsTheDefaultDetector() {
        StageProvider provider = StageRegistry.load().find(Detector.class, "grounding-dino");
        assertThat(provider).isInstanceOf(GroundingDinoProvider.class);
        assertThat(provider.isDefault()).isTrue();
        assertThat(provider.kind()).isEqualTo(Detector.class);
    }

    @Test
    @NeedsNatives
    void createsDetectorFromModelsFolderWithOptionsAndDetectsOnADecodedPhoto() throws Exception {
        StageSettings settings = StageSettings.ofModelsDir(GoldenCases.fixtures())
                .withOption("model", GoldenCases.FIXTURE_MODEL)
                .withOption("classes", "Person, dog")
                .withOption("threshold", "0.5");
        try (Detector detector = StageRegistry.load().create(Detector.class, "grounding-dino", settings)) {
            GroundingDinoDetector gd = (GroundingDinoDetector) detector;
            assertThat(gd.prompt().caption()).isEqualTo("person . dog .");
            assertThat(gd.threshold()).isEqualTo(0.5);
            assertThat(gd.model().engine()).isEqualTo("PyTorch");
            assertThat(gd.model().weights()).startsWith("grounding-dino-tiny-random@");

            String name = "000000000009.jpg";
            Path file = Path.of(System.getProperty("phototriage.shared")).resolve("data/coco128/images").resolve(name);
            Detections found = detector.apply(DecodedPhoto.full(Photo.of(file), GoldenCases.photo(name)));
            assertThat(found.threshold()).isEqualTo(0.5);
            assertThat(found.detections()).isNotEmpty().allSatisfy(d -> {
                assertThat(d.label()).isIn("Person", "dog");
                assertThat(d.score()).isGreaterThan(0.5);
                assertThat(d.box().x1()).isLessThanOrEqualTo(640);
                assertThat(d.box().y1()).isLessThanOrEqualTo(480);
            });
        }
    }

    @Test
    @NeedsNatives
    void defaultThresholdComesFromTheManifest() throws Exception {
        try (GroundingDinoDetector detector = GroundingDinoDetector.builder().setModel(GoldenCases.tinyModel()).build()) {
            GroundingDinoContract contract = detector.contract();
            assertThat(detector.threshold()).isEqualTo(contract.threshold());
            assertThat(contract.thresholdSource()).startsWith("uncalibrated (random weights)");
            assertThat(detector.prompt().classes()).isEqualTo(GroundingDinoDetector.DEFAULT_CLASSES);
            assertThat(new int[] {contract.tracedHeight(), contract.tracedWidth()}).containsExactly(256, 320);
        }
    }

    @Test
    void missingModelFolderSaysHowToGetOne() {
        StageSettings settings = StageSettings.ofModelsDir(GoldenCases.fixtures()).withOption("model", "no-such-model");
        assertCreateFails(new GroundingDinoProvider(), settings)
                .hasMessageContaining("no-such-model")
                .hasMessageContaining(ModelStore.HOW_TO_GET);
    }

    @ParameterizedTest
    @NeedsNatives
    @ValueSource(strings = {"cat.", "what?", "  "})
    void classNamesWithPhraseSeparatorsAreRejected(String bad) throws Exception {
        try (HuggingFaceTokenizer tokenizer = tokenizer()) {
            assertThatThrownBy(() -> Prompt.of(List.of("dog", bad), tokenizer, 256))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    @NeedsNatives
    void promptLongerThanTheTextSlotsIsRejected() throws Exception {
        try (HuggingFaceTokenizer tokenizer = tokenizer()) {
            List<String> many = Collections.nCopies(130, "dog");
            assertThatThrownBy(() -> Prompt.of(many, tokenizer, 256))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("262 tokens")
                    .hasMessageContaining("at most 256");
        }
    }

    @Test
    @NeedsNatives
    void noClassesIsRejected() throws Exception {
        try (HuggingFaceTokenizer tokenizer = tokenizer()) {
            assertThatThrownBy(() -> Prompt.of(List.of(), tokenizer, 256)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static HuggingFaceTokenizer tokenizer() throws Exception {
        return HuggingFaceTokenizer.builder()
                .optTokenizerPath(GoldenCases.tinyModel().file("tokenizer"))
                .optAddSpecialTokens(true)
                .optPadding(false)
                .optTruncation(false)
                .build();
    }
}
