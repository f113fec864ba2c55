package io.phototriage.models.lite;

import static org.assertj.core.api.Assertions.assertThat;

import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Mask;
import io.phototriage.core.stage.Segmentation;
import io.phototriage.models.lite.SubjectMasks.PixelRange;
import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SubjectMasksTest {
    @ParameterizedTest(name = "{0},{1},{2},{3} -> {4},{5},{6},{7}")
    @CsvSource({
        "10, 20, 30, 40, 10, 20, 30, 40",
        "10.5, 20.2, 30.1, 39.9, 10, 20, 31, 40",
        "-5, -5, 700, 500, 0, 0, 640, 480",
        "650, 10, 700, 20, 640, 10, 640, 20",
    })
    void pixelRangeCoversEveryPixelTheBoxTouchesInsideTheImage(double x0, double y0, double x1, double y1, int ex0,
            int ey0, int ex1, int ey1) {
        assertThat(PixelRange.of(new BoundingBox(x0, y0, x1, y1), 640, 480)).isEqualTo(new PixelRange(ex0, ey0, ex1, ey1));
    }

    @Test
    void featherFadesTheRimOfTheMaskAndLeavesItsCoreAndOutsideAlone() {
        BufferedImage image = new BufferedImage(30, 30, BufferedImage.TYPE_INT_RGB);
        boolean[] values = new boolean[30 * 30];
        for (int y = 5; y < 25; y++) {
            for (int x = 5; x < 25; x++) {
                values[y * 30 + x] = true;
            }
        }
        Mask mask = Mask.of(30, 30, values);

        Segmentation hard = SubjectMasks.segmentation(image, mask, 0.5, CutoutOptions.defaults());
        Segmentation soft = SubjectMasks.segmentation(image, mask, 0.5, new CutoutOptions(10, 2));

        assertThat(hard.cutout().getRGB(0, 0) >>> 24).isEqualTo(255);
        // corner pixel of the 20x20 square: 3x3 of its 5x5 neighbourhood is mask -> 9/25 of 255
        assertThat(soft.cutout().getRGB(0, 0) >>> 24).isEqualTo(Math.round(255 * 9 / 25f));
        // edge middle: 3x5 of 5x5
        assertThat(soft.cutout().getRGB(10, 0) >>> 24).isEqualTo(Math.round(255 * 15 / 25f));
        assertThat(soft.cutout().getRGB(10, 10) >>> 24).isEqualTo(255);
        assertThat(soft.thumbnail().getWidth()).isEqualTo(10);
        assertThat(soft.score()).isEqualTo(0.5);
    }
}
