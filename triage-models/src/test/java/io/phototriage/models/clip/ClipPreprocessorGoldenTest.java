package io.phototriage.models.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.Photo;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.model.ModelStore;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ClipPreprocessor} against {@code CLIPImageProcessor}'s {@code pixel_values} (golden files from
 * {@code tools/export/export.py clip --tiny}). Pure Java: runs with native tests switched off.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClipPreprocessorGoldenTest {
    /**
     * Java pre-processing vs CLIPImageProcessor. The resize is Pillow-exact, so only float32 rounding of
     * rescale/normalise remains (measured: 4.8e-7, 2 ulps at the largest values, about 2.1).
     */
    private static final double PIXEL_TOLERANCE = 1e-6;

    private final JsonNode golden = ClipGolden.json();
    private final ClipPreprocessor preprocessor;

    ClipPreprocessorGoldenTest() throws Exception {
        preprocessor = new ClipPreprocessor(ClipContract.of(
                ModelStore.at(ClipGolden.fixturesDir()).resolve(ClipGolden.TINY).manifest()));
    }

    Stream<String> photos() {
        List<String> out = new ArrayList<>();
        golden.get("images").fieldNames().forEachRemaining(out::add);
        assertThat(out).hasSize(5);
        return out.stream();
    }

    /**
     * Pillow ignores an embedded ICC profile; a colour-managing JPEG reader converts non-sRGB profiles to sRGB and so
     * starts from other pixels. Pre-processing parity is only defined on the same decoded pixels, so a photo whose
     * decoded RGB differs from Pillow's is reported as skipped (a decoder matter), never compared with a looser bound.
     */
    private static BufferedImage decodedAsPillowDoes(String photo, JsonNode expected) throws Exception {
        BufferedImage image = ImageIoPhotoDecoder.defaults().decode(Photo.of(ClipGolden.cocoImage(photo))).image();
        assumeThat(ClipGolden.rgbSha256(image))
                .as("%s decodes to Pillow's pixels (icc_profile=%s)", photo, expected.get("icc_profile").asBoolean())
                .isEqualTo(expected.get("decoded_rgb_sha256").asText());
        return image;
    }

    @Test
    void mostGoldenPhotosDecodeToPillowsPixels() throws Exception {
        long same = 0;
        for (String photo : photos().toList()) {
            BufferedImage image = ImageIoPhotoDecoder.defaults().decode(Photo.of(ClipGolden.cocoImage(photo))).image();
            if (ClipGolden.rgbSha256(image).equals(golden.get("images").get(photo).get("decoded_rgb_sha256").asText())) {
                same++;
            }
        }
        // Keeps the pixel parity tests below from being skipped wholesale.
        assertThat(same).isGreaterThanOrEqualTo(3);
    }

    @ParameterizedTest
    @MethodSource("photos")
    void pixelValuesEqualClipImageProcessor(String photo) throws Exception {
        BufferedImage image = decodedAsPillowDoes(photo, golden.get("images").get(photo));

        float[] actual = preprocessor.pixelValues(image);

        float[] expected = ClipGolden.tensor("pixel_values_" + photo.replace(".jpg", "") + ".f32");
        assertThat(ClipGolden.maxAbsDiff(actual, expected)).as("max abs diff of pixel_values of %s", photo)
                .isLessThan(PIXEL_TOLERANCE);
    }
}
