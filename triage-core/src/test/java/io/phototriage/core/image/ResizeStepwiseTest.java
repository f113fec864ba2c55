package io.phototriage.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** {@link Resize#stepwiseBilinear} and the {@link Cutouts#thumbnail} built on it. */
class ResizeStepwiseTest {

    private static BufferedImage uniform(int width, int height, int argb, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, argb);
            }
        }
        return image;
    }

    @Test
    void stepwiseBilinearGivesExactlyTheSizeAndTypeAskedAndKeepsAUniformColour() {
        BufferedImage image = uniform(1000, 40, 0xff336699, BufferedImage.TYPE_INT_RGB);

        BufferedImage shrunk = Resize.stepwiseBilinear(image, 37, 3, BufferedImage.TYPE_INT_ARGB);
        BufferedImage grown = Resize.stepwiseBilinear(image, 1200, 90, BufferedImage.TYPE_INT_RGB);

        assertThat(shrunk.getWidth()).isEqualTo(37);
        assertThat(shrunk.getHeight()).isEqualTo(3);
        assertThat(shrunk.getType()).isEqualTo(BufferedImage.TYPE_INT_ARGB);
        assertThat(shrunk.getRGB(18, 1)).isEqualTo(0xff336699);
        assertThat(grown.getWidth()).isEqualTo(1200);
        assertThat(grown.getHeight()).isEqualTo(90);
        assertThat(grown.getRGB(600, 45)).isEqualTo(0xff336699);
    }

    @Test
    void stepwiseBilinearCopiesAlsoAtTheSameSizeAndRefusesAnEmptySize() {
        BufferedImage image = uniform(8, 6, 0x80ff0000, BufferedImage.TYPE_INT_ARGB);

        BufferedImage same = Resize.stepwiseBilinear(image, 8, 6, BufferedImage.TYPE_INT_ARGB);

        assertThat(same).isNotSameAs(image);
        assertThat(same.getRGB(3, 3)).isEqualTo(0x80ff0000);
        assertThatThrownBy(() -> Resize.stepwiseBilinear(image, 0, 6, BufferedImage.TYPE_INT_ARGB))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thumbnailNeverEnlargesAndKeepsTheAspect() {
        BufferedImage image = uniform(640, 480, 0xff00ff00, BufferedImage.TYPE_INT_RGB);

        BufferedImage thumb = Cutouts.thumbnail(image, 160);
        BufferedImage small = Cutouts.thumbnail(image, 4000);

        assertThat(thumb.getWidth()).isEqualTo(160);
        assertThat(thumb.getHeight()).isEqualTo(120);
        assertThat(thumb.getType()).isEqualTo(BufferedImage.TYPE_INT_ARGB);
        assertThat(small.getWidth()).isEqualTo(640);
        assertThat(small).isNotSameAs(image);
    }
}
