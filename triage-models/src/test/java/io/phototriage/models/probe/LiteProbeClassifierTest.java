package io.phototriage.models.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Classification;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.Detections;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.TriageClass;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LiteProbeClassifierTest {
    private static final BoundingBox BOX = new BoundingBox(0, 0, 10, 10);

    private static Detections detections(Object... labelScore) {
        List<Detection> list = new ArrayList<>();
        for (int i = 0; i < labelScore.length; i += 2) {
            list.add(new Detection((String) labelScore[i], (Double) labelScore[i + 1], BOX));
        }
        return new Detections(list, 0.1);
    }

    private static DecodedPhoto photo() {
        return DecodedPhoto.full(Photo.of(Path.of("x.jpg")), new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB));
    }

    @Test
    void detectorScoresAreTheBestPersonAndTheBestDogOrCatAfterTheImageFeatures() {
        float[] joined = LiteFeatures.join(new float[] {1, 2},
                detections("person", 0.9, "person", 0.5, "dog", 0.7, "Cat", 0.8, "car", 0.99));
        assertThat(joined).containsExactly(1f, 2f, 0.9f, 0.8f);
    }

    @Test
    void noDetectionsGiveZeroScores() {
        assertThat(LiteFeatures.join(new float[] {3}, detections())).containsExactly(3f, 0f, 0f);
    }

    /**
     * A probe trained on noise image features plus detector scores whose rule is: a confident person → people,
     * else a confident pet → pets, else neither.
     */
    private static LinearProbe probeForDetectorRule(LiteFeatures features) {
        Random random = new Random(5);
        List<float[]> x = new ArrayList<>();
        List<TriageClass> y = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            double person = random.nextDouble() < 0.4 ? 0.5 + 0.5 * random.nextDouble() : 0.3 * random.nextDouble();
            double pet = random.nextDouble() < 0.4 ? 0.5 + 0.5 * random.nextDouble() : 0.3 * random.nextDouble();
            Detections d = detections("person", person, "dog", pet);
            x.add(LiteFeatures.join(new float[] {(float) random.nextGaussian(), (float) random.nextGaussian()}, d));
            y.add(person >= 0.5 ? TriageClass.PEOPLE : pet >= 0.5 ? TriageClass.PETS : TriageClass.NEITHER);
        }
        return LinearProbe.train(new ProbeData(x, y, features.id(), features.description(), "detector rule"), ProbeConfig.defaults());
    }

    private static FunctionFeatures noise() {
        return new FunctionFeatures("noise", "two noise features", 2, p -> new float[] {0.1f, -0.2f});
    }

    @ParameterizedTest
    @CsvSource({
        "0.95, 0.0,  PEOPLE",
        "0.9,  0.9,  PEOPLE",
        "0.0,  0.85, PETS",
        "0.1,  0.1,  NEITHER",
    })
    void classifiesFromTheDetectorEvidence(double person, double pet, TriageClass expected) throws Exception {
        FakeDetector detector = new FakeDetector("fake", p -> detections("person", person, "cat", pet));
        FunctionFeatures image = noise();
        LinearProbe probe = probeForDetectorRule(new LiteFeatures(noise(), new FakeDetector("fake", p -> detections())));
        try (LiteProbeClassifier classifier = new LiteProbeClassifier(image, detector, probe)) {
            Classification c = classifier.apply(photo());
            assertThat(c.label()).isEqualTo(expected);
            assertThat(c.confidence()).isGreaterThan(0.5);
            assertThat(detector.calls).isEqualTo(1);
        }
    }

    @Test
    void aProbeTrainedOnOtherFeaturesIsRejectedNamingBothLayouts() {
        LinearProbe probe = probeForDetectorRule(new LiteFeatures(noise(), new FakeDetector("other-detector", p -> detections())));
        FakeDetector detector = new FakeDetector("fake", p -> detections());
        assertThatThrownBy(() -> new LiteProbeClassifier(noise(), detector, probe))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the probe does not fit these features")
                .hasMessageContaining("of detector other-detector")
                .hasMessageContaining("of detector fake");
    }

    @Test
    void aProbeOfAnotherLengthIsRejected() {
        FunctionFeatures three = new FunctionFeatures("noise", "two noise features", 3, p -> new float[3]);
        LinearProbe probe = probeForDetectorRule(new LiteFeatures(noise(), new FakeDetector("fake", p -> detections())));
        assertThatThrownBy(() -> new LiteProbeClassifier(three, new FakeDetector("fake", p -> detections()), probe))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trained on 4 features")
                .hasMessageContaining("makes 5 features");
    }

    @Test
    void closeClosesTheDetectorAndTheImageFeatures() throws Exception {
        FakeDetector detector = new FakeDetector("fake", p -> detections());
        FunctionFeatures image = noise();
        LinearProbe probe = probeForDetectorRule(new LiteFeatures(noise(), new FakeDetector("fake", p -> detections())));
        new LiteProbeClassifier(image, detector, probe).close();
        assertThat(detector.closes).isEqualTo(1);
        assertThat(image.closes()).hasValue(1);
    }

    @Test
    void aDetectorFailureFailsThisPhotoWithTheDetectorsMessage() {
        FakeDetector failing = new FakeDetector("fake", p -> {
            throw new StageException("detector could not run on " + p.photo().path());
        });
        LinearProbe probe = probeForDetectorRule(new LiteFeatures(noise(), failing));
        LiteProbeClassifier classifier = new LiteProbeClassifier(noise(), failing, probe);
        assertThatThrownBy(() -> classifier.apply(photo()))
                .isInstanceOf(StageException.class)
                .hasMessageContaining("detector could not run on x.jpg");
    }

    @Test
    void modelInfoNamesFeaturesDetectorAndTrainingSet() {
        FakeDetector detector = new FakeDetector("fake", p -> detections());
        LinearProbe probe = probeForDetectorRule(new LiteFeatures(noise(), detector));
        LiteProbeClassifier classifier = new LiteProbeClassifier(noise(), detector, probe);
        assertThat(classifier.model().name()).isEqualTo("lite-probe");
        assertThat(classifier.model().weights()).contains("noise + detector fake@none").contains("detector rule").contains("seed 42");
    }
}
