package io.phototriage.core.stage;

import java.util.BitSet;
import java.util.Objects;

/** A binary mask, row-major, {@code true} = foreground. Immutable. */
public final class Mask {
    private final int width;
    private final int height;
    private final BitSet bits;

    private Mask(int width, int height, BitSet bits) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("mask size must be positive: " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.bits = bits;
    }

    /**
     * A mask from row-major values.
     *
     * @param width  mask width
     * @param height mask height
     * @param values row-major, width × height values
     * @return the mask
     */
    public static Mask of(int width, int height, boolean[] values) {
        if (values.length != (long) width * height) {
            throw new IllegalArgumentException("expected " + (long) width * height + " values, got " + values.length);
        }
        BitSet bits = new BitSet(values.length);
        for (int i = 0; i < values.length; i++) {
            if (values[i]) {
                bits.set(i);
            }
        }
        return new Mask(width, height, bits);
    }

    /**
     * A mask from a copy of row-major bits.
     *
     * @param width  mask width
     * @param height mask height
     * @param bits   row-major bits
     * @return the mask
     */
    public static Mask ofBits(int width, int height, BitSet bits) {
        return new Mask(width, height, (BitSet) bits.clone());
    }

    /** @return the mask's width in pixels */
    public int width() {
        return width;
    }

    /** @return the mask's height in pixels */
    public int height() {
        return height;
    }

    /**
     * Whether pixel ({@code x}, {@code y}) belongs to the subject.
     *
     * @param x column, 0 to width - 1
     * @param y row, 0 to height - 1
     * @return true for a subject pixel
     */
    public boolean get(int x, int y) {
        return bits.get(y * width + x);
    }

    /**
     * Number of foreground pixels.
     *
     * @return the number of subject pixels
     */
    public long area() {
        return bits.cardinality();
    }

    /**
     * A copy of the row-major bits.
     *
     * @return a copy of the row-major bits
     */
    public BitSet bits() {
        return (BitSet) bits.clone();
    }

    /**
     * Intersection over union; both masks must be the same size. 0 when both are empty.
     *
     * @param other a mask of the same size
     * @return the IoU, in [0, 1]
     */
    public double iou(Mask other) {
        if (other.width != width || other.height != height) {
            throw new IllegalArgumentException("mask sizes differ: " + width + "x" + height + " vs "
                    + other.width + "x" + other.height);
        }
        BitSet inter = (BitSet) bits.clone();
        inter.and(other.bits);
        BitSet union = (BitSet) bits.clone();
        union.or(other.bits);
        int u = union.cardinality();
        return u == 0 ? 0 : (double) inter.cardinality() / u;
    }

    /**
     * The tight box around the foreground, or empty if there is none.
     *
     * @return the smallest box around the subject pixels, or empty for an empty mask
     */
    public java.util.Optional<BoundingBox> boundingBox() {
        if (bits.isEmpty()) {
            return java.util.Optional.empty();
        }
        int minX = width, minY = height, maxX = -1, maxY = -1;
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            int x = i % width;
            int y = i / width;
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
        }
        return java.util.Optional.of(new BoundingBox(minX, minY, maxX + 1, maxY + 1));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mask m && m.width == width && m.height == height && m.bits.equals(bits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, bits);
    }

    @Override
    public String toString() {
        return "Mask[" + width + "x" + height + ", area=" + area() + "]";
    }
}
