package io.phototriage.models.video;

import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Mask;

/** Binary-mask arithmetic on row-major {@code boolean[]} planes for the video trackers: dilation and components. */
final class MaskOps {
    private MaskOps() {}

    /**
     * Dilation by a square of side {@code 2r+1} (Chebyshev distance at most {@code r}), separable: rows then columns.
     */
    static boolean[] dilate(boolean[] mask, int width, int height, int r) {
        if (r <= 0) {
            return mask.clone();
        }
        boolean[] rows = new boolean[mask.length];
        for (int y = 0; y < height; y++) {
            int base = y * width;
            int last = -1_000_000; // column of the last set pixel seen
            for (int x = 0; x < width; x++) {
                if (mask[base + x]) {
                    last = x;
                }
                if (x - last <= r) {
                    rows[base + x] = true;
                }
            }
            last = 1_000_000;
            for (int x = width - 1; x >= 0; x--) {
                if (mask[base + x]) {
                    last = x;
                }
                if (last - x <= r) {
                    rows[base + x] = true;
                }
            }
        }
        boolean[] out = new boolean[mask.length];
        for (int x = 0; x < width; x++) {
            int last = -1_000_000;
            for (int y = 0; y < height; y++) {
                if (rows[y * width + x]) {
                    last = y;
                }
                if (y - last <= r) {
                    out[y * width + x] = true;
                }
            }
            last = 1_000_000;
            for (int y = height - 1; y >= 0; y--) {
                if (rows[y * width + x]) {
                    last = y;
                }
                if (last - y <= r) {
                    out[y * width + x] = true;
                }
            }
        }
        return out;
    }

    /**
     * The 8-connected components of {@code mask} that share at least one pixel with {@code anchor}.
     */
    static boolean[] componentsTouching(boolean[] mask, boolean[] anchor, int width, int height) {
        boolean[] out = new boolean[mask.length];
        boolean[] seen = new boolean[mask.length];
        int[] stack = new int[mask.length];
        int[] members = new int[mask.length];
        for (int start = 0; start < mask.length; start++) {
            if (!mask[start] || seen[start]) {
                continue;
            }
            int top = 0;
            int count = 0;
            boolean touches = false;
            stack[top++] = start;
            seen[start] = true;
            while (top > 0) {
                int p = stack[--top];
                members[count++] = p;
                touches |= anchor[p];
                int px = p % width;
                int py = p / width;
                for (int dy = -1; dy <= 1; dy++) {
                    int ny = py + dy;
                    if (ny < 0 || ny >= height) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = px + dx;
                        if (nx < 0 || nx >= width) {
                            continue;
                        }
                        int q = ny * width + nx;
                        if (mask[q] && !seen[q]) {
                            seen[q] = true;
                            stack[top++] = q;
                        }
                    }
                }
            }
            if (touches) {
                for (int i = 0; i < count; i++) {
                    out[members[i]] = true;
                }
            }
        }
        return out;
    }

    static long area(boolean[] mask) {
        long n = 0;
        for (boolean b : mask) {
            if (b) {
                n++;
            }
        }
        return n;
    }

    /** The tight box around the set pixels, or null when none is set ({@link Mask#boundingBox()}). */
    static BoundingBox box(boolean[] mask, int width, int height) {
        return Mask.of(width, height, mask).boundingBox().orElse(null);
    }

    /** Pixels inside {@code box} (whole pixels it touches, clipped). */
    static boolean[] boxMask(BoundingBox box, int width, int height) {
        boolean[] out = new boolean[width * height];
        int x0 = Math.max(0, (int) Math.floor(box.x0()));
        int y0 = Math.max(0, (int) Math.floor(box.y0()));
        int x1 = Math.min(width, (int) Math.ceil(box.x1()));
        int y1 = Math.min(height, (int) Math.ceil(box.y1()));
        for (int y = y0; y < y1; y++) {
            java.util.Arrays.fill(out, y * width + x0, y * width + Math.max(x0, x1), true);
        }
        return out;
    }

    static boolean[] and(boolean[] a, boolean[] b) {
        boolean[] out = new boolean[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] && b[i];
        }
        return out;
    }

    static boolean[] toArray(io.phototriage.core.stage.Mask mask) {
        boolean[] out = new boolean[mask.width() * mask.height()];
        java.util.BitSet bits = mask.bits();
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            out[i] = true;
        }
        return out;
    }

    /** {@code box} grown by {@code fraction} of its width (height) on each side, clipped to the picture. */
    static BoundingBox grow(BoundingBox box, double fraction, int width, int height) {
        double mx = fraction * box.width();
        double my = fraction * box.height();
        return new BoundingBox(Math.max(0, box.x0() - mx), Math.max(0, box.y0() - my), Math.min(width, box.x1() + mx),
                Math.min(height, box.y1() + my));
    }

    /** The mean {x, y} of the set pixels (the picture's centre of mass); {0, 0} when none is set. */
    static double[] centroid(boolean[] mask, int width) {
        double sx = 0;
        double sy = 0;
        long n = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                sx += i % width;
                sy += i / width;
                n++;
            }
        }
        return n == 0 ? new double[] {0, 0} : new double[] {sx / n, sy / n};
    }

    /** The mask moved by {@code (dx, dy)} pixels; what moves out of the picture is lost. */
    static boolean[] shift(boolean[] mask, int width, int height, int dx, int dy) {
        if (dx == 0 && dy == 0) {
            return mask;
        }
        boolean[] out = new boolean[mask.length];
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                int x = i % width + dx;
                int y = i / width + dy;
                if (x >= 0 && x < width && y >= 0 && y < height) {
                    out[y * width + x] = true;
                }
            }
        }
        return out;
    }
}
