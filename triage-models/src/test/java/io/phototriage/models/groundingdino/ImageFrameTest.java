package io.phototriage.models.groundingdino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ImageFrameTest {
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};
    /** The real export's frame: checkpoint resize rule, traced landscape 800x1333. */
    private static final GroundingDinoContract REAL = contract(800, 1333, 800, 1333);
    /** The tiny fixture's frame. */
    private static final GroundingDinoContract TINY = contract(256, 320, 256, 320);

    static GroundingDinoContract contract(int height, int width, int shortest, int longest) {
        return new GroundingDinoContract(height, width, shortest, longest, 1 / 255.0, MEAN, STD, 256, 0.35, "test", 0.5);
    }

    // Expected values printed by transformers 4.57.6's get_size_with_aspect_ratio((h, w), 800, 1333).
    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
    @CsvSource({
        "480, 640, 800, 1066",
        "640, 480, 1066, 800",
        "426, 640, 800, 1201",
        "640, 481, 1064, 800",
        "100, 2000, 67, 1333",
        "800, 800, 800, 800",
        "1333, 800, 1333, 800",
        "799, 1201, 800, 1202",
        "3000, 4000, 800, 1066",
        "1, 1, 800, 800",
        "427, 640, 800, 1199",
    })
    void sizeRuleEqualsTransformers(int height, int width, int expectedHeight, int expectedWidth) {
        assertThat(ImageFrame.sizeWithAspectRatio(height, width, 800, 1333)).containsExactly(expectedHeight, expectedWidth);
    }

    // Expected values from tools/export grounding_dino.resized_size (the rule, then fit into the traced frame).
    @ParameterizedTest(name = "{0}x{1} in 800x1333 -> {2}x{3}, in 256x320 -> {4}x{5}")
    @CsvSource({
        "480, 640, 800, 1066, 240, 320",
        "640, 480, 800, 600, 256, 192",
        "640, 481, 800, 601, 256, 192",
        "1333, 800, 800, 480, 256, 153",
        "100, 2000, 67, 1333, 16, 320",
        "427, 640, 800, 1199, 214, 320",
    })
    void photoThatOverflowsTheFrameIsFittedInsideIt(int height, int width, int realH, int realW, int tinyH, int tinyW) {
        ImageFrame real = ImageFrame.of(width, height, REAL);
        ImageFrame tiny = ImageFrame.of(width, height, TINY);
        assertThat(new int[] {real.resizedHeight(), real.resizedWidth()}).containsExactly(realH, realW);
        assertThat(new int[] {tiny.resizedHeight(), tiny.resizedWidth()}).containsExactly(tinyH, tinyW);
        assertThat(new int[] {real.frameHeight(), real.frameWidth()}).containsExactly(800, 1333);
    }

    @Test
    void paddingIsZeroAndMaskedOut() {
        BufferedImage white = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = white.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 64, 48);
        g.dispose();
        ImageFrame frame = ImageFrame.of(64, 48, TINY);
        assertThat(new int[] {frame.resizedHeight(), frame.resizedWidth()}).containsExactly(240, 320);

        float[] pixels = frame.pixelValues(white, TINY);
        long[] mask = frame.pixelMask();
        int plane = 256 * 320;
        float whiteRed = ((float) (255 * (1 / 255.0)) - MEAN[0]) / STD[0];
        assertThat(pixels[0]).isEqualTo(whiteRed);
        assertThat(pixels[239 * 320 + 319]).isEqualTo(whiteRed);
        assertThat(pixels[240 * 320]).isZero();
        assertThat(pixels[2 * plane + 255 * 320 + 319]).isZero();
        assertThat(mask[239 * 320 + 319]).isEqualTo(1L);
        assertThat(mask[240 * 320]).isZero();
        assertThat(java.util.Arrays.stream(mask).sum()).isEqualTo(240L * 320);
    }

    @Test
    void imageOfAnotherSizeThanTheFrameWasMadeForIsRejected() {
        ImageFrame frame = ImageFrame.of(64, 48, TINY);
        assertThatThrownBy(() -> frame.pixelValues(new BufferedImage(48, 64, BufferedImage.TYPE_INT_RGB), TINY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("48x64");
    }
}
