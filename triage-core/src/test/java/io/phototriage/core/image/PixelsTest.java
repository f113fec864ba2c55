package io.phototriage.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fast pixel readers give exactly what {@link BufferedImage#getRGB} gives, whatever the image type. */
class PixelsTest {
    static BufferedImage random(int type, int w, int h, long seed) {
        BufferedImage image = new BufferedImage(w, h, type);
        Random random = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return image;
    }

    static int[] reference(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = image.getRGB(x, y) & 0xffffff;
            }
        }
        return out;
    }

    @ParameterizedTest(name = "type {0}, {1}x{2}")
    @CsvSource({"1, 37, 23", "2, 37, 23", "5, 31, 17", "10, 13, 9", "3, 8, 8", "1, 1, 1"})
    void packedRgbAndItsRowsEqualGetRgbForEveryImageType(int type, int w, int h) {
        BufferedImage image = random(type, w, h, 7 * type + w);
        assertThat(Pixels.packedRgb(image)).isEqualTo(reference(image));
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            Pixels.packedRgbRow(image, y, row);
            for (int x = 0; x < w; x++) {
                assertThat(row[x]).as("(%d, %d)", x, y).isEqualTo(image.getRGB(x, y) & 0xffffff);
            }
        }
    }

    @ParameterizedTest(name = "type {0}")
    @CsvSource({"1", "2", "5"})
    void aSubimageIsReadAtItsOwnOffset(int type) {
        BufferedImage parent = random(type, 40, 30, 11);
        BufferedImage sub = parent.getSubimage(5, 7, 21, 13);
        assertThat(Pixels.packedRgb(sub)).isEqualTo(reference(sub));
        int[] row = new int[21];
        Pixels.packedRgbRow(sub, 12, row);
        assertThat(row[20]).isEqualTo(parent.getRGB(25, 19) & 0xffffff);
    }

    @ParameterizedTest(name = "type {0}")
    @CsvSource({"1", "5"})
    void hwcAndChwFloatsComeFromTheSamePixels(int type) {
        BufferedImage image = random(type, 19, 11, 3);
        int[] rgb = reference(image);
        float[] hwc = Pixels.hwcRgb(image, 0.5f);
        float[] chw = Pixels.chw(image, Pixels.Order.BGR, 1f, new float[] {1, 2, 3}, new float[] {2, 4, 8});
        int plane = 19 * 11;
        for (int i = 0; i < plane; i++) {
            int r = (rgb[i] >> 16) & 0xff;
            int g = (rgb[i] >> 8) & 0xff;
            int b = rgb[i] & 0xff;
            assertThat(new float[] {hwc[3 * i], hwc[3 * i + 1], hwc[3 * i + 2]}).containsExactly(r * 0.5f, g * 0.5f, b * 0.5f);
            assertThat(new float[] {chw[i], chw[plane + i], chw[2 * plane + i]})
                    .containsExactly((b - 1f) / 2f, (g - 2f) / 4f, (r - 3f) / 8f);
        }
    }

    @Test
    void chwPaddedNormalisesLikeNumpyAndZeroesThePadding() {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xff8001);
        image.setRGB(1, 0, 0x00ff7f);
        double rescale = 1 / 255.0;
        float[] mean = {0.485f, 0.456f, 0.406f};
        float[] std = {0.229f, 0.224f, 0.225f};
        float[] out = Pixels.chwPadded(image, 3, 2, rescale, mean, std);
        int plane = 6;
        assertThat(out).hasSize(3 * plane);
        // numpy: (np.float32(v / 255.0) - mean) / std, all float32 after the rescale
        assertThat(out[0]).isEqualTo(((float) (255 / 255.0) - 0.485f) / 0.229f);
        assertThat(out[plane]).isEqualTo(((float) (128 / 255.0) - 0.456f) / 0.224f);
        assertThat(out[2 * plane + 1]).isEqualTo(((float) (127 / 255.0) - 0.406f) / 0.225f);
        for (int i : new int[] {2, 3, 4, 5}) {
            assertThat(new float[] {out[i], out[plane + i], out[2 * plane + i]}).containsOnly(0f);
        }
        assertThatThrownBy(() -> Pixels.chwPadded(image, 1, 2, rescale, mean, std))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("larger than the frame");
    }
}
