package io.phototriage.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Resize} against PIL {@code Image.resize} outputs written by
 * {@code tools/export/export.py golden-resize} (phototriage_export/golden_resize.py).
 */
class ResizeGoldenTest {
    private static final String GOLDEN = "/golden/resize/";

    static Stream<Arguments> pillowCases() throws IOException {
        JsonNode root;
        try (InputStream in = ResizeGoldenTest.class.getResourceAsStream(GOLDEN + "cases.json")) {
            assertThat(in).as("golden/resize/cases.json on the test class path").isNotNull();
            root = new ObjectMapper().readTree(in);
        }
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            cases.add(Arguments.of(c.get("input").asText(), Resize.Filter.valueOf(c.get("filter").asText()),
                    c.get("width").asInt(), c.get("height").asInt(), c.get("output").asText()));
        }
        assertThat(cases).hasSizeGreaterThan(50);
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}x{3}")
    @MethodSource("pillowCases")
    void resizeEqualsPillowPixelForPixel(String input, Resize.Filter filter, int width, int height, String output)
            throws IOException {
        BufferedImage source = read(input);
        BufferedImage expected = read(output);

        BufferedImage actual = Resize.resize(source, width, height, filter);

        assertThat(actual.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(actual.getWidth()).isEqualTo(width);
        assertThat(actual.getHeight()).isEqualTo(height);
        // Tolerance: none. Every channel of every pixel must equal Pillow's (max abs diff 0).
        int mismatches = 0;
        String first = null;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int a = actual.getRGB(x, y) & 0xffffff;
                int e = expected.getRGB(x, y) & 0xffffff;
                if (a != e) {
                    mismatches++;
                    if (first == null) {
                        first = String.format("(%d,%d) java %06x pillow %06x", x, y, a, e);
                    }
                }
            }
        }
        assertThat(mismatches).as("pixels that differ from Pillow, first at %s", first).isZero();
    }

    @Test
    void sameSizeGivesAnEqualCopy() throws IOException {
        BufferedImage source = read("noise.png");
        BufferedImage copy = Resize.resize(source, source.getWidth(), source.getHeight(), Resize.Filter.BICUBIC);
        assertThat(copy).isNotSameAs(source);
        for (int y = 0; y < source.getHeight(); y++) {
            for (int x = 0; x < source.getWidth(); x++) {
                assertThat(copy.getRGB(x, y)).isEqualTo(source.getRGB(x, y));
            }
        }
    }

    @Test
    void rejectsNonPositiveSizeAndAlpha() {
        BufferedImage rgb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        assertThatThrownBy(() -> Resize.resize(rgb, 0, 3, Resize.Filter.BILINEAR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x3");
        BufferedImage argb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        assertThatThrownBy(() -> Resize.resize(argb, 2, 2, Resize.Filter.BILINEAR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alpha");
    }

    private static BufferedImage read(String name) throws IOException {
        try (InputStream in = ResizeGoldenTest.class.getResourceAsStream(GOLDEN + name)) {
            assertThat(in).as("golden/resize/%s on the test class path", name).isNotNull();
            BufferedImage image = ImageIO.read(in);
            assertThat(image).as("decodable PNG %s", name).isNotNull();
            return image;
        }
    }
}
