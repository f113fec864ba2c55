package io.phototriage.models.clip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.Photo;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.testing.JsonArrays;
import io.phototriage.core.testing.NeedsNatives;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java CLIP path against the Python reference (CLIPTokenizer, CLIPImageProcessor, eager CLIPModel) on the tiny
 * random-weight fixture; golden files from {@code tools/export/export.py clip --tiny}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@NeedsNatives
class ClipGoldenParityTest {
    /**
     * TorchScript (libtorch 2.3.1) vs eager PyTorch 2.13 on the same inputs: float32 summation order only
     * (measured: 0 on the golden pixel_values, at most 4e-7 for text and for Java-made pixel_values).
     */
    private static final double EMBEDDING_TOLERANCE = 1e-5;

    private final JsonNode golden = ClipGolden.json();
    @AutoClose
    private ClipImageEncoder imageEncoder;
    @AutoClose
    private ClipTextEncoder textEncoder;

    @BeforeAll
    void load() throws Exception {
        ResolvedModel tiny = ModelStore.at(ClipGolden.fixturesDir()).resolve(ClipGolden.TINY);
        imageEncoder = ClipImageEncoder.load(tiny);
        textEncoder = ClipTextEncoder.load(tiny);
    }

    Stream<Arguments> prompts() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode t : golden.get("texts")) {
            out.add(Arguments.of(t.get("prompt").asText(), t));
        }
        assertThat(out).hasSizeGreaterThanOrEqualTo(5);
        return out.stream();
    }

    Stream<String> photos() {
        List<String> out = new ArrayList<>();
        golden.get("images").fieldNames().forEachRemaining(out::add);
        assertThat(out).hasSize(5);
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("prompts")
    void tokenIdsAndMaskEqualPythonClipTokenizer(String prompt, JsonNode expected) {
        ClipTokens tokens = textEncoder.tokenize(prompt);

        // Tolerance: none, ids and mask must be identical.
        assertThat(tokens.inputIds()).containsExactly(JsonArrays.longs(expected.get("input_ids")));
        assertThat(tokens.attentionMask()).containsExactly(JsonArrays.longs(expected.get("attention_mask")));
    }

    @Test
    void batchTokenisationEqualsOneByOne() {
        List<String> prompts = prompts().map(a -> (String) a.get()[0]).toList();

        List<ClipTokens> batch = textEncoder.tokenizeAll(prompts);

        assertThat(batch).containsExactlyElementsOf(prompts.stream().map(textEncoder::tokenize).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("prompts")
    void textEmbeddingEqualsPython(String prompt, JsonNode expected) throws Exception {
        float[] actual = textEncoder.embed(prompt);

        assertThat(ClipGolden.maxAbsDiff(actual, JsonArrays.floats(expected.get("text_embeds"))))
                .as("max abs diff of the text embedding of '%s'", prompt).isLessThan(EMBEDDING_TOLERANCE);
    }

    @Test
    void batchedTextEmbeddingsEqualPython() throws Exception {
        List<String> prompts = prompts().map(a -> (String) a.get()[0]).toList();

        List<float[]> actual = textEncoder.embedAll(prompts);

        for (int i = 0; i < prompts.size(); i++) {
            float[] expected = JsonArrays.floats(golden.get("texts").get(i).get("text_embeds"));
            assertThat(ClipGolden.maxAbsDiff(actual.get(i), expected)).as(prompts.get(i)).isLessThan(EMBEDDING_TOLERANCE);
        }
    }

    @ParameterizedTest
    @MethodSource("photos")
    void imageEmbeddingOfPythonPixelValuesEqualsPython(String photo) throws Exception {
        float[] pixelValues = ClipGolden.tensor("pixel_values_" + photo.replace(".jpg", "") + ".f32");

        float[] actual = imageEncoder.embedPixelValues(pixelValues, 1).get(0);

        float[] expected = JsonArrays.floats(golden.get("images").get(photo).get("image_embeds"));
        assertThat(ClipGolden.maxAbsDiff(actual, expected)).isLessThan(EMBEDDING_TOLERANCE);
    }

    @Test
    void imageEmbeddingsOfDecodedPhotosInOneBatchEqualPython() throws Exception {
        List<String> photos = new ArrayList<>();
        List<BufferedImage> images = new ArrayList<>();
        for (String photo : photos().toList()) {
            BufferedImage image = ImageIoPhotoDecoder.defaults().decode(Photo.of(ClipGolden.cocoImage(photo))).image();
            // Only where the decoder gives Pillow's pixels (see ClipPreprocessorGoldenTest).
            if (ClipGolden.rgbSha256(image).equals(golden.get("images").get(photo).get("decoded_rgb_sha256").asText())) {
                photos.add(photo);
                images.add(image);
            }
        }
        assertThat(photos).as("golden photos that decode to Pillow's pixels").hasSizeGreaterThanOrEqualTo(3);

        List<float[]> actual = imageEncoder.embedAll(images);

        for (int i = 0; i < photos.size(); i++) {
            float[] expected = JsonArrays.floats(golden.get("images").get(photos.get(i)).get("image_embeds"));
            assertThat(ClipGolden.maxAbsDiff(actual.get(i), expected)).as(photos.get(i)).isLessThan(EMBEDDING_TOLERANCE);
        }
    }
}
