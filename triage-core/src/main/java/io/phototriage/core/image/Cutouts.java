package io.phototriage.core.image;

import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Mask;
import java.awt.image.BufferedImage;

/** Cut-outs (photo pixels inside a mask, transparent outside) and thumbnails. */
public final class Cutouts {
    private Cutouts() {}

    /**
     * The photo's pixels where {@code mask} is set, alpha 0 elsewhere, cropped to the mask's bounding box.
     *
     * @param image the photo
     * @param mask  the subject, the photo's size
     * @return an ARGB image: the photo's pixels where the mask is set, transparent elsewhere
     * @throws IllegalArgumentException if the mask is empty or not the image's size
     */
    public static BufferedImage cutout(BufferedImage image, Mask mask) {
        if (mask.width() != image.getWidth() || mask.height() != image.getHeight()) {
            throw new IllegalArgumentException("mask " + mask.width() + "x" + mask.height() + " does not match image "
                    + image.getWidth() + "x" + image.getHeight());
        }
        BoundingBox box = mask.boundingBox().orElseThrow(() -> new IllegalArgumentException("mask is empty: nothing to cut out"));
        int x0 = (int) box.x0();
        int y0 = (int) box.y0();
        int w = (int) box.width();
        int h = (int) box.height();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(x0, y0 + y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                row[x] = mask.get(x0 + x, y0 + y) ? (0xff000000 | (row[x] & 0xffffff)) : 0;
            }
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }

    /**
     * A copy scaled so that its longer side is at most {@code maxSide} (never enlarged), keeping alpha, with
     * bilinear filtering applied in steps of at most 2× so that strong reductions do not alias.
     *
     * @param image   the image
     * @param maxSide the long side of the thumbnail, pixels
     * @return the thumbnail
     */
    public static BufferedImage thumbnail(BufferedImage image, int maxSide) {
        if (maxSide < 1) {
            throw new IllegalArgumentException("maxSide must be positive: " + maxSide);
        }
        int w = image.getWidth();
        int h = image.getHeight();
        double scale = Math.min(1.0, (double) maxSide / Math.max(w, h));
        int tw = Math.max(1, (int) Math.round(w * scale));
        int th = Math.max(1, (int) Math.round(h * scale));
        return Resize.stepwiseBilinear(image, tw, th, BufferedImage.TYPE_INT_ARGB);
    }
}
