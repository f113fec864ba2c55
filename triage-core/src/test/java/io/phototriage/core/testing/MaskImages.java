package io.phototriage.core.testing;

import io.phototriage.core.stage.Mask;
import java.awt.image.BufferedImage;

/** Reference masks stored as images (the golden PNGs of the export tool), shared through the core test-jar. */
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
}
