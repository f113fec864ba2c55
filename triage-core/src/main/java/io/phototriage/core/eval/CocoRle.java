package io.phototriage.core.eval;

import java.util.Arrays;

/**
 * A binary mask run-length encoded as COCO does it: runs over the pixels in <em>column-major</em> order
 * (down the first column, then the second, ...), alternating background and foreground, starting with background
 * (so the first count is 0 when the top-left pixel is foreground). Immutable.
 *
 * <p>{@link CocoMasks} converts between this, the compressed string form, polygons and {@link
 * io.phototriage.core.stage.Mask}.
 *
 * @param height mask height in pixels
 * @param width  mask width in pixels
 * @param counts the run lengths (a copy is kept and {@link #counts()} returns a copy)
 */
public record CocoRle(int height, int width, int[] counts) {
    /**
     * Checks the size and copies the counts.
     *
     * @param height mask height in pixels
     * @param width mask width in pixels
     * @param counts the run lengths (a copy is kept and {@link #counts()} returns a copy)
     * @throws IllegalArgumentException if the size is negative or the counts do not cover {@code height × width} pixels
     */
    public CocoRle {
        if (height < 0 || width < 0) {
            throw new IllegalArgumentException("RLE size must not be negative: " + height + "x" + width);
        }
        counts = counts.clone();
        long total = 0;
        for (int c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("RLE counts must not be negative, got " + c);
            }
            total += c;
        }
        if (total != (long) height * width) {
            throw new IllegalArgumentException("RLE counts sum to " + total + " but the mask has " + height + "x"
                    + width + " = " + (long) height * width + " pixels");
        }
    }

    /**
     * A copy of the run lengths.
     *
     * @return a copy of the run lengths
     */
    @Override
    public int[] counts() {
        return counts.clone();
    }

    /**
     * The number of runs.
     *
     * @return the number of runs
     */
    public int runCount() {
        return counts.length;
    }

    /**
     * The run length at {@code index}.
     *
     * @param index the run, from 0
     * @return its length
     */
    public int count(int index) {
        return counts[index];
    }

    /**
     * Number of foreground pixels (the sum of the odd-indexed runs), as pycocotools' {@code area}.
     *
     * @return the number of foreground pixels
     */
    public long area() {
        long area = 0;
        for (int i = 1; i < counts.length; i += 2) {
            area += counts[i];
        }
        return area;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CocoRle r && r.height == height && r.width == width && Arrays.equals(r.counts, counts);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * height + width) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "CocoRle[" + height + "x" + width + ", runs=" + counts.length + ", area=" + area() + "]";
    }
}
