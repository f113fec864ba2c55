package io.phototriage.models.probe;

import static io.phototriage.core.testing.ProviderAssertions.assertCreateFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.phototriage.core.Photo;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Classification;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.Detections;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.TriageClass;
import io.phototriage.core.testing.FakeProvider;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.models.mobilenet.MobileNetFeatures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiteProbeProviderTest {
    private static final Path SHARED = Path.of(System.getProperty("phototriage.shared"));

    /** The detector the "fake" provider made (JUnit makes a test instance per test: this starts empty each time). */
    private FakeDetector made;
    /** A lite-probe provider whose registry holds only a fake detector provider named "fake" that remembers it. */
    private final LiteProbeProvider fakeDetectorProbe = new LiteProbeProvider(() -> StageRegistry.of(List.of(
            FakeProvider.of("fake", Detector.class, settings -> made = new FakeDetector("fake",
                    p -> new Detections(List.of(new Detection("person", 0.9, new BoundingBox(0, 0, 5, 5))), 0.3))))));

    /** Settings that pick {@code detector} and a probe file trained for {@code probeDetector}'s features. */
    private static StageSettings settings(Path dir, String detector, String probeDetector) throws Exception {
        return StageSettings.ofModelsDir(SHARED.resolve("models"))
                .withOption("detector", detector)
                .withOption("probe", probeFile(dir, probeDetector).toString());
    }

    /** A probe for MobileNet features + the "fake" detector's scores, trained on random vectors (layout only). */
    private static Path probeFile(Path dir, String detectorName) throws Exception {
        ImageFeatures mobileNetLayout = new FunctionFeatures("mobilenet-v2", MobileNetFeatures.DESCRIPTION, MobileNetFeatures.DIMENSION,
                p -> new float[MobileNetFeatures.DIMENSION]);
        LiteFeatures layout = new LiteFeatures(mobileNetLayout, new FakeDetector(detectorName, p -> new Detections(List.of(), 0.3)));
        Random random = new Random(3);
        List<float[]> x = new ArrayList<>();
        List<TriageClass> y = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            float[] v = new float[layout.dimension()];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) random.nextGaussian();
            }
            x.add(v);
            y.add(TriageClass.values()[i % 3]);
        }
        LinearProbe probe = LinearProbe.train(new ProbeData(x, y, layout.id(), layout.description(), "random layout check"),
                ProbeConfig.defaults().withLambda(1.0));
        Path file = dir.resolve("probe-" + detectorName + ".json");
        probe.save(file);
        return file;
    }

    @Test
    void serviceLoaderListsLiteProbeAsAClassifier() {
        StageProvider provider = StageRegistry.load().find(Classifier.class, "lite-probe");
        assertThat(provider).isInstanceOf(LiteProbeProvider.class);
        assertThat(provider.kind()).isEqualTo(Classifier.class);
    }

    @Test
    @NeedsNatives
    void createsTheClassifierWithTheNamedDetectorFromTheRegistryAndTheProbeFile(@TempDir Path dir) throws Exception {
        StageSettings settings = settings(dir, "fake", "fake");
        Classifier classifier = fakeDetectorProbe.create(settings);
        try {
            Classification c = classifier.apply(ImageIoPhotoDecoder.defaults()
                    .decode(Photo.of(SHARED.resolve("data/coco128/images/000000000009.jpg"))));
            assertThat(c.probabilities()).hasSize(3);
            assertThat(made.calls).isEqualTo(1);
            assertThat(classifier.model().weights()).contains("mobilenet-v2@9a2028197f94").contains("detector fake");
        } finally {
            classifier.close();
        }
        assertThat(made.closes).isEqualTo(1);
    }

    @Test
    @NeedsNatives
    void aProbeForAnotherDetectorFailsAtCreationAndClosesTheDetector(@TempDir Path dir) throws Exception {
        assertCreateFails(fakeDetectorProbe, settings(dir, "fake", "yolox-nano"))
                .hasMessageContaining("the probe does not fit these features");
        assertThat(made.closes).isEqualTo(1);
    }

    @Test
    @NeedsNatives
    void anUnknownDetectorNameIsAClearError(@TempDir Path dir) throws Exception {
        assertCreateFails(fakeDetectorProbe, settings(dir, "nope", "fake"))
                .hasMessageContaining("lite-probe needs the detector 'nope'")
                .hasMessageContaining("available: fake");
        assertThat(made).as("no detector was made").isNull();
    }

    @Test
    void aMissingProbeFileIsNamed(@TempDir Path dir) {
        LiteProbeProvider provider = new LiteProbeProvider(() -> StageRegistry.of(List.of()));
        Path missing = dir.resolve("missing.json");
        assertCreateFails(provider, StageSettings.ofModelsDir(dir).withOption("probe", missing.toString()))
                .hasMessageContaining(missing.toAbsolutePath().toString())
                .hasMessageContaining("tools/train-lite-probe.sh");
    }

    @Test
    void withoutAProbeOptionTheShippedDefaultIsRequiredAndItsAbsenceExplained(@TempDir Path dir) {
        LiteProbeProvider provider = new LiteProbeProvider(() -> StageRegistry.of(List.of()), "/no/such/probe.json");
        assertCreateFails(provider, StageSettings.ofModelsDir(dir))
                .hasMessageContaining("no default lite probe is shipped")
                .hasMessageContaining("/no/such/probe.json")
                .hasMessageContaining("probe=FILE");
    }
}
