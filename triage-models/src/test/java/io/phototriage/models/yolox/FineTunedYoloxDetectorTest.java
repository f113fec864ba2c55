package io.phototriage.models.yolox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.testing.NeedsNatives;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TorchScript YOLOX detector: on the tiny fixture (wiring, errors) and, where the real trainable export is
 * present, against the ONNX {@link YoloxDetector} on coco128 photos (the export's "equals the pretrained model on
 * those classes" claim, checked in Java).
 */
@NeedsNatives
class FineTunedYoloxDetectorTest {
    /** Scores may differ by this much: the export's scores agree with onnxruntime within 3e-6 (export's check). */
    private static final double SCORE_TOLERANCE = 1e-4;
    /** Box corners in image pixels: regressions agree within 3e-4 grid cells, x stride 32 / letterbox ratio. */
    private static final double BOX_TOLERANCE_PX = 0.05;

    static final Path SHARED = Path.of(System.getProperty("phototriage.shared"));
    static final Path TINY = YoloxTrainingFixtures.tinyFolder();

    /**
     * The real trainable export: {@code -Dphototriage.yolox.trainable=DIR}, else {@code ../shared/models/yolox-nano-trainable}.
     * Write it with {@code export.py yolox-trainable --out DIR}.
     */
    static Path realTrainable() {
        String property = System.getProperty("phototriage.yolox.trainable");
        return property != null && !property.isBlank() ? Path.of(property) : SHARED.resolve("models/yolox-nano-trainable");
    }

    static Stream<String> photos() {
        // people, a dog, people and a dog, a cat, people
        return Stream.of("000000000036.jpg", "000000000042.jpg", "000000000074.jpg", "000000000443.jpg", "000000000061.jpg");
    }

    @ParameterizedTest
    @MethodSource("photos")
    void pretrainedExportGivesTheOnnxModelsBoxesAndScores(String photo) throws Exception {
        Path real = realTrainable();
        assumeTrue(Files.isRegularFile(real.resolve("manifest.json")), "no trainable YOLOX export at " + real
                + " (tools/export/.venv/bin/python tools/export/export.py yolox-trainable --out " + real + ")");
        DecodedPhoto decoded = ImageIoPhotoDecoder.defaults().decode(Photo.of(SHARED.resolve("data/coco128/images").resolve(photo)));
        try (FineTunedYoloxDetector torch = FineTunedYoloxDetector.load(real);
                YoloxDetector onnx = YoloxDetector.create(SHARED.resolve("models"), YoloxConfig.defaults())) {
            EvalSettings settings = new EvalSettings(0.01, 0.65, 100);
            List<Detection> expected = onnx.detectAll(decoded, settings);
            List<Detection> actual = torch.detectAll(ImageIoPhotoDecoder.defaults().decode(decoded.photo()), settings);
            assertThat(expected).isNotEmpty();
            // Boxes right at the 0.01 floor may fall on either side of it; all the others must match one to one.
            List<Detection> clearExpected = expected.stream().filter(d -> d.score() > 0.011).toList();
            assertThat(actual.size()).isGreaterThanOrEqualTo(clearExpected.size());
            for (int i = 0; i < clearExpected.size(); i++) {
                Detection e = clearExpected.get(i);
                Detection a = actual.get(i);
                assertThat(a.label()).as("label %d", i).isEqualTo(e.label());
                assertThat(a.score()).as("score %d", i).isCloseTo(e.score(), org.assertj.core.data.Offset.offset(SCORE_TOLERANCE));
                assertThat(a.box().x0()).isCloseTo(e.box().x0(), org.assertj.core.data.Offset.offset(BOX_TOLERANCE_PX));
                assertThat(a.box().y0()).isCloseTo(e.box().y0(), org.assertj.core.data.Offset.offset(BOX_TOLERANCE_PX));
                assertThat(a.box().x1()).isCloseTo(e.box().x1(), org.assertj.core.data.Offset.offset(BOX_TOLERANCE_PX));
                assertThat(a.box().y1()).isCloseTo(e.box().y1(), org.assertj.core.data.Offset.offset(BOX_TOLERANCE_PX));
            }
        }
    }

    @Test
    void tinyFixtureDetectsTheFoldersClassesInsideThePhoto() throws Exception {
        DecodedPhoto decoded = ImageIoPhotoDecoder.defaults().decode(Photo.of(SHARED.resolve("data/coco128/images/000000000009.jpg")));
        try (FineTunedYoloxDetector detector = FineTunedYoloxDetector.load(TINY)) {
            assertThat(detector.labels()).containsExactly("person", "dog", "cat");
            List<Detection> all = detector.detectAll(decoded, new EvalSettings(0.0, 0.65, 100));
            assertThat(all).hasSize(100);
            for (Detection d : all) {
                assertThat(d.label()).isIn("person", "dog", "cat");
                assertThat(d.score()).isBetween(0.0, 1.0);
                assertThat(d.box().x1()).isLessThanOrEqualTo(decoded.image().getWidth());
            }
            assertThat(detector.model().weights()).startsWith("yolox-tiny");
        }
    }

    @Test
    void aFolderThatIsNotATrainableYoloxIsRejectedWithItsRole() {
        Path resnet = TINY.getParent().resolve("resnet-tiny");
        assertThatThrownBy(() -> FineTunedYoloxDetector.load(resnet)).isInstanceOf(StageException.class)
                .hasMessageContaining("not 'yolox-trainable'");
    }

    @Test
    void otherClassesThanTheFoldersAreRejected() throws Exception {
        var resolved = FineTunedYoloxDetector.resolve(TINY);
        assertThatThrownBy(() -> FineTunedYoloxDetector.load(resolved, YoloxConfig.defaults().withClasses(List.of("dog", "cat"))))
                .isInstanceOf(StageException.class).hasMessageContaining("trained for classes [person, dog, cat]");
    }
}
