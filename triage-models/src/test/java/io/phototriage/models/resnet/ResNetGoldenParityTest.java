package io.phototriage.models.resnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.Photo;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.core.testing.SharedData;
import java.awt.image.BufferedImage;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Java pre-processing and the tiny TorchScript backbone (run by DJL's libtorch) against the golden files of
 * {@code tools/export/export.py resnet --tiny}: the Hugging Face processor's pixel_values and torch's features.
 * Photos are decoded with the production decoder, byte-identical to PIL's decode (proven in triage-core), so that only
 * pre-processing and model are compared.
 */
@NeedsNatives
class ResNetGoldenParityTest {
    /**
     * The crop is Pillow-exact ({@code Resize}); the only difference is float32 rounding of {@code v / 255}
     * (Java multiplies by the float 1/255, numpy by the double) and of the division by std: measured at most
     * 7.2e-7 (3 ulp of values up to 2.7).
     */
    private static final float PIXEL_TOLERANCE = 1e-6f;
    /**
     * Features of libtorch 2.3.1 (DJL) vs torch 2.13 (export) on identical input: bit-equal on the machine that made
     * the golden files; the margin allows other CPU kernels (AVX2 / AVX-512 convolution paths sum in other orders).
     * Relative to the feature's magnitude (up to ~11), floor 1.
     */
    private static final double FEATURE_RELATIVE_TOLERANCE = 1e-4;

    static Stream<String> goldenPhotos() throws Exception {
        JsonNode photos = ResNetTestData.goldenFeatures().get("photos");
        Stream.Builder<String> out = Stream.builder();
        photos.forEach(p -> out.add(p.asText()));
        return out.build();
    }

    @ParameterizedTest
    @MethodSource("goldenPhotos")
    void pixelValuesMatchHuggingFaceProcessor(String photo) throws Exception {
        BufferedImage image = ImageIoPhotoDecoder.defaults().decode(Photo.of(SharedData.coco128().resolve("images").resolve(photo))).image();
        float[] expected = ResNetTestData.goldenTensor(stem(photo) + ".pixel_values.f32");

        float[] actual = ResNetPreprocessor.of(ResNetTestData.tinyBackbone().manifest().contract()).pixelValues(image);

        assertThat(actual).hasSameSizeAs(expected);
        assertThat(maxAbsDiff(actual, expected)).isLessThanOrEqualTo(PIXEL_TOLERANCE);
    }

    @ParameterizedTest
    @MethodSource("goldenPhotos")
    void backboneFeaturesMatchTorch(String photo) throws Exception {
        JsonNode golden = ResNetTestData.goldenFeatures();
        int index = indexOf(golden.get("photos"), photo);
        JsonNode expected = golden.get("features").get(index);
        ResolvedModel backbone = ResNetTestData.tinyBackbone();
        float[] pixels = ResNetTestData.goldenTensor(stem(photo) + ".pixel_values.f32");

        float[] actual = ResNetTestData.features(backbone.file("backbone"), pixels);

        assertThat(actual).hasSize(golden.get("feature_dim").asInt());
        for (int i = 0; i < actual.length; i++) {
            double e = expected.get(i).asDouble();
            assertThat(Math.abs(actual[i] - e)).as("feature %d of %s", i, photo)
                    .isLessThanOrEqualTo(FEATURE_RELATIVE_TOLERANCE * Math.max(1, Math.abs(e)));
        }
    }

    private static int indexOf(JsonNode array, String value) {
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).asText().equals(value)) {
                return i;
            }
        }
        throw new IllegalArgumentException(value + " not in " + array);
    }

    private static String stem(String photo) {
        return photo.substring(0, photo.lastIndexOf('.'));
    }

    private static float maxAbsDiff(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
