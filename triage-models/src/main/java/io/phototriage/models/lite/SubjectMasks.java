package io.phototriage.models.lite;

import io.phototriage.core.image.Cutouts;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Mask;
import io.phototriage.core.stage.Segmentation;
import java.awt.image.BufferedImage;

/** What the lite segmenters share: which pixels a prompt box covers, and mask to cut-out and thumbnail. */
public final class SubjectMasks {
    private SubjectMasks() {}

    /**
     * The pixels a box touches: columns {@code [floor(x0), ceil(x1))} and rows {@code [floor(y0), ceil(y1))},
     * clipped to the image. May be empty (a box outside the image).
     */
    public record PixelRange(int x0, int y0, int x1, int y1) {
        /**
         * The pixels {@code box} touches in a {@code width x height} image.
         *
         * @param box    the box, in pixels of the image
         * @param width  the image width
         * @param height the image height
         * @return the clipped range; empty when the box lies outside the image
         */
        public static PixelRange of(BoundingBox box, int width, int height) {
            int xa = clamp((int) Math.floor(box.x0()), 0, width);
            int ya = clamp((int) Math.floor(box.y0()), 0, height);
            int xb = clamp((int) Math.ceil(box.x1()), xa, width);
            int yb = clamp((int) Math.ceil(box.y1()), ya, height);
            return new PixelRange(xa, ya, xb, yb);
        }

        /**
         * Number of columns.
         *
         * @return {@code x1 - x0}
         */
        public int width() {
            return x1 - x0;
        }

        /**
         * Number of rows.
         *
         * @return {@code y1 - y0}
         */
        public int height() {
            return y1 - y0;
        }

        /**
         * Whether the range holds no pixel.
         *
         * @return true when it has no column or no row
         */
        public boolean isEmpty() {
            return x1 <= x0 || y1 <= y0;
        }

        private static int clamp(int v, int lo, int hi) {
            return Math.max(lo, Math.min(hi, v));
        }
    }

    /**
     * The segment stage's answer for a non-empty mask: the cut-out (with a soft edge if asked) and its thumbnail.
     *
     * @param image   the picture that was segmented
     * @param mask    the subject mask, at the image's size
     * @param score   the model's quality estimate for the mask, or {@code NaN}
     * @param options feather radius and thumbnail size
     * @return a segmentation from the model on the prompt box ({@link Segmentation.Source#PROMPT})
     * @throws IllegalArgumentException if the mask is empty or not the image's size
     */
    public static Segmentation segmentation(BufferedImage image, Mask mask, double score, CutoutOptions options) {
        return segmentation(image, mask, score, options, Segmentation.Source.PROMPT);
    }

    /**
     * As {@link #segmentation(BufferedImage, Mask, double, CutoutOptions)}, recording how the mask was made.
     *
     * @param image   the picture that was segmented
     * @param mask    the subject mask, at the image's size
     * @param score   the model's quality estimate for the mask, or {@code NaN}
     * @param options feather radius and thumbnail size
     * @param source  how the mask was made
     * @return the segmentation
     * @throws IllegalArgumentException if the mask is empty or not the image's size
     */
    public static Segmentation segmentation(BufferedImage image, Mask mask, double score, CutoutOptions options,
            Segmentation.Source source) {
        BufferedImage cutout = Cutouts.cutout(image, mask);
        if (options.featherRadius() > 0) {
            BoundingBox box = mask.boundingBox().orElseThrow();
            featherInwards(cutout, mask, (int) box.x0(), (int) box.y0(), options.featherRadius());
        }
        return new Segmentation(mask, score, cutout, Cutouts.thumbnail(cutout, options.thumbnailSize()), source);
    }

    /**
     * The mask of every pixel in {@code range}: the box itself, for an approximate cut-out.
     *
     * @param range  the pixels to set
     * @param width  the mask width (the image's)
     * @param height the mask height (the image's)
     * @return a {@code width x height} mask set inside {@code range}
     */
    public static Mask boxMask(PixelRange range, int width, int height) {
        java.util.BitSet bits = new java.util.BitSet(width * height);
        for (int y = range.y0(); y < range.y1(); y++) {
            bits.set(y * width + range.x0(), y * width + range.x1());
        }
        return Mask.ofBits(width, height, bits);
    }

    /**
     * Softens the alpha of the cut-out (whose top-left is mask pixel {@code (offsetX, offsetY)}) near the mask's
     * edge: alpha = 255 x the share of mask pixels in the {@code (2r+1)^2} square around the pixel, only inside
     * the mask, so nothing outside the mask becomes visible.
     */
    static void featherInwards(BufferedImage cutout, Mask mask, int offsetX, int offsetY, int radius) {
        int w = cutout.getWidth();
        int h = cutout.getHeight();
        // Pad by the radius so the box sums see the mask just outside the cut-out's frame (all background there).
        int pw = w + 2 * radius;
        int ph = h + 2 * radius;
        float[] rowSums = new float[pw * ph];
        float[] in = new float[pw * ph];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                in[(y + radius) * pw + x + radius] = mask.get(offsetX + x, offsetY + y) ? 1f : 0f;
            }
        }
        for (int y = 0; y < ph; y++) {
            float sum = 0;
            for (int x = -radius; x <= radius; x++) {
                sum += x >= 0 && x < pw ? in[y * pw + x] : 0;
            }
            for (int x = 0; x < pw; x++) {
                rowSums[y * pw + x] = sum;
                int out = x - radius;
                int next = x + radius + 1;
                sum += (next < pw ? in[y * pw + next] : 0) - (out >= 0 ? in[y * pw + out] : 0);
            }
        }
        float norm = (2 * radius + 1) * (2 * radius + 1);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            cutout.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                if (!mask.get(offsetX + x, offsetY + y)) {
                    continue;
                }
                float sum = 0;
                int px = x + radius;
                for (int dy = 0; dy <= 2 * radius; dy++) {
                    sum += rowSums[(y + dy) * pw + px];
                }
                int alpha = Math.max(1, Math.min(255, Math.round(255 * sum / norm)));
                row[x] = (alpha << 24) | (row[x] & 0xffffff);
            }
            cutout.setRGB(0, y, w, 1, row, 0, w);
        }
    }
}
