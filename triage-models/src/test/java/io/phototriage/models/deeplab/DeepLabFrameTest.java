package io.phototriage.models.deeplab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.phototriage.core.stage.BoundingBox;
import io.phototriage.models.lite.SubjectMasks.PixelRange;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DeepLab's pre/post-processing on canned tensors: no weights, no native engine. */
class DeepLabFrameTest {
    private static final int S = DeepLabFrame.SIZE;

    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
    @CsvSource({"640, 480, 513, 385", "481, 640, 386, 513", "513, 513, 513, 513", "100, 50, 513, 257", "4000, 10, 513, 1"})
    void longSideIsScaledTo513KeepingTheAspect(int w, int h, int sw, int sh) {
        DeepLabFrame frame = DeepLabFrame.of(w, h);
        assertThat(frame.scaledWidth()).isEqualTo(sw);
        assertThat(frame.scaledHeight()).isEqualTo(sh);
    }

    @Test
    void inputIsTopLeftAlignedRgbPaddedWithTheMeanPixel() {
        BufferedImage image = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 40; x++) {
                image.setRGB(x, y, 0x102030);
            }
        }
        DeepLabFrame frame = DeepLabFrame.of(40, 20);
        float[] input = frame.input(image);

        assertThat(input).hasSize(S * S * 3);
        assertThat(input[0]).isCloseTo(16f, within(1e-3f));
        assertThat(input[1]).isCloseTo(32f, within(1e-3f));
        assertThat(input[2]).isCloseTo(48f, within(1e-3f));
        int lastInside = ((frame.scaledHeight() - 1) * S + S - 1) * 3;
        assertThat(input[lastInside + 2]).isCloseTo(48f, within(1e-3f));
        int firstPadRow = frame.scaledHeight() * S * 3;
        assertThat(Arrays.copyOfRange(input, firstPadRow, input.length)).containsOnly(DeepLabFrame.PAD);
    }

    @Test
    void maskIsTheClassInsideTheBoxMappedByNearestNeighbour() {
        // A 1026x1026 photo maps 2:1 onto the 513 grid; the model labels a 10x10 block class 15 (person) and a
        // block to its right class 12 (dog).
        DeepLabFrame frame = DeepLabFrame.of(1026, 1026);
        long[] labels = new long[S * S];
        float[] logits = new float[21 * S * S];
        for (int y = 100; y < 110; y++) {
            for (int x = 100; x < 120; x++) {
                int cls = x < 110 ? 15 : 12;
                labels[y * S + x] = cls;
                logits[cls * S * S + y * S + x] = (float) Math.log(20); // p(cls) = 20 / (20 + 20) = 0.5
            }
        }
        PixelRange box = PixelRange.of(new BoundingBox(0, 0, 1026, 1026), 1026, 1026);

        DeepLabFrame.ClassMask person = frame.classMask(labels, logits, 21, 15, box);

        assertThat(person.mask().area()).isEqualTo(400);
        assertThat(person.mask().boundingBox()).contains(new BoundingBox(200, 200, 220, 220));
        assertThat(person.meanProbability()).isCloseTo(0.5, within(1e-6)); // log(20) rounded to float

        PixelRange leftHalf = PixelRange.of(new BoundingBox(0, 0, 210, 1026), 1026, 1026);
        assertThat(frame.classMask(labels, logits, 21, 15, leftHalf).mask().area()).isEqualTo(200);
        DeepLabFrame.ClassMask cat = frame.classMask(labels, logits, 21, 8, box);
        assertThat(cat.mask().area()).isZero();
        assertThat(cat.meanProbability()).isNaN();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"person, 15", "dog, 12", "cat, 8", "Person, 15", "motorcycle, 14", "tv, 20", "couch, 18", "giraffe, -1",
        "background, -1"})
    void labelsMapToPascalClassesByPascalOrCocoName(String label, int expected) {
        assertThat(PascalClasses.of(label).orElse(-1)).isEqualTo(expected);
    }
}
