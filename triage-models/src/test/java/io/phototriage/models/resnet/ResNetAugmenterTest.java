package io.phototriage.models.resnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResNetAugmenterTest {
    @ParameterizedTest(name = "{0}x{1}, min scale {2}")
    @CsvSource({"341, 256, 0.25", "256, 341, 0.5", "256, 256, 1.0", "2000, 256, 0.25", "256, 2000, 1.0"})
    void cropBoxesStayInsideTheImageAndKeepTheMinimumArea(int w, int h, double minScale) {
        ResNetAugmenter augmenter = new ResNetAugmenter(224, minScale);
        Random random = new Random(1);
        for (int i = 0; i < 500; i++) {
            int[] box = augmenter.cropBox(w, h, random);
            assertThat(box[0]).isBetween(0, w - box[2]);
            assertThat(box[1]).isBetween(0, h - box[3]);
            assertThat(box[2]).isPositive();
            assertThat(box[3]).isPositive();
            double ratio = (double) box[2] / box[3];
            // Either a sampled crop (area >= minScale, within rounding) or the ratio-clamped centre fallback.
            boolean sampled = (double) box[2] * box[3] >= minScale * w * h * 0.98;
            boolean fallback = ratio >= 0.74 && ratio <= 1.34;
            assertThat(sampled || fallback).as("box %d,%d %dx%d", box[0], box[1], box[2], box[3]).isTrue();
        }
    }

    @Test
    void sameSeedGivesTheSameAugmentedImage() {
        BufferedImage image = gradient(341, 256);
        ResNetAugmenter augmenter = new ResNetAugmenter(224, 0.25);
        BufferedImage a = augmenter.augment(image, new Random(42));
        BufferedImage b = augmenter.augment(image, new Random(42));
        assertThat(a.getWidth()).isEqualTo(224);
        assertThat(a.getHeight()).isEqualTo(224);
        assertThat(pixels(a)).isEqualTo(pixels(b));
    }

    @Test
    void horizontalFlipMirrorsEachRow() {
        BufferedImage image = gradient(5, 2);
        BufferedImage flipped = ResNetAugmenter.flipHorizontally(image);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 5; x++) {
                assertThat(flipped.getRGB(x, y)).isEqualTo(image.getRGB(4 - x, y));
            }
        }
    }

    private static BufferedImage gradient(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, (x % 256) << 16 | (y % 256) << 8 | ((x * y) % 256));
            }
        }
        return image;
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
