package io.phototriage.models.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.eval.TrainingSplit;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.stage.TriageClass;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.models.mobilenet.MobileNetFeatures;
import io.phototriage.models.probe.ProbeTrainer.LabeledPhoto;
import io.phototriage.models.probe.ProbeTrainer.Split;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProbeTrainerTest {
    private static final Path SHARED = Path.of(System.getProperty("phototriage.shared"));
    private static final Path COCO128 = SHARED.resolve("data/coco128");

    private static List<LabeledPhoto> photos(int people, int pets, int neither) {
        List<LabeledPhoto> list = new ArrayList<>();
        int[] counts = {people, pets, neither};
        for (TriageClass c : TriageClass.values()) {
            for (int i = 0; i < counts[c.ordinal()]; i++) {
                list.add(new LabeledPhoto(Path.of(c.label() + "-" + i + ".jpg"), c));
            }
        }
        return list;
    }

    @Test
    void readsCoco128WithItsTriageClasses() throws IOException {
        List<LabeledPhoto> photos = ProbeTrainer.readCoco(COCO128);
        assertThat(photos).hasSize(128);
        // Counts from ../shared/data/coco128/README.md.
        assertThat(ProbeTrainer.counts(photos)).isEqualTo(Map.of(TriageClass.PEOPLE, 61, TriageClass.PETS, 10, TriageClass.NEITHER, 57));
        assertThat(photos.get(0).path().getFileName().toString()).isEqualTo("000000000009.jpg");
        assertThat(photos.get(0).label()).isEqualTo(TriageClass.NEITHER);
    }

    @Test
    void aCocoImageWithoutATriageClassIsNamed(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("images"));
        Files.writeString(dir.resolve("annotations.json"), "{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\", \"width\": 4, \"height\": 3}],"
                + " \"categories\": [], \"annotations\": []}");
        assertThatThrownBy(() -> ProbeTrainer.readCoco(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("image a.jpg has no \"triage_class\"");
    }

    @Test
    void aCocoImageFileThatIsMissingIsNamed(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("images"));
        Files.writeString(dir.resolve("annotations.json"),
                "{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\", \"width\": 4, \"height\": 3, \"triage_class\": \"pets\"}],"
                + " \"categories\": [], \"annotations\": []}");
        assertThatThrownBy(() -> ProbeTrainer.readCoco(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("lists a.jpg but")
                .hasMessageContaining("does not exist");
    }

    @Test
    void stratifiedSplitHoldsOutTheFractionOfEachClass() {
        Split split = ProbeTrainer.split(photos(61, 10, 57), 0.3, 42);
        assertThat(ProbeTrainer.counts(split.test())).isEqualTo(Map.of(TriageClass.PEOPLE, 18, TriageClass.PETS, 3, TriageClass.NEITHER, 17));
        assertThat(ProbeTrainer.counts(split.train())).isEqualTo(Map.of(TriageClass.PEOPLE, 43, TriageClass.PETS, 7, TriageClass.NEITHER, 40));
        Set<LabeledPhoto> all = new HashSet<>(split.train());
        all.addAll(split.test());
        assertThat(all).hasSize(128);
    }

    @Test
    void theSplitDependsOnlyOnThePhotosAndTheSeed() {
        List<LabeledPhoto> photos = photos(20, 20, 20);
        List<LabeledPhoto> reversed = new ArrayList<>(photos);
        java.util.Collections.reverse(reversed);
        assertThat(ProbeTrainer.split(reversed, 0.3, 7)).isEqualTo(ProbeTrainer.split(photos, 0.3, 7));
        assertThat(ProbeTrainer.split(photos, 0.3, 8).test()).isNotEqualTo(ProbeTrainer.split(photos, 0.3, 7).test());
    }

    @ParameterizedTest(name = "{0} photos of a class: {1} held out")
    @CsvSource({"2, 0", "3, 1", "4, 1", "10, 3"})
    void aSmallClassKeepsAtLeastTwoPhotosToTrainOn(int n, int heldOut) {
        Split split = ProbeTrainer.split(photos(10, n, 10), 0.3, 1);
        assertThat(ProbeTrainer.counts(split.test()).get(TriageClass.PETS)).isEqualTo(heldOut);
    }

    /** Solid-colour photos with noise: people red, pets green, neither blue. */
    private static Path colourTree(Path root, int perClass) throws IOException {
        Random random = new Random(9);
        int[] base = {0xc03020, 0x30c020, 0x2030c0};
        for (TriageClass c : TriageClass.values()) {
            Path dir = Files.createDirectories(root.resolve(c.label()));
            for (int i = 0; i < perClass; i++) {
                BufferedImage image = new BufferedImage(16, 12, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 12; y++) {
                    for (int x = 0; x < 16; x++) {
                        int p = base[c.ordinal()];
                        int r = clamp(((p >> 16) & 0xff) + random.nextInt(81) - 40);
                        int g = clamp(((p >> 8) & 0xff) + random.nextInt(81) - 40);
                        int b = clamp((p & 0xff) + random.nextInt(81) - 40);
                        image.setRGB(x, y, (r << 16) | (g << 8) | b);
                    }
                }
                ImageIO.write(image, "png", dir.resolve(String.format("%02d.png", i)).toFile());
            }
        }
        Files.writeString(root.resolve("people/notes.txt"), "not an image");
        return root;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    @Test
    void readsAFolderPerClassTreeIgnoringNonImages(@TempDir Path dir) throws IOException {
        List<LabeledPhoto> photos = ProbeTrainer.readFolders(colourTree(dir, 4));
        assertThat(photos).hasSize(12);
        assertThat(photos).allSatisfy(p -> assertThat(p.path().getParent().getFileName().toString()).isEqualTo(p.label().label()));
    }

    @Test
    void trainsOnTheTrainingPartAndMeasuresOnTheHeldOutPart(@TempDir Path dir) throws IOException {
        List<LabeledPhoto> photos = ProbeTrainer.readFolders(colourTree(dir, 10));
        ProbeTrainer.Result result = ProbeTrainer.train(photos, "colours", FunctionFeatures.meanColour(), ImageIoPhotoDecoder.defaults(),
                ProbeConfig.defaults(), 0.3);
        assertThat(result.heldOut().orElseThrow().total()).isEqualTo(9);
        assertThat(result.heldOut().orElseThrow().accuracy()).isEqualTo(1.0);
        assertThat(result.predicted()).hasSize(9);
        assertThat(result.probe().provenance().featureExtractor()).isEqualTo("mean-colour");
        assertThat(result.probe().provenance().trainingSet()).startsWith("colours (stratified split, 21 train / 9 held out");
        assertThat(result.probe().training().examplesPerClass()).containsEntry(TriageClass.PETS, 7);
    }

    @Test
    void trainingOnEveryPhotoRecordsTheFolderNamesAndTheEstimateButSkipsItForTooFewPhotos(@TempDir Path dir) throws IOException {
        List<LabeledPhoto> photos = ProbeTrainer.readFolders(colourTree(dir, 10));
        ProbeTrainer.Result all = ProbeTrainer.train(photos, "colours", FunctionFeatures.meanColour(), ImageIoPhotoDecoder.defaults(),
                ProbeConfig.defaults().withLambda(0.01), 0, 2);

        assertThat(all.heldOut()).isEmpty();
        TrainingSplit split = all.probe().provenance().split().orElseThrow();
        assertThat(split.method()).isEqualTo(TrainingSplit.ALL);
        assertThat(split.train()).hasSize(30).contains("pets/00.png", "people/00.png");
        CrossValidationEstimate cv = all.probe().provenance().crossValidation().orElseThrow();
        assertThat(cv.repeats()).isEqualTo(2);
        assertThat(cv.accuracyMean()).as("mean colours separate the three colour classes").isEqualTo(1.0);

        List<LabeledPhoto> few = ProbeTrainer.readFolders(colourTree(dir.resolve("few"), 3));
        ProbeTrainer.Result small = ProbeTrainer.train(few, "few", FunctionFeatures.meanColour(), ImageIoPhotoDecoder.defaults(),
                ProbeConfig.defaults().withLambda(0.01), 0, 2);
        assertThat(small.probe().provenance().crossValidation()).as("3 photos per class cannot fill 5 folds").isEmpty();
    }

    @Test
    void anUndecodablePhotoIsNamed(@TempDir Path dir) throws IOException {
        Path root = colourTree(dir, 3);
        Files.writeString(root.resolve("pets/broken.jpg"), "not a jpeg");
        List<LabeledPhoto> photos = ProbeTrainer.readFolders(root);
        assertThatThrownBy(() -> ProbeTrainer.train(photos, "colours", FunctionFeatures.meanColour(), ImageIoPhotoDecoder.defaults(),
                ProbeConfig.defaults(), 0.3))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("broken.jpg");
    }

    /** 21 coco128 photos (the first 7 of each class by file name), linked into a folder tree. */
    @Test
    @NeedsNatives
    void trainsOnRealMobileNetFeaturesOfTwentyOnePhotos(@TempDir Path dir) throws Exception {
        List<LabeledPhoto> coco = ProbeTrainer.readCoco(COCO128);
        for (TriageClass c : TriageClass.values()) {
            Path classDir = Files.createDirectories(dir.resolve(c.label()));
            coco.stream().filter(p -> p.label() == c).limit(7).forEach(p -> link(classDir.resolve(p.path().getFileName()), p.path()));
        }
        List<LabeledPhoto> photos = ProbeTrainer.readFolders(dir);
        assertThat(photos).hasSize(21);
        try (LiteFeatures features = new LiteFeatures(MobileNetFeatures.load(SHARED.resolve("models")), FakeDetector.nothing())) {
            ProbeTrainer.Result result = ProbeTrainer.train(photos, "coco128-first-21", features, ImageIoPhotoDecoder.defaults(),
                    ProbeConfig.defaults(), 0.3);
            assertThat(result.probe().dimension()).isEqualTo(MobileNetFeatures.DIMENSION + 2);
            assertThat(result.probe().provenance().featureExtractor()).isEqualTo("mobilenet-v2@9a2028197f94 + detector fake-nothing@none");
            assertThat(result.heldOut().orElseThrow().total()).isEqualTo(6);
            // MobileNet knows dogs and cats: both held-out pet photos are recognised even with 5 training examples.
            assertThat(result.heldOut().orElseThrow().recall(TriageClass.PETS)).isEqualTo(1.0);
        }
    }

    private static void link(Path link, Path target) {
        try {
            Files.createSymbolicLink(link, target.toAbsolutePath());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
