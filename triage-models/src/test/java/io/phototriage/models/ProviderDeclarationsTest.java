package io.phototriage.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.spi.OptionSpec;
import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.stage.Stylizer;
import io.phototriage.models.lite.LiteTestData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every provider declares: its options, and what it is missing (cheaply); and the default choice built on it. */
class ProviderDeclarationsTest {
    /** This module's providers (the core test-jar on the class path lists a test detector too). */
    private static final StageRegistry REGISTRY = StageRegistry.of(StageRegistry.load().providers().stream()
            .filter(p -> p.getClass().getName().startsWith("io.phototriage.models.")).toList());

    @Test
    void everyProviderDeclaresItsOptions() {
        assertThat(REGISTRY.providers()).hasSizeGreaterThanOrEqualTo(11);
        for (StageProvider p : REGISTRY.providers()) {
            assertThat(p.options()).as(p.name()).isNotEmpty().extracting(OptionSpec::key).doesNotHaveDuplicates();
        }
        assertThat(REGISTRY.find(Detector.class, "yolox").options()).extracting(OptionSpec::key)
                .containsExactly("threshold", "calibration", "classes", "fine_tuned");
        assertThat(REGISTRY.find(Detector.class, "grounding-dino").options()).extracting(OptionSpec::key)
                .containsExactly("model", "classes", "threshold", "nms_iou");
    }

    @Test
    void withOnlyTheLiteModelsAnUnnamedDetectIsYoloxNotGroundingDino() {
        StageSettings lite = StageSettings.ofModelsDir(LiteTestData.modelsDir());
        assertThat(REGISTRY.find(Detector.class, "grounding-dino").missing(lite)).isPresent();
        assertThat(REGISTRY.find(Detector.class, null, lite).name()).isEqualTo("yolox");
        assertThat(REGISTRY.find(Segmenter.class, "deeplab").missing(lite)).isEmpty();
        assertThat(REGISTRY.find(Stylizer.class, null, lite).name()).isEqualTo("fast-style");
        assertThat(REGISTRY.find(Classifier.class, null, lite).name()).isEqualTo("lite-probe");
    }

    @Test
    void withTheTinyFixturesAndTheirFolderNamedTheDefaultDetectorIsAvailable() {
        StageSettings tiny = StageSettings.ofModelsDir(fixtures());
        StageProvider dino = REGISTRY.find(Detector.class, "grounding-dino");
        assertThat(dino.missing(tiny)).isEmpty(); // its default folder name is the fixture's
        assertThat(REGISTRY.find(Segmenter.class, "sam").missing(tiny)).get().asString().contains("sam-vit-base");
        assertThat(REGISTRY.find(Segmenter.class, "sam").missing(tiny.withOption("model", "sam-tiny"))).isEmpty();
    }

    @Test
    void whenNoDetectorHasItsModelsTheErrorListsEachAndWhatItMisses(@TempDir Path empty) {
        StageSettings none = StageSettings.ofModelsDir(empty);
        assertThatThrownBy(() -> REGISTRY.find(Detector.class, null, none))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no Detector has its models")
                .hasMessageContaining("grounding-dino (no " + empty.resolve("grounding-dino-tiny").resolve("manifest.json"))
                .hasMessageContaining("yolox (no folder " + empty.resolve("yolox-nano"));
    }

    private static Path fixtures() {
        try {
            return Path.of(ProviderDeclarationsTest.class.getResource("/fixtures/sam-tiny/manifest.json").toURI()).getParent().getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
