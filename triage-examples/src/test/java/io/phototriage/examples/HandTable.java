package io.phototriage.examples;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.eval.CocoDataset;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Classification;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.Detections;
import io.phototriage.core.stage.EvaluationModeDetector;
import io.phototriage.core.stage.Mask;
import io.phototriage.core.stage.Segmentation;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.TriageClass;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A data set of four 8x6 photos and fake stages whose metrics are worked out by hand in the tests that use them.
 *
 * <pre>
 * photo  truth    GT (RLE, column-major)           classifier  detector (evaluation mode; production >= 0.6)
 * a.png  people   person cols 0-3 (24 px)          people      person [0,0,4,6] 0.9
 * b.png  pets     dog cols 2-5 (24 px)             neither     dog [2,0,6,6] 0.5 (below the production threshold)
 * c.png  neither  -                                neither     person [0,0,2,2] 0.7 (a false positive)
 * d.png  people   person all 8 cols (48 px)        pets        -
 * </pre>
 * The segmenter returns the left half of its prompt box and fails on a box 8 px wide.
 */
final class HandTable {
    static final String ANNOTATIONS = """
            {"images": [
              {"id": 1, "file_name": "a.png", "width": 8, "height": 6, "triage_class": "people"},
              {"id": 2, "file_name": "b.png", "width": 8, "height": 6, "triage_class": "pets"},
              {"id": 3, "file_name": "c.png", "width": 8, "height": 6, "triage_class": "neither"},
              {"id": 4, "file_name": "d.png", "width": 8, "height": 6, "triage_class": "people"}],
             "categories": [{"id": 1, "name": "person"}, {"id": 17, "name": "cat"}, {"id": 18, "name": "dog"}],
             "annotations": [
              {"id": 11, "image_id": 1, "category_id": 1, "bbox": [0, 0, 4, 6], "area": 24, "iscrowd": 0,
               "segmentation": {"size": [6, 8], "counts": [0, 24, 24]}},
              {"id": 12, "image_id": 2, "category_id": 18, "bbox": [2, 0, 4, 6], "area": 24, "iscrowd": 0,
               "segmentation": {"size": [6, 8], "counts": [12, 24, 12]}},
              {"id": 14, "image_id": 4, "category_id": 1, "bbox": [0, 0, 8, 6], "area": 48, "iscrowd": 0,
               "segmentation": {"size": [6, 8], "counts": [0, 48]}}]}
            """;

    private HandTable() {}

    /** Writes the photos and annotations.json into {@code dir} and reads them back. */
    static CocoDataset write(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("images"));
        for (String name : List.of("a.png", "b.png", "c.png", "d.png")) {
            ImageIO.write(new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB), "png", dir.resolve("images").resolve(name).toFile());
        }
        Files.writeString(dir.resolve("annotations.json"), ANNOTATIONS);
        return CocoDataset.read(dir.resolve("annotations.json"));
    }

    private static String file(DecodedPhoto photo) {
        return photo.photo().path().getFileName().toString();
    }

    static final Classifier CLASSIFIER = photo -> Classification.ofProbabilities(Map.of(switch (file(photo)) {
        case "a.png" -> TriageClass.PEOPLE;
        case "d.png" -> TriageClass.PETS;
        default -> TriageClass.NEITHER;
    }, 1.0));

    /** Evaluation mode per the table; production keeps scores >= 0.6. */
    static final class FakeDetector implements EvaluationModeDetector {
        @Override
        public List<Detection> detectForEvaluation(DecodedPhoto photo) {
            return switch (file(photo)) {
                case "a.png" -> List.of(new Detection("person", 0.9, new BoundingBox(0, 0, 4, 6)));
                case "b.png" -> List.of(new Detection("dog", 0.5, new BoundingBox(2, 0, 6, 6)));
                case "c.png" -> List.of(new Detection("person", 0.7, new BoundingBox(0, 0, 2, 2)));
                default -> List.of();
            };
        }

        @Override
        public Detections apply(DecodedPhoto photo) {
            return new Detections(detectForEvaluation(photo).stream().filter(d -> d.score() >= threshold()).toList(), threshold());
        }

        @Override
        public double threshold() {
            return 0.6;
        }

        @Override
        public String thresholdSource() {
            return "hand table";
        }

        @Override
        public List<String> labels() {
            return List.of("person", "dog", "cat");
        }

        @Override
        public String evaluationSettings() {
            return "the hand table";
        }
    }

    static final Segmenter SEGMENTER = request -> {
        BoundingBox b = request.subject().box();
        if (b.x1() - b.x0() >= 8) {
            throw new StageException("box too wide for the fake");
        }
        boolean[] values = new boolean[8 * 6];
        int half = (int) ((b.x1() - b.x0()) / 2);
        for (int y = (int) b.y0(); y < (int) b.y1(); y++) {
            for (int x = (int) b.x0(); x < (int) b.x0() + half; x++) {
                values[y * 8 + x] = true;
            }
        }
        BufferedImage any = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        return new Segmentation(Mask.of(8, 6, values), Double.NaN, any, any);
    };

}
