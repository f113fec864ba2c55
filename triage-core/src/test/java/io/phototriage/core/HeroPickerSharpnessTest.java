package io.phototriage.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The hero rule's sharpness: the lattice read gives exactly the value of the per-pixel formula it replaced (#13). */
class HeroPickerSharpnessTest {
    /** The formula as first written: five {@code getRGB} calls per sample. */
    private static double perPixel(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (w < 3 || h < 3) {
            return 0;
        }
        int step = Math.max(1, Math.max(w, h) / 512);
        double sum = 0;
        double sumSq = 0;
        long n = 0;
        for (int y = step; y + step < h; y += step) {
            for (int x = step; x + step < w; x += step) {
                double lap = luma(image, x - step, y) + luma(image, x + step, y) + luma(image, x, y - step)
                        + luma(image, x, y + step) - 4 * luma(image, x, y);
                sum += lap;
                sumSq += lap * lap;
                n++;
            }
        }
        if (n == 0) {
            return 0;
        }
        double mean = sum / n;
        return sumSq / n - mean * mean;
    }

    private static double luma(BufferedImage image, int x, int y) {
        int rgb = image.getRGB(x, y);
        return 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
    }

    @ParameterizedTest(name = "type {0}, {1}x{2}")
    @CsvSource({"1, 64, 48", "5, 64, 48", "2, 33, 70", "1, 1100, 700", "1, 1600, 37", "1, 3, 3", "1, 2, 9", "5, 1537, 1025"})
    void latticeReadEqualsThePerPixelFormulaExactly(int type, int w, int h) {
        BufferedImage image = new BufferedImage(w, h, type);
        Random random = new Random(w * 31L + h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // smooth gradient plus noise, so the variance is neither 0 nor dominated by one pixel
                int v = (x * 255 / Math.max(1, w - 1) + random.nextInt(24)) & 0xff;
                image.setRGB(x, y, (v << 16) | (((v + y) & 0xff) << 8) | random.nextInt(256));
            }
        }
        double expected = perPixel(image);
        assertThat(HeroPicker.laplacianVariance(image)).isEqualTo(expected);
        if (w > 3 && h > 3) {
            assertThat(expected).isPositive();
        }
    }
}
