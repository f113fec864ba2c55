package io.phototriage.models.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.models.lite.LiteTestData;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class PlanarResizeTest {
    private static final int W = 53;
    private static final int H = 37;

    static Stream<Arguments> pilCases() {
        return Stream.of(
                Arguments.of("resize-reduce.f32", 0.0, 0.0, (double) W, (double) H, 20, 11),
                Arguments.of("resize-enlarge.f32", 0.0, 0.0, (double) W, (double) H, 80, 61),
                Arguments.of("resize-box.f32", 3.25, 5.5, 40.75, 30.125, 16, 16));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pilCases")
    void matchesPilFloatResize(String golden, double x0, double y0, double x1, double y1, int outW, int outH) {
        float[] input = LiteTestData.goldenTensor("resize-input.f32");
        float[] expected = LiteTestData.goldenTensor(golden);

        float[] actual = PlanarResize.resize(input, 3, W, H, x0, y0, x1, y1, outW, outH);

        // Same algorithm and precision as PIL's "F" mode (double weights, float storage): only summation-order
        // rounding may differ, far below 1e-3 on values of 0..255.
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("value %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-3f));
        }
    }

    @Test
    void sameSizeIsIdentity() {
        float[] input = LiteTestData.goldenTensor("resize-input.f32");
        assertThat(PlanarResize.resize(input, 3, W, H, W, H)).containsExactly(input);
    }

    @Test
    void constantImageStaysConstant() {
        float[] input = new float[2 * 40 * 30];
        Arrays.fill(input, 77.5f);
        float[] out = PlanarResize.resize(input, 2, 40, 30, 1.5, 2.5, 33, 29, 7, 13);
        for (float v : out) {
            assertThat(v).isCloseTo(77.5f, org.assertj.core.data.Offset.offset(1e-4f));
        }
    }

    @Test
    void rejectsBoxOutsideImage() {
        assertThatThrownBy(() -> PlanarResize.resize(new float[12], 1, 4, 3, 0, 0, 5, 3, 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside 4x3");
    }
}
