package io.phototriage.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Detection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CocoDetectionsTest {

    @Test
    void writeThenReadGivesTheSameDetectionsInTheSameOrder(@TempDir Path dir) throws IOException {
        List<CocoDetection> detections = List.of(
                new CocoDetection(9, 1, new CocoBox(1.08, 187.69, 611.59, 285.84), 0.1 + 0.2),
                new CocoDetection(900100000149L, 18, new CocoBox(0, 0, 1e-7, 3), 0.5),
                new CocoDetection(25, 17, new CocoBox(10, 20, 30, 40), 0.5));
        Path file = dir.resolve("sub/results.json");

        CocoDetections.write(file, detections);

        assertThat(CocoDetections.read(file)).containsExactlyElementsOf(detections);
    }

    @Test
    void readsAGoldenPredictionSetWrittenByPython() throws IOException {
        List<CocoDetection> detections = CocoDetections.read(Golden.stream("detections-perfect.json"), "perfect");

        // One detection per non-crowd coco128 annotation by ascending annotation id, the box copied from the ground
        // truth; the first is the dog of image 74.
        assertThat(detections).hasSize(929);
        assertThat(detections.get(0)).isEqualTo(new CocoDetection(74, 18, new CocoBox(61.87, 276.25, 296.42, 103.18),
                1.0));
    }

    @Test
    void detectStageBoxBecomesXywh() {
        Detection d = new Detection("dog", 0.8, new BoundingBox(10, 20, 50, 80));

        assertThat(CocoDetection.of(42, CocoCategory.DOG, d))
                .isEqualTo(new CocoDetection(42, 18, new CocoBox(10, 20, 40, 60), 0.8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no score       | [{"image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1]}]                     | result 0: "score" is missing
            no image id    | [{"category_id": 1, "bbox": [0, 0, 1, 1], "score": 1}]                        | result 0: "image_id" is missing
            string bbox    | [{"image_id": 1, "category_id": 1, "bbox": "0 0 1 1", "score": 1}]            | result 0: "bbox" must be
            second entry   | [{"image_id": 1, "category_id": 1, "bbox": [0,0,1,1], "score": 1}, {"image_id": 1}] | result 1:
            not an array   | {"image_id": 1}                                                               | expected a JSON array
            """)
    void invalidResultsAreRejectedNamingTheEntry(String name, String json, String message) {
        assertThatThrownBy(() -> CocoDetections.read(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "results.json"))
                .isInstanceOf(IOException.class).hasMessageStartingWith("results.json").hasMessageContaining(message);
    }
}
