package io.phototriage.models.yolox;

import static io.phototriage.core.testing.ProviderAssertions.assertCreateFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.eval.CalibrationCodec;
import io.phototriage.core.eval.ThresholdCalibration;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.Detections;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.testing.NeedsNatives;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YoloxDetectorTest {
    private static final Path SHARED = Path.of(System.getProperty("phototriage.shared"));
    private static final Path MODELS = SHARED.resolve("models");
    private static final String PEOPLE_PHOTO = "000000000370.jpg";

    @Test
    @NeedsNatives
    void findsThePersonInARealCocoPeoplePhoto() throws Exception {
        Path file = SHARED.resolve("data/coco128/images/" + PEOPLE_PHOTO);
        DecodedPhoto photo = ImageIoPhotoDecoder.defaults().decode(Photo.of(file));
        List<BoundingBox> people = groundTruthPeople(PEOPLE_PHOTO);

        Detections found;
        try (YoloxDetector detector = YoloxDetector.create(MODELS, YoloxConfig.defaults())) {
            found = detector.apply(photo);
        }

        assertThat(people).isNotEmpty();
        assertThat(found.threshold()).isEqualTo(YoloxConfig.defaultCalibration().threshold());
        Detection best = found.best().orElseThrow();
        assertThat(best.label()).isEqualTo("person");
        assertThat(people).anySatisfy(gt -> assertThat(best.box().iou(gt)).isGreaterThan(0.5));
        assertThat(found.detections()).allSatisfy(d -> assertThat(d.score()).isGreaterThanOrEqualTo(found.threshold()));
    }

    @Test
    void registryDiscoversYoloxAsADetector() {
        StageRegistry registry = StageRegistry.load();

        assertThat(registry.providers(Detector.class)).extracting(p -> p.name()).contains("yolox");
        assertThat(registry.find(Detector.class, "yolox")).isInstanceOf(YoloxProvider.class);
    }

    @Test
    @NeedsNatives
    void registryCreatesAWorkingDetectorWithTheThresholdOption() throws Exception {
        StageSettings settings = StageSettings.ofModelsDir(MODELS).withOption("threshold", "0.5");

        Detector created = StageRegistry.load().create(Detector.class, "yolox", settings);

        assertThat(created).isInstanceOf(YoloxDetector.class);
        try (YoloxDetector detector = (YoloxDetector) created) {
            assertThat(detector.config().threshold()).isEqualTo(0.5);
            assertThat(detector.model().name()).isEqualTo("yolox-nano");
            assertThat(detector.model().weights()).isEqualTo("yolox-nano@4903c9058f6e");
        }
    }

    @Test
    void missingModelFolderFailsAtCreationNamingThePath(@TempDir Path empty) {
        assertCreateFails(new YoloxProvider(), StageSettings.ofModelsDir(empty))
                .hasMessageContaining(empty.resolve("yolox-nano").toString())
                .hasMessageContaining("not found");
    }

    @Test
    void corruptModelFileFailsAtCreationNamingTheFile(@TempDir Path models) throws Exception {
        Path dir = Files.createDirectories(models.resolve("yolox-nano"));
        Files.copy(MODELS.resolve("yolox-nano/coco80.names"), dir.resolve("coco80.names"));
        Files.writeString(dir.resolve("yolox_nano.onnx"), "not a model");

        assertThatThrownBy(() -> YoloxDetector.create(models, YoloxConfig.defaults()))
                .isInstanceOf(StageException.class)
                .hasMessageContaining(dir.resolve("yolox_nano.onnx").toString())
                .hasMessageContaining("corrupt");
    }

    @Test
    void unknownClassFailsAtCreationListingWhereNamesComeFrom() {
        assertThatThrownBy(() -> YoloxDetector.create(MODELS, YoloxConfig.defaults().withClasses(List.of("person", "unicorn"))))
                .isInstanceOf(StageException.class)
                .hasMessageContaining("'unicorn'")
                .hasMessageContaining("coco80.names");
    }

    @Test
    void noModelsFolderOptionFailsAsStageException() {
        StageSettings none = new StageSettings(java.util.Optional.empty(), java.util.Map.of());
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(StageSettings.MODELS_ENV) == null);

        assertCreateFails(new YoloxProvider(), none)
                .hasMessageContaining(StageSettings.MODELS_ENV);
    }

    @Test
    void calibrationOptionSetsTheThresholdAndThresholdOptionOverridesIt(@TempDir Path dir) throws Exception {
        ThresholdCalibration.Result calibration = new ThresholdCalibration.Result(0.42, "test rule", 1, 1, 1,
                new ThresholdCalibration.Counts(0.42, 1, 0, 1), new ThresholdCalibration.Provenance("test", 1, "none"));
        Path file = dir.resolve("cal.json");
        CalibrationCodec.save(calibration, file);
        StageSettings settings = StageSettings.ofModelsDir(MODELS).withOption("calibration", file.toString());

        assertThat(YoloxProvider.config(settings).threshold()).isEqualTo(0.42);
        assertThat(YoloxProvider.config(settings).thresholdSource()).contains("test rule");
        assertThat(YoloxProvider.config(settings.withOption("threshold", "0.7")).threshold()).isEqualTo(0.7);
        assertThat(YoloxProvider.config(StageSettings.ofModelsDir(MODELS)).threshold())
                .isEqualTo(YoloxConfig.defaultCalibration().threshold());
    }

    @Test
    void badOptionsFailNamingTheOption(@TempDir Path dir) {
        StageSettings base = StageSettings.ofModelsDir(MODELS);

        assertThatThrownBy(() -> YoloxProvider.config(base.withOption("threshold", "high")))
                .isInstanceOf(StageException.class).hasMessageContaining("threshold=high");
        assertThatThrownBy(() -> YoloxProvider.config(base.withOption("threshold", "1.5")))
                .isInstanceOf(StageException.class).hasMessageContaining("threshold must be in (0, 1]");
        assertThatThrownBy(() -> YoloxProvider.config(base.withOption("calibration", dir.resolve("none.json").toString())))
                .isInstanceOf(StageException.class).hasMessageContaining("none.json");
    }

    @Test
    void committedDefaultCalibrationCarriesItsProvenance() {
        ThresholdCalibration.Result c = YoloxConfig.defaultCalibration();

        assertThat(c.threshold()).isBetween(0.001, 1.0);
        assertThat(c.rule()).startsWith("max F1");
        assertThat(c.provenance().dataset()).contains("coco128").contains("even positions");
        assertThat(c.provenance().imageCount()).isEqualTo(64);
        assertThat(c.provenance().model()).contains("yolox-nano@4903c9058f6e");
    }

    private static List<BoundingBox> groundTruthPeople(String fileName) throws Exception {
        JsonNode root = new ObjectMapper().readTree(SHARED.resolve("data/coco128/annotations.json").toFile());
        long id = -1;
        for (JsonNode image : root.get("images")) {
            if (image.get("file_name").asText().equals(fileName)) {
                id = image.get("id").asLong();
            }
        }
        List<BoundingBox> people = new ArrayList<>();
        for (JsonNode a : root.get("annotations")) {
            if (a.get("image_id").asLong() == id && a.get("category_id").asInt() == 1 && a.get("iscrowd").asInt() == 0) {
                JsonNode b = a.get("bbox");
                people.add(BoundingBox.ofXywh(b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble()));
            }
        }
        return people;
    }
}
