package io.phototriage.models.sam2;

import static io.phototriage.core.testing.JsonArrays.floats;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.stage.Mask;
import io.phototriage.core.testing.MaskImages;
import java.io.InputStream;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java resize kernels and the pointers' sine encoding against PyTorch ({@code F.interpolate} bilinear with and
 * without antialias, transformers' {@code get_1d_sine_pe}); values from {@code export.py golden-sam2} (kernels.json).
 * No natives.
 */
class Sam2ImagesTest {
    /** float32 arithmetic in a different order than PyTorch's kernels; inputs are ~N(0, 5). */
    private static final double RESIZE_TOLERANCE = 1e-5;
    /** sin/cos of float32 arguments: Java's double-precision functions vs PyTorch's float32 ones. */
    private static final double SINE_TOLERANCE = 1e-6;

    private static JsonNode kernels() throws Exception {
        try (InputStream in = Sam2GoldenParityTest.resource("kernels.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    static Stream<Integer> cases() throws Exception {
        return IntStream.range(0, kernels().get("resize").size()).boxed();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void resizeMatchesTorchInterpolate(int caseIndex) throws Exception {
        JsonNode c = kernels().get("resize").get(caseIndex);
        int sh = c.get("src_hw").get(0).asInt();
        int sw = c.get("src_hw").get(1).asInt();
        int dh = c.get("dst_hw").get(0).asInt();
        int dw = c.get("dst_hw").get(1).asInt();
        float[] src = floats(c.get("src"));
        float[] expected = floats(c.get("dst"));

        float[] actual = c.get("antialias").asBoolean() ? Sam2Images.bilinearAntialias(src, sw, sh, dw, dh)
                : Sam2Images.bilinear(src, sw, sh, dw, dh);

        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("%dx%d -> %dx%d antialias=%s, value %d", sw, sh, dw, dh,
                    c.get("antialias").asBoolean(), i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(RESIZE_TOLERANCE));
        }
    }

    @Test
    void sinePositionEncodingMatchesGet1dSinePe() throws Exception {
        JsonNode sine = kernels().get("sine_pe");
        int dim = sine.get("dim").asInt();
        for (int p = 0; p < sine.get("positions").size(); p++) {
            float[] actual = Sam2ClipTracker.sinePositionEncoding((float) sine.get("positions").get(p).asDouble(), dim);
            float[] expected = floats(sine.get("values").get(p));
            for (int i = 0; i < dim; i++) {
                assertThat((double) actual[i]).as("position %d, channel %d", p, i)
                        .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(SINE_TOLERANCE));
            }
        }
    }

    @Test
    void promptMaskIsResizedToTheModelSizeAndThresholdedAtHalf() {
        boolean[] values = new boolean[8 * 4];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                values[y * 8 + x] = true; // left half of an 8x4 frame
            }
        }
        float[] atModel = Sam2Images.maskAtModelSize(Mask.of(8, 4, values), 16);

        assertThat(atModel).hasSize(256);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                assertThat(atModel[y * 16 + x]).as("(%d,%d)", x, y).isEqualTo(x < 8 ? 1f : 0f);
            }
        }
    }

    @Test
    void frameMaskIsTheLogitsResizedToTheFrameAboveZero() {
        float[] logits = {-1f, 1f, 1f, -1f};
        Mask mask = Sam2Images.toFrameMask(logits, 2, 4, 2, 0f);

        // row 0 interpolates -1 -> 1 across x, row 1 1 -> -1; the crossing is at the centre (half-pixel centres:
        // x = 1 samples -0.5 or 0.5, x = 2 samples 0.5 or -0.5)
        assertThat(MaskImages.rows(mask)).containsExactly(
                "..##",
                "##..");
    }
}
