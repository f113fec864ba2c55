package io.phototriage.models.yolox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java resize against the numpy reimplementation of {@code cv2.resize(INTER_LINEAR)} in golden_yolox.py (which
 * was checked bit-exact against OpenCV) on a computed test pattern: up, down, mixed, exact 2x, 1x1 and thin shapes.
 */
class OpenCvLinearResizeTest {

    static Stream<JsonNode> cases() throws Exception {
        List<JsonNode> cases = new ArrayList<>();
        YoloxGoldenParityTest.golden("resize").get("cases").forEach(cases::add);
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void resizeIsBitIdenticalToTheOpenCvReference(JsonNode c) throws Exception {
        int w = c.get("src").get(0).asInt();
        int h = c.get("src").get(1).asInt();
        int dw = c.get("dst").get(0).asInt();
        int dh = c.get("dst").get(1).asInt();

        int[] out = OpenCvLinearResize.resize(pattern(w, h), w, h, dw, dh);

        byte[] bytes = new byte[out.length];
        for (int i = 0; i < out.length; i++) {
            bytes[i] = (byte) out[i];
        }
        int[] first = new int[Math.min(12, out.length)];
        System.arraycopy(out, 0, first, 0, first.length);
        List<Integer> expectedFirst = new ArrayList<>();
        c.get("first_pixels").forEach(v -> expectedFirst.add(v.asInt()));
        assertThat(first).containsExactly(expectedFirst.stream().mapToInt(Integer::intValue).toArray());
        assertThat(YoloxGoldenParityTest.sha256(bytes)).isEqualTo(c.get("sha256").asText());
    }

    /** The pattern golden_yolox.py uses: {@code (x*7 + y*13 + c*101 + x*y) % 256}, RGB interleaved. */
    private static int[] pattern(int w, int h) {
        int[] p = new int[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    p[3 * (y * w + x) + c] = (x * 7 + y * 13 + c * 101 + x * y) % 256;
                }
            }
        }
        return p;
    }
}
