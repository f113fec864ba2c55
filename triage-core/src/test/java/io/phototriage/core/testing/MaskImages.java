package io.phototriage.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Mask;
import io.phototriage.core.stage.Segmentation;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Masks as images: golden mask PNGs, and the cut-out a segmenter makes from a mask. Shared through the core test-jar. */
public final class MaskImages {
    private MaskImages() {}

    /**
     * The mask of an image's non-black pixels: a golden mask PNG is black outside the mask.
     *
     * @param png the decoded image
     * @return a mask of the image's size, true where the pixel's RGB is not 0
     */
    public static Mask nonBlack(BufferedImage png) {
        int w = png.getWidth();
        int h = png.getHeight();
        boolean[] values = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                values[y * w + x] = (png.getRGB(x, y) & 0xffffff) != 0;
            }
        }
        return Mask.of(w, h, values);
    }

    /**
     * A small mask as text, one string per row from the top, {@code #} where set and {@code .} where not: a whole
     * mask in one readable assertion, {@code assertThat(rows(mask)).containsExactly(".#.", "#..")}.
     *
     * @param mask the mask
     * @return {@code mask.height()} strings of {@code mask.width()} characters
     */
    public static List<String> rows(Mask mask) {
        List<String> rows = new ArrayList<>(mask.height());
        for (int y = 0; y < mask.height(); y++) {
            StringBuilder row = new StringBuilder(mask.width());
            for (int x = 0; x < mask.width(); x++) {
                row.append(mask.get(x, y) ? '#' : '.');
            }
            rows.add(row.toString());
        }
        return rows;
    }

    /**
     * Asserts the cut-out contract of a segmentation: the cut-out is the mask's bounding box of {@code photo}, opaque
     * with the photo's pixel where the mask is set and fully transparent elsewhere.
     *
     * @param segmentation what a segmenter returned
     * @param photo        the image it segmented
     * @return how many transparent pixels the cut-out has (outside the mask, inside its box)
     */
    public static long assertCutoutOfMask(Segmentation segmentation, BufferedImage photo) {
        Mask mask = segmentation.mask();
        BoundingBox bounds = mask.boundingBox().orElseThrow();
        BufferedImage cutout = segmentation.cutout();
        assertThat(cutout.getWidth()).isEqualTo((int) bounds.width());
        assertThat(cutout.getHeight()).isEqualTo((int) bounds.height());
        long inside = 0;
        long outside = 0;
        for (int y = 0; y < cutout.getHeight(); y++) {
            for (int x = 0; x < cutout.getWidth(); x++) {
                int px = x + (int) bounds.x0();
                int py = y + (int) bounds.y0();
                int argb = cutout.getRGB(x, y);
                if (mask.get(px, py)) {
                    assertThat(argb).as("cut-out pixel %d,%d", x, y).isEqualTo(0xff000000 | (photo.getRGB(px, py) & 0xffffff));
                    inside++;
                } else {
                    assertThat(argb >>> 24).as("alpha of cut-out pixel %d,%d", x, y).isZero();
                    outside++;
                }
            }
        }
        assertThat(inside).isEqualTo(mask.area());
        return outside;
    }
}
