package io.phototriage.models.mobilenet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.testing.NeedsNatives;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@NeedsNatives
class MobileNetFeaturesTest {
    private static final Path SHARED = Path.of(System.getProperty("phototriage.shared"));
    @AutoClose
    private static MobileNetFeatures features;

    @BeforeAll
    static void load() throws StageException {
        features = MobileNetFeatures.load(SHARED.resolve("models"));
    }

    /** The image of tools/export/phototriage_export/golden_mobilenet.py synthetic_rgb(224). */
    private static BufferedImage synthetic() {
        BufferedImage image = new BufferedImage(224, 224, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 224; y++) {
            for (int x = 0; x < 224; x++) {
                int r = (7 * x + 3 * y) % 256;
                int g = (x * y) % 256;
                int b = Math.floorMod(255 - 2 * x + y, 256);
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    private static JsonNode golden() throws Exception {
        try (InputStream in = MobileNetFeaturesTest.class.getResourceAsStream("/golden/mobilenet/synthetic_logits.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void logitsMatchPythonOnnxRuntimeOnTheSyntheticGoldenImage() throws Exception {
        JsonNode golden = golden();
        float[] logits = features.logits(synthetic());
        assertThat(logits).hasSize(MobileNetFeatures.CLASSES);
        double worst = 0;
        for (int i = 0; i < logits.length; i++) {
            worst = Math.max(worst, Math.abs(logits[i] - golden.get("logits").get(i).asDouble()));
        }
        // Tolerance 1e-3 absolute on logits of magnitude up to ~15: DJL bundles onnxruntime 1.18, the golden file was
        // made with the Python onnxruntime named in it; both run the same float graph after DequantizeLinear.
        assertThat(worst).isLessThan(1e-3);
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        assertThat(best).isEqualTo(golden.get("top5").get(0).asInt());
    }

    @Test
    void pooledLogProbabilitiesMatchTheNumpyReference() throws Exception {
        JsonNode golden = golden();
        float[] f = MobileNetFeatures.features(features.logits(synthetic()));
        for (int g = 0; g < 3; g++) {
            // Same 1e-3 as the logits it is computed from (a log-softmax moves at most by twice the largest logit change).
            assertThat((double) f[MobileNetFeatures.CLASSES + g]).isCloseTo(golden.get("pooled_log_probs").get(g).asDouble(), within(2e-3));
        }
    }

    @ParameterizedTest(name = "{0} is a {1}")
    @CsvSource({
        // coco128 photos whose only dog/cat annotations are one kind (see the data set's annotations.json)
        "000000000599.jpg, cat",
        "000000000650.jpg, cat",
        "000000000042.jpg, dog",
    })
    void realPetPhotosPutMostPetMassOnTheirSpecies(String file, String species) throws Exception {
        DecodedPhoto photo = ImageIoPhotoDecoder.defaults().decode(Photo.of(SHARED.resolve("data/coco128/images").resolve(file)));
        float[] f = features.extract(photo);
        assertThat(f).hasSize(MobileNetFeatures.DIMENSION);
        float logDog = f[MobileNetFeatures.CLASSES];
        float logCat = f[MobileNetFeatures.CLASSES + 1];
        if (species.equals("cat")) {
            assertThat(logCat).isGreaterThan(logDog);
        } else {
            assertThat(logDog).isGreaterThan(logCat);
        }
        assertThat(Math.max(logDog, logCat)).isGreaterThan((float) Math.log(0.2));
    }

    @Test
    void aPhotoWithoutAnimalsHasLittlePetMass() throws Exception {
        // 000000000009.jpg: bowls of food (triage class neither)
        DecodedPhoto photo = ImageIoPhotoDecoder.defaults().decode(Photo.of(SHARED.resolve("data/coco128/images/000000000009.jpg")));
        float[] f = features.extract(photo);
        assertThat(f[MobileNetFeatures.CLASSES + 2]).isGreaterThan((float) Math.log(0.95));
    }

    @Test
    void idNamesTheModelAndItsWeights() {
        assertThat(features.id()).isEqualTo("mobilenet-v2@9a2028197f94");
        assertThat(features.dimension()).isEqualTo(1004);
    }

    @Test
    void pooledFeaturesOfUniformLogitsAreTheGroupSizes() {
        float[] f = MobileNetFeatures.features(new float[MobileNetFeatures.CLASSES]);
        // 118 dog classes (152..269), 5 cats (282..286), 878 others out of 1001.
        assertThat((double) f[1001]).isCloseTo(Math.log(118.0 / 1001), within(1e-6));
        assertThat((double) f[1002]).isCloseTo(Math.log(5.0 / 1001), within(1e-6));
        assertThat((double) f[1003]).isCloseTo(Math.log(878.0 / 1001), within(1e-6));
    }

    @Test
    void pooledFeaturesStayFiniteWhenAGroupVanishes() {
        float[] logits = new float[MobileNetFeatures.CLASSES];
        logits[500] = 1000;
        float[] f = MobileNetFeatures.features(logits);
        assertThat(f[1001]).isEqualTo((float) Math.log(1e-30));
        assertThat(f[1003]).isEqualTo(0f);
    }

    @Test
    void resizeSquashesTheWholePhotoAndLeavesA224ImageAlone() {
        BufferedImage wide = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        BufferedImage r = MobileNetFeatures.resize(wide, 224, 224);
        assertThat(r.getWidth()).isEqualTo(224);
        assertThat(r.getHeight()).isEqualTo(224);
        BufferedImage exact = synthetic();
        assertThat(MobileNetFeatures.resize(exact, 224, 224)).isSameAs(exact);
        BufferedImage tiny = MobileNetFeatures.resize(new BufferedImage(50, 30, BufferedImage.TYPE_INT_RGB), 224, 224);
        assertThat(tiny.getWidth()).isEqualTo(224);
    }

    @Test
    void aMissingModelFolderSaysWhereItLookedAndWhatToDo(@TempDir Path empty) {
        assertThatThrownBy(() -> MobileNetFeatures.load(empty))
                .isInstanceOf(StageException.class)
                .hasMessageContaining("mobilenet-v2")
                .hasMessageContaining(empty.toAbsolutePath().toString())
                .hasMessageContaining("io.phototriage:triage-models-lite");
    }

    @Test
    void aCorruptModelFileIsRejectedBeforeLoading(@TempDir Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolve("mobilenet-v2"));
        Files.writeString(dir.resolve("mobilenet_v2_1.0_224_quant.onnx"), "not a model");
        assertThatThrownBy(() -> MobileNetFeatures.load(root))
                .isInstanceOf(StageException.class)
                .hasMessageContaining("corrupt or a different version");
    }
}
