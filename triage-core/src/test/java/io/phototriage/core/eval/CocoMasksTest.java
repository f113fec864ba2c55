package io.phototriage.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.stage.Mask;
import io.phototriage.core.testing.MaskImages;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hand-sized cases; the expected strings were printed by pycocotools 2.0.11
 * ({@code mask.merge(mask.frPyObjects(polygons, h, w))}, {@code mask.frPyObjects(np.array([box]), h, w)},
 * {@code mask.encode}). The golden test covers all of coco128.
 */
class CocoMasksTest {

    static Stream<Arguments> polygons() {
        return Stream.of(
                Arguments.of("square", List.of(new double[] {1, 1, 1, 4, 4, 4, 4, 1}), 6, 5, "7330005", 9),
                Arguments.of("triangle", List.of(new double[] {0.5, 0.2, 7.3, 1.1, 2.2, 6.8}), 8, 9,
                        "8442ON1O1O1O`0", 20),
                Arguments.of("partly outside the image",
                        List.of(new double[] {-3.2, -1.5, 12.4, -1.0, 12.0, 3.3, -2.0, 4.1}), 7, 10,
                        "043000000000000000000", 40),
                Arguments.of("repeated point", List.of(new double[] {1, 1, 1, 1, 1, 5, 5, 5, 5, 1}), 7, 7,
                        "84300000=", 16),
                Arguments.of("two overlapping parts",
                        List.of(new double[] {0, 0, 0, 3, 3, 3, 3, 0}, new double[] {2, 2, 2, 5, 5, 5, 5, 2}), 6, 6,
                        "0330020N004", 17),
                Arguments.of("concave", List.of(new double[] {0, 0, 8, 0, 8, 8, 4, 3, 0, 8}), 9, 9,
                        "072O1O1O1001O1O18", 44));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("polygons")
    void polygonsRasteriseAsPycocotools(String name, List<double[]> polygons, int h, int w, String expected,
                                        long area) {
        CocoRle rle = CocoMasks.toRle(new CocoSegmentation.Polygons(polygons), h, w);

        assertThat(CocoMasks.toCompressedString(rle)).isEqualTo(expected);
        assertThat(rle.area()).isEqualTo(area);
    }

    static Stream<Arguments> boxes() {
        return Stream.of(
                Arguments.of(new CocoBox(2.3, 1.7, 4.4, 3.1), 8, 9, "b0350000000>", 15),
                Arguments.of(new CocoBox(-2, -2, 5, 5), 6, 6, "033000b0", 9),
                Arguments.of(new CocoBox(3, 3, 10, 10), 6, 7, "e03300000", 12));
    }

    @ParameterizedTest(name = "{0} in {2}x{1}")
    @MethodSource("boxes")
    void boxesRasteriseAsPycocotools(CocoBox box, int h, int w, String expected, long area) {
        CocoRle rle = CocoMasks.fromBox(box, h, w);

        assertThat(CocoMasks.toCompressedString(rle)).isEqualTo(expected);
        assertThat(rle.area()).isEqualTo(area);
    }

    static Stream<Arguments> strings() {
        return Stream.of(
                Arguments.of(7, 1, new int[] {2, 3, 1, 1}, "231N"),
                Arguments.of(7, 1, new int[] {0, 6, 1}, "061"),
                Arguments.of(1000, 2000, new int[] {5, 1999990, 3, 2}, "5fSQm13\\lnRN"),
                Arguments.of(100, 100, new int[] {0, 100, 9800, 1, 99}, "0T3Xb9mLk`F"));
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("strings")
    void compressedStringCodecMatchesPycocotools(int h, int w, int[] counts, String expected) {
        CocoRle rle = new CocoRle(h, w, counts);

        assertThat(CocoMasks.toCompressedString(rle)).isEqualTo(expected);
        assertThat(CocoMasks.fromCompressedString(expected, h, w)).isEqualTo(rle);
    }

    @Test
    void countsRunDownColumnsStartingWithBackground() {
        // 2 rows x 3 columns, column-major runs: 1 background, 2 foreground, 3 background.
        Mask mask = CocoMasks.decode(new CocoRle(2, 3, new int[] {1, 2, 3}));

        assertThat(MaskImages.rows(mask)).containsExactly(
                ".#.",
                "#..");
        assertThat(mask.area()).isEqualTo(2);
    }

    @Test
    void encodeStartsWithAZeroRunWhenTheFirstPixelIsForeground() {
        boolean[] values = {true, true, false, false, true, false};
        CocoRle rle = CocoMasks.encode(Mask.of(3, 2, values));

        // Columns top to bottom: (0,0)=1 (0,1)=0 | (1,0)=1 (1,1)=1 | (2,0)=0 (2,1)=0
        assertThat(rle.counts()).containsExactly(0, 1, 1, 2, 2);
        assertThat(CocoMasks.decode(rle)).isEqualTo(Mask.of(3, 2, values));
    }

    @Test
    void unionAndIntersectionAgreeWithPixelOperations() {
        CocoRle a = CocoMasks.fromBox(new CocoBox(0, 0, 4, 3), 6, 7);
        CocoRle b = CocoMasks.fromBox(new CocoBox(2, 1, 4, 4), 6, 7);
        boolean[] or = new boolean[42];
        boolean[] and = new boolean[42];
        Mask ma = CocoMasks.decode(a);
        Mask mb = CocoMasks.decode(b);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 7; x++) {
                or[y * 7 + x] = ma.get(x, y) || mb.get(x, y);
                and[y * 7 + x] = ma.get(x, y) && mb.get(x, y);
            }
        }

        assertThat(CocoMasks.decode(CocoMasks.union(List.of(a, b)))).isEqualTo(Mask.of(7, 6, or));
        assertThat(CocoMasks.decode(CocoMasks.intersection(List.of(a, b)))).isEqualTo(Mask.of(7, 6, and));
        assertThat(CocoMasks.iou(a, b)).isEqualTo(4.0 / 24); // 2x2 overlap of 12 and 16 pixels
    }

    @Test
    void rleOfAnotherSizeThanTheImageIsRejected() {
        CocoSegmentation rle = new CocoSegmentation.RunLength(new CocoRle(2, 3, new int[] {6}));

        assertThatThrownBy(() -> CocoMasks.toRle(rle, 3, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2x3").hasMessageContaining("3x2");
    }

    @Test
    void polygonWithFewerThanThreePointsIsRejected() {
        assertThatThrownBy(() -> CocoMasks.fromPolygon(new double[] {1, 1, 5, 5}, 8, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 3");
    }

    @Test
    void segmentationWithoutPolygonsIsRejected() {
        assertThatThrownBy(() -> CocoMasks.toRle(new CocoSegmentation.Polygons(List.of()), 8, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no polygon");
    }

    @Test
    void compressedStringWithACharacterOutsideTheAlphabetIsRejected() {
        assertThatThrownBy(() -> CocoMasks.fromCompressedString("23 1", 7, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("' '");
    }

    @Test
    void countsThatDoNotCoverTheMaskAreRejected() {
        assertThatThrownBy(() -> new CocoRle(7, 1, new int[] {2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum to 5");
    }

    @Test
    void rleIsImmutable() {
        int[] counts = {2, 3, 2};
        CocoRle rle = new CocoRle(7, 1, counts);
        counts[0] = 99;
        rle.counts()[1] = 99;

        assertThat(Arrays.stream(rle.counts()).boxed()).containsExactly(2, 3, 2);
    }
}
