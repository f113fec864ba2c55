package io.phototriage.models.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.phototriage.core.Photo;
import io.phototriage.core.PhotoResult;
import io.phototriage.core.Pipeline;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Classification;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.Detections;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.models.yolox.YoloxDetector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each model once per photo: the lite classifier and the detect stage share one YOLOX run per photo (#13). */
@NeedsNatives
class LiteChainSharedYoloxTest {
    private static final Path SHARED = Path.of(System.getProperty("phototriage.shared"));
    private static final List<String> PHOTOS = List.of("000000000009.jpg", "000000000036.jpg", "000000000042.jpg",
            "000000000074.jpg");

    private static List<Photo> photos() {
        return PHOTOS.stream().map(f -> Photo.of(SHARED.resolve("data/coco128/images").resolve(f))).toList();
    }

    private static StageSettings settings() {
        return StageSettings.ofModelsDir(SHARED.resolve("models"));
    }

    @Test
    void yoloxRunsOncePerPhotoWhenClassifyAndDetectAreBothConfiguredAndAnswersAreUnchanged() throws Exception {
        List<PhotoResult> results;
        long classifierRuns;
        long detectRuns;
        try (Pipeline pipeline = Pipeline.builder().settings(settings()).classify("lite-probe").detect("yolox").build()) {
            results = pipeline.run(photos());
            YoloxDetector inClassifier = null;
            YoloxDetector detect = null;
            for (Stage<?, ?> s : pipeline.stages()) {
                if (s instanceof LiteProbeClassifier c) {
                    inClassifier = (YoloxDetector) c.features().detector();
                } else if (s instanceof YoloxDetector d) {
                    detect = d;
                }
            }
            assertThat(inClassifier).isNotSameAs(detect);
            classifierRuns = inClassifier.networkRuns();
            detectRuns = detect.networkRuns();
        }
        assertThat(classifierRuns + detectRuns).as("YOLOX network runs for %d photos", PHOTOS.size()).isEqualTo(PHOTOS.size());
        assertThat(classifierRuns).as("the classifier runs first and fills the scratch").isEqualTo(PHOTOS.size());

        // the same answers as each stage alone, each running its own network on a fresh decode
        StageRegistry registry = StageRegistry.load();
        List<Classification> alone = new ArrayList<>();
        List<Detections> detectedAlone = new ArrayList<>();
        try (Classifier classifier = registry.create(Classifier.class, "lite-probe", settings());
                Detector detector = registry.create(Detector.class, "yolox", settings())) {
            for (Photo p : photos()) {
                alone.add(classifier.apply(ImageIoPhotoDecoder.defaults().decode(p)));
                detectedAlone.add(detector.apply(ImageIoPhotoDecoder.defaults().decode(p)));
            }
            assertThat(((YoloxDetector) detector).networkRuns()).isEqualTo(PHOTOS.size());
        }
        for (int i = 0; i < PHOTOS.size(); i++) {
            Classification shared = results.get(i).classification().orElseThrow();
            assertThat(shared.probabilities()).as(PHOTOS.get(i)).isEqualTo(alone.get(i).probabilities());
            assertThat(shared.label()).isEqualTo(alone.get(i).label());
            assertThat(results.get(i).detections().orElseThrow().detections()).as(PHOTOS.get(i))
                    .isEqualTo(detectedAlone.get(i).detections());
        }
        assertThat(results).extracting(r -> r.detections().orElseThrow().detections().size()).anySatisfy(n -> assertThat(n).isPositive());
    }
}
