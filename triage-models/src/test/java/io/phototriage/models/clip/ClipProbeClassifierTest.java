package io.phototriage.models.clip;

import static io.phototriage.core.testing.ProviderAssertions.assertCreateFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Classification;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.TriageClass;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.models.probe.FeatureScaling;
import io.phototriage.models.probe.LinearProbe;
import io.phototriage.models.probe.ProbeConfig;
import io.phototriage.models.probe.ProbeData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A linear probe on the tiny CLIP's image embeddings (random weights: the contract is tested, not the accuracy). */
@NeedsNatives
class ClipProbeClassifierTest {
    private static final int PER_CLASS = 6;
    private static final List<DecodedPhoto> PHOTOS = new ArrayList<>();
    private static final List<TriageClass> LABELS = new ArrayList<>();
    private static ResolvedModel tiny;
    private static ProbeData data;

    @BeforeAll
    static void embedLabelledCocoPhotos() throws Exception {
        Path coco = Path.of(System.getProperty("phototriage.shared")).resolve("data/coco128");
        JsonNode annotations = new ObjectMapper().readTree(coco.resolve("annotations.json").toFile());
        Map<TriageClass, Integer> taken = new EnumMap<>(TriageClass.class);
        for (JsonNode image : annotations.get("images")) {
            TriageClass label = TriageClass.ofLabel(image.get("triage_class").asText());
            if (taken.merge(label, 1, Integer::sum) <= PER_CLASS) {
                PHOTOS.add(ImageIoPhotoDecoder.defaults().decode(Photo.of(coco.resolve("images").resolve(image.get("file_name").asText()))));
                LABELS.add(label);
            }
        }
        tiny = ModelStore.at(ClipGolden.fixturesDir()).resolve(ClipGolden.TINY);
        try (ClipImageEncoder encoder = ClipImageEncoder.load(tiny)) {
            data = ClipProbeClassifier.trainingData(encoder, tiny.manifest().name(), tiny.weightsId(ClipImageEncoder.ROLE), PHOTOS,
                    LABELS, "coco128, first " + PER_CLASS + " photos per class");
        }
    }

    private static LinearProbe train() {
        return LinearProbe.train(data, ProbeConfig.defaults().withScaling(FeatureScaling.L2_NORMALIZE).withLambda(1e-2));
    }

    @Test
    void probeOnClipEmbeddingsGivesProbabilitiesThatSumToOneAndBatchingAgrees() throws Exception {
        try (ClipProbeClassifier classifier = new ClipProbeClassifier(ClipImageEncoder.load(tiny), tiny.manifest().name(),
                tiny.weightsId(ClipImageEncoder.ROLE), train())) {
            List<Classification> batched = classifier.applyAll(PHOTOS);
            for (int i = 0; i < PHOTOS.size(); i++) {
                Classification single = classifier.apply(PHOTOS.get(i));

                assertThat(single.probabilities().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
                // Same probe on the embedding of a batch: float32 reduction order may differ slightly.
                for (TriageClass c : TriageClass.values()) {
                    assertThat(batched.get(i).probabilities().get(c)).isCloseTo(single.probabilities().get(c), within(1e-5));
                }
                // The classifier is exactly the probe applied to the training features of the same photo.
                assertThat(single.probabilities().get(TriageClass.PEOPLE))
                        .isCloseTo(classifier.probe().probabilities(data.features().get(i))[0], within(1e-6));
            }
            assertThat(classifier.model().weights()).startsWith("clip-tiny@").contains("coco128");
        }
    }

    @Test
    void providerLoadsASavedProbeAndReproducesIt(@TempDir Path dir) throws Exception {
        LinearProbe probe = train();
        Path file = dir.resolve("clip-probe.json");
        probe.save(file);
        StageSettings settings = StageSettings.ofModelsDir(ClipGolden.fixturesDir()).withOption("model", ClipGolden.TINY)
                .withOption("probe", file.toString());

        try (Classifier classifier = StageRegistry.load().create(Classifier.class, "clip-probe", settings)) {
            Classification c = classifier.apply(PHOTOS.get(0));

            double[] expected = probe.probabilities(data.features().get(0));
            for (TriageClass k : TriageClass.values()) {
                assertThat(c.probabilities().get(k)).isCloseTo(expected[k.ordinal()], within(1e-6));
            }
        }
    }

    @Test
    void probeTrainedOnOtherFeaturesIsRefused() throws Exception {
        List<float[]> other = new ArrayList<>();
        for (float[] f : data.features()) {
            other.add(java.util.Arrays.copyOf(f, f.length));
        }
        LinearProbe foreign = LinearProbe.train(new ProbeData(other, LABELS, "other@0", "some other extractor, 16 floats", "test"),
                ProbeConfig.defaults().withLambda(1e-2));

        try (ClipImageEncoder encoder = ClipImageEncoder.load(tiny)) {
            assertThatThrownBy(() -> new ClipProbeClassifier(encoder, tiny.manifest().name(), "w", foreign))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("some other extractor")
                    .hasMessageContaining("CLIP image embedding of clip-tiny");
        }
    }

    @Test
    void providerWithoutProbeOptionSaysWhatItNeeds() {
        StageSettings settings = StageSettings.ofModelsDir(ClipGolden.fixturesDir()).withOption("model", ClipGolden.TINY);

        assertCreateFails(new ClipProbeProvider(), settings)
                .hasMessageContaining("option probe=FILE");
    }
}
