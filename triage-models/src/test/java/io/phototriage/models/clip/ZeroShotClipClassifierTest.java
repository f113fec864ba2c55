package io.phototriage.models.clip;

import static io.phototriage.core.testing.ProviderAssertions.assertCreateFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Classification;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.TriageClass;
import io.phototriage.core.testing.JsonArrays;
import io.phototriage.core.testing.NeedsNatives;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The zero-shot classifier on the tiny random-weight CLIP (its answers are meaningless; its arithmetic is not). */
class ZeroShotClipClassifierTest {
    private static final StageSettings TINY = StageSettings.ofModelsDir(ClipGolden.fixturesDir()).withOption("model", ClipGolden.TINY);

    private static List<DecodedPhoto> goldenPhotos() throws Exception {
        List<DecodedPhoto> photos = new ArrayList<>();
        for (String name : List.of("000000000009.jpg", "000000000025.jpg", "000000000030.jpg", "000000000034.jpg", "000000000036.jpg")) {
            photos.add(ImageIoPhotoDecoder.defaults().decode(Photo.of(ClipGolden.cocoImage(name))));
        }
        return photos;
    }

    @Test
    @NeedsNatives
    void providerIsFoundByNameOnTheClassPathAndDescribesItsModel() throws Exception {
        try (Classifier classifier = StageRegistry.load().create(Classifier.class, "clip-zero-shot", TINY)) {
            assertThat(classifier).isInstanceOf(ZeroShotClipClassifier.class);
            assertThat(classifier.name()).isEqualTo("clip-zero-shot");
            assertThat(classifier.model().name()).isEqualTo("clip-tiny");
            assertThat(classifier.model().weights()).startsWith("clip-tiny@").hasSize("clip-tiny@".length() + 12);
            assertThat(classifier.model().engine()).isEqualTo("PyTorch");
        }
    }

    @Test
    @NeedsNatives
    void probabilitiesCoverEveryClassAndSumToOne() throws Exception {
        try (Classifier classifier = StageRegistry.load().create(Classifier.class, "clip-zero-shot", TINY)) {
            for (DecodedPhoto photo : goldenPhotos()) {
                Classification c = classifier.apply(photo);

                assertThat(c.probabilities()).containsOnlyKeys(TriageClass.values());
                assertThat(c.probabilities().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
                assertThat(c.probabilities().values()).allSatisfy(p -> assertThat(p).isBetween(0.0, 1.0));
                assertThat(c.confidence()).isEqualTo(c.probabilities().get(c.label()));
            }
        }
    }

    @Test
    @NeedsNatives
    void resultsAreDeterministicAndBatchingDoesNotChangeThem() throws Exception {
        List<DecodedPhoto> photos = goldenPhotos();
        try (Classifier first = StageRegistry.load().create(Classifier.class, "clip-zero-shot", TINY);
                Classifier second = StageRegistry.load().create(Classifier.class, "clip-zero-shot", TINY)) {
            List<Classification> batched = first.applyAll(photos);
            for (int i = 0; i < photos.size(); i++) {
                Classification again = first.apply(photos.get(i));
                Classification fresh = second.apply(photos.get(i));
                for (TriageClass c : TriageClass.values()) {
                    assertThat(again.probabilities().get(c)).isEqualTo(fresh.probabilities().get(c));
                    // Batched vs single: the same TorchScript graph, float32 reduction order may differ.
                    assertThat(batched.get(i).probabilities().get(c)).isCloseTo(fresh.probabilities().get(c), within(1e-5));
                }
            }
        }
    }

    @Test
    @NeedsNatives
    void classifyIsSoftmaxOfScaledCosineToEnsembledPrompts() throws Exception {
        try (ZeroShotClipClassifier classifier = (ZeroShotClipClassifier) new ClipZeroShotProvider().create(TINY);
                ClipTextEncoder text = ClipTextEncoder.load(
                        io.phototriage.core.model.ModelStore.at(ClipGolden.fixturesDir()).resolve(ClipGolden.TINY))) {
            float[] image = JsonArrays.floats(ClipGolden.json().get("images").get("000000000009.jpg").get("image_embeds"));
            Map<TriageClass, List<String>> prompts = ZeroShotClipClassifier.defaultPrompts();

            double[] logits = new double[3];
            for (TriageClass c : TriageClass.values()) {
                float[] classEmbedding = ZeroShotClipClassifier.ensemble(text.embedAll(prompts.get(c)));
                logits[c.ordinal()] = classifier.logitScale() * dot(ZeroShotClipClassifier.normalised(image), classEmbedding);
            }
            double z = Math.exp(logits[0]) + Math.exp(logits[1]) + Math.exp(logits[2]);

            Classification c = classifier.classify(image);
            for (TriageClass k : TriageClass.values()) {
                assertThat(c.probabilities().get(k)).isCloseTo(Math.exp(logits[k.ordinal()]) / z, within(1e-9));
            }
            assertThat(classifier.logitScale()).isCloseTo(ClipGolden.json().get("logit_scale").asDouble(), within(1e-9));
        }
    }

    @Test
    void ensembleIsMeanOfUnitVectorsRenormalised() {
        float[] e = ZeroShotClipClassifier.ensemble(List.of(new float[] {3, 0}, new float[] {0, 0.5f}));

        assertThat(e[0]).isCloseTo((float) Math.sqrt(0.5), within(1e-7f));
        assertThat(e[1]).isCloseTo((float) Math.sqrt(0.5), within(1e-7f));
    }

    @Test
    @NeedsNatives
    void promptsOptionReplacesThatClassesPrompts() throws Exception {
        StageSettings settings = TINY.withOption("prompts.pets", "a photo of a dog | a photo of a cat");
        try (ZeroShotClipClassifier custom = (ZeroShotClipClassifier) new ClipZeroShotProvider().create(settings);
                ZeroShotClipClassifier defaults = (ZeroShotClipClassifier) new ClipZeroShotProvider().create(TINY)) {
            float[] image = JsonArrays.floats(ClipGolden.json().get("images").get("000000000009.jpg").get("image_embeds"));

            assertThat(custom.classify(image).probabilities()).isNotEqualTo(defaults.classify(image).probabilities());
        }
    }

    @Test
    void missingModelFolderFailsWithHowToExport() {
        StageSettings settings = StageSettings.ofModelsDir(ClipGolden.fixturesDir()).withOption("model", "clip-vit-b32");

        assertCreateFails(new ClipZeroShotProvider(), settings)
                .hasMessageContaining("clip-zero-shot")
                .hasMessageContaining("clip-vit-b32")
                .hasMessageContaining("tools/export");
    }

    @Test
    void aClassWithoutPromptsIsRejected() throws Exception {
        Map<TriageClass, List<String>> prompts = new EnumMap<>(ZeroShotClipClassifier.defaultPrompts());
        prompts.put(TriageClass.NEITHER, List.of());

        assertThatThrownBy(() -> ZeroShotClipClassifier.create(
                io.phototriage.core.model.ModelStore.at(ClipGolden.fixturesDir()).resolve(ClipGolden.TINY), prompts))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neither");
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
