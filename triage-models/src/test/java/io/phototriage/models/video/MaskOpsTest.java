package io.phototriage.models.video;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Dilation and connected components on hand-drawn 7x5 planes. */
class MaskOpsTest {
    private static boolean[] plane(String... rows) {
        boolean[] out = new boolean[rows.length * rows[0].length()];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < rows[y].length(); x++) {
                out[y * rows[0].length() + x] = rows[y].charAt(x) == '#';
            }
        }
        return out;
    }

    @Test
    void dilationGrowsBySquareOfTheRadiusAndStopsAtTheBorder() {
        boolean[] dot = plane(".......", ".......", "...#...", ".......", "#......");
        assertThat(MaskOps.dilate(dot, 7, 5, 1)).containsExactly(plane(
                ".......",
                "..###..",
                "..###..",
                "#####..",
                "##....."));
        assertThat(MaskOps.dilate(dot, 7, 5, 0)).containsExactly(dot);
    }

    @Test
    void keepsOnlyTheEightConnectedComponentsThatTouchTheAnchor() {
        boolean[] mask = plane(
                "##...#.",
                ".#...#.",
                "..#....",
                ".....##",
                ".....##");
        boolean[] anchor = plane(".......", ".......", "..#....", ".......", "......#");
        assertThat(MaskOps.componentsTouching(mask, anchor, 7, 5)).containsExactly(plane(
                "##.....",
                ".#.....",
                "..#....",
                ".....##",
                ".....##"));
    }

    @Test
    void boxOfAnEmptyMaskIsNullAndOtherwiseTight() {
        assertThat(MaskOps.box(new boolean[35], 7, 5)).isNull();
        var box = MaskOps.box(plane(".......", "..#....", ".......", "....#..", "......."), 7, 5);
        assertThat(box).isEqualTo(new io.phototriage.core.stage.BoundingBox(2, 1, 5, 4));
    }

    @Test
    void shiftMovesPixelsAndDropsWhatLeavesThePictureAndCentroidIsTheMeanPixel() {
        boolean[] m = plane(".......", ".##....", ".......", ".......", "......#");
        assertThat(MaskOps.shift(m, 7, 5, 1, 2)).containsExactly(plane(".......", ".......", ".......", "..##...", "......."));
        assertThat(MaskOps.centroid(m, 7)).containsExactly((1 + 2 + 6) / 3.0, (1 + 1 + 4) / 3.0);
        assertThat(MaskOps.centroid(new boolean[35], 7)).containsExactly(0, 0);
    }
}
