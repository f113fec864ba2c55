package io.phototriage.core.eval;

import io.phototriage.core.stage.Mask;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * COCO masks exactly as pycocotools' {@code mask} module makes them: polygons and boxes rasterised to RLE, RLE
 * union, the compressed string form, and conversion to and from {@link Mask}.
 *
 * <p>The polygon rasteriser, the union and the string codec are ports of {@code rleFrPoly}, {@code rleFrBbox},
 * {@code rleMerge}, {@code rleToString} and {@code rleFrString} in cocoapi's {@code common/maskApi.c} (Piotr Dollar
 * and Tsung-Yi Lin, Simplified BSD License), so a polygon gives the same pixels as
 * {@code mask.decode(mask.merge(mask.frPyObjects(polygons, h, w)))}; the golden test checks that for every coco128
 * annotation.
 */
public final class CocoMasks {
    /** rleFrPoly walks the polygon edges on a grid this many times finer than the pixels. */
    private static final double POLYGON_UPSAMPLING = 5;

    private CocoMasks() {
    }

    /**
     * The RLE of an annotation's segmentation, as pycocotools' {@code COCO.annToRLE}: the union of its polygons, or
     * its RLE.
     *
     * @param annotation the annotation
     * @param image      the image it belongs to (gives the mask size for polygons)
     * @return the mask as RLE, at the image's size
     * @throws IllegalArgumentException when the annotation has no segmentation, an RLE of another size than the image,
     *                                  or a polygon with fewer than 3 points
     */
    public static CocoRle toRle(CocoAnnotation annotation, CocoImage image) {
        if (annotation.imageId() != image.id()) {
            throw new IllegalArgumentException("annotation " + annotation.id() + " belongs to image "
                    + annotation.imageId() + ", not to image " + image.id());
        }
        try {
            return toRle(annotation.segmentation(), image.height(), image.width());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("annotation " + annotation.id() + " of image " + image.id() + " ("
                    + image.fileName() + "): " + e.getMessage(), e);
        }
    }

    /**
     * The binary mask of an annotation, at the size of its image. See {@link #toRle(CocoAnnotation, CocoImage)}.
     *
     * @param annotation the annotation
     * @param image      the image it belongs to
     * @return the mask at the image's size
     */
    public static Mask toMask(CocoAnnotation annotation, CocoImage image) {
        return decode(toRle(annotation, image));
    }

    /**
     * The RLE of a segmentation at {@code height x width}.
     *
     * @param segmentation polygons or an RLE
     * @param height       mask height
     * @param width        mask width
     * @return the mask as RLE
     * @throws IllegalArgumentException when there is no polygon, a polygon has fewer than 3 points, or an RLE is
     *                                  of another size
     */
    public static CocoRle toRle(CocoSegmentation segmentation, int height, int width) {
        if (segmentation instanceof CocoSegmentation.RunLength r) {
            if (r.rle().height() != height || r.rle().width() != width) {
                throw new IllegalArgumentException("RLE mask is " + r.rle().height() + "x" + r.rle().width()
                        + " (height x width) but the image is " + height + "x" + width);
            }
            return r.rle();
        }
        List<double[]> polygons = ((CocoSegmentation.Polygons) segmentation).polygons();
        if (polygons.isEmpty()) {
            throw new IllegalArgumentException("the segmentation has no polygon; nothing to rasterise");
        }
        return union(polygons.stream().map(p -> fromPolygon(p, height, width)).toList());
    }

    /**
     * One polygon rasterised as pycocotools' {@code rleFrPoly}: a pixel is inside when its centre is, with the
     * boundary decided on a 5x finer grid.
     *
     * @param xy     {@code [x1, y1, x2, y2, ...]} in pixels, at least 3 points
     * @param height mask height
     * @param width  mask width
     * @return the mask as RLE
     * @throws IllegalArgumentException for fewer than 3 points or an odd number of values (pycocotools would read a
     *                                  2-point polygon as a box)
     */
    public static CocoRle fromPolygon(double[] xy, int height, int width) {
        if (xy.length % 2 != 0 || xy.length < 6) {
            throw new IllegalArgumentException("a polygon needs at least 3 (x, y) points, got " + xy.length
                    + " values");
        }
        checkSize(height, width);
        int k = xy.length / 2;
        int[] x = new int[k + 1];
        int[] y = new int[k + 1];
        for (int j = 0; j < k; j++) {
            x[j] = (int) (POLYGON_UPSAMPLING * xy[j * 2] + .5);
            y[j] = (int) (POLYGON_UPSAMPLING * xy[j * 2 + 1] + .5);
        }
        x[k] = x[0];
        y[k] = y[0];
        // Upsample and get discrete points densely along the entire boundary.
        int m = 0;
        for (int j = 0; j < k; j++) {
            m += Math.max(Math.abs(x[j] - x[j + 1]), Math.abs(y[j] - y[j + 1])) + 1;
        }
        int[] u = new int[m];
        int[] v = new int[m];
        m = 0;
        for (int j = 0; j < k; j++) {
            int xs = x[j];
            int xe = x[j + 1];
            int ys = y[j];
            int ye = y[j + 1];
            int dx = Math.abs(xe - xs);
            int dy = Math.abs(ys - ye);
            boolean flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
            if (flip) {
                int t = xs;
                xs = xe;
                xe = t;
                t = ys;
                ys = ye;
                ye = t;
            }
            // 0/0 for a repeated point gives NaN here as in C; that point's v is never read (its neighbours share u).
            double s = dx >= dy ? (double) (ye - ys) / dx : (double) (xe - xs) / dy;
            if (dx >= dy) {
                for (int d = 0; d <= dx; d++) {
                    int t = flip ? dx - d : d;
                    u[m] = t + xs;
                    v[m] = (int) (ys + s * t + .5);
                    m++;
                }
            } else {
                for (int d = 0; d <= dy; d++) {
                    int t = flip ? dy - d : d;
                    v[m] = t + ys;
                    u[m] = (int) (xs + s * t + .5);
                    m++;
                }
            }
        }
        // Get the points along the y-boundary and downsample.
        k = m;
        m = 0;
        int[] bx = new int[k];
        int[] by = new int[k];
        for (int j = 1; j < k; j++) {
            if (u[j] != u[j - 1]) {
                double xd = u[j] < u[j - 1] ? u[j] : u[j] - 1;
                xd = (xd + .5) / POLYGON_UPSAMPLING - .5;
                if (Math.floor(xd) != xd || xd < 0 || xd > width - 1) {
                    continue;
                }
                double yd = v[j] < v[j - 1] ? v[j] : v[j - 1];
                yd = (yd + .5) / POLYGON_UPSAMPLING - .5;
                if (yd < 0) {
                    yd = 0;
                } else if (yd > height) {
                    yd = height;
                }
                yd = Math.ceil(yd);
                bx[m] = (int) xd;
                by[m] = (int) yd;
                m++;
            }
        }
        // Compute the RLE from the y-boundary points: each one toggles foreground/background in column-major order.
        k = m;
        long[] a = new long[k + 1];
        for (int j = 0; j < k; j++) {
            a[j] = (long) bx[j] * height + by[j];
        }
        a[k++] = (long) height * width;
        Arrays.sort(a, 0, k);
        long p = 0;
        for (int j = 0; j < k; j++) {
            long t = a[j];
            a[j] -= p;
            p = t;
        }
        int[] b = new int[k];
        int j = 0;
        m = 0;
        b[m++] = (int) a[j++];
        while (j < k) {
            if (a[j] > 0) {
                b[m++] = (int) a[j++];
            } else {
                j++;
                if (j < k) {
                    b[m - 1] += (int) a[j++];
                }
            }
        }
        return new CocoRle(height, width, Arrays.copyOf(b, m));
    }

    /**
     * A box rasterised as pycocotools' {@code frPyObjects(bbox)} ({@code rleFrBbox}: the box as a 4-point polygon).
     *
     * @param box    the box
     * @param height mask height
     * @param width  mask width
     * @return the mask as RLE
     */
    public static CocoRle fromBox(CocoBox box, int height, int width) {
        double xs = box.x();
        double xe = xs + box.width();
        double ys = box.y();
        double ye = ys + box.height();
        return fromPolygon(new double[] {xs, ys, xs, ye, xe, ye, xe, ys}, height, width);
    }

    /**
     * The union of masks of one size, as pycocotools' {@code merge(rles, intersect=False)}.
     *
     * @param rles the masks
     * @return their union
     * @throws IllegalArgumentException when the list is empty or the sizes differ
     */
    public static CocoRle union(List<CocoRle> rles) {
        return merge(rles, false);
    }

    /**
     * The intersection of masks of one size, as pycocotools' {@code merge(rles, intersect=True)}.
     *
     * @param rles the masks
     * @return their intersection
     * @throws IllegalArgumentException when the list is empty or the sizes differ
     */
    public static CocoRle intersection(List<CocoRle> rles) {
        return merge(rles, true);
    }

    private static CocoRle merge(List<CocoRle> rles, boolean intersect) {
        if (rles.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge: the list of masks is empty");
        }
        CocoRle first = rles.get(0);
        int h = first.height();
        int w = first.width();
        int[] cnts = first.counts();
        int m = cnts.length;
        for (int i = 1; i < rles.size(); i++) {
            CocoRle bRle = rles.get(i);
            if (bRle.height() != h || bRle.width() != w) {
                throw new IllegalArgumentException("cannot merge masks of different sizes: " + h + "x" + w + " and "
                        + bRle.height() + "x" + bRle.width() + " (height x width)");
            }
            int[] aCounts = Arrays.copyOf(cnts, m);
            int[] bCounts = bRle.counts();
            int[] out = new int[aCounts.length + bCounts.length + 1];
            long ca = aCounts.length > 0 ? aCounts[0] : 0;
            long cb = bCounts.length > 0 ? bCounts[0] : 0;
            boolean v = false;
            boolean va = false;
            boolean vb = false;
            int outM = 0;
            int a = 1;
            int b = 1;
            long cc = 0;
            long ct = 1;
            while (ct > 0) {
                long c = Math.min(ca, cb);
                cc += c;
                ct = 0;
                ca -= c;
                if (ca == 0 && a < aCounts.length) {
                    ca = aCounts[a++];
                    va = !va;
                }
                ct += ca;
                cb -= c;
                if (cb == 0 && b < bCounts.length) {
                    cb = bCounts[b++];
                    vb = !vb;
                }
                ct += cb;
                boolean vp = v;
                v = intersect ? va && vb : va || vb;
                if (v != vp || ct == 0) {
                    out[outM++] = (int) cc;
                    cc = 0;
                }
            }
            cnts = out;
            m = outM;
        }
        return new CocoRle(h, w, Arrays.copyOf(cnts, m));
    }

    /**
     * The compressed counts string of an RLE, as pycocotools' {@code rleToString} (LEB128-like, 6 bits per
     * character, characters 48-111, each count after the second stored as the difference to the count two back).
     *
     * @param rle the mask
     * @return the compressed counts
     */
    public static String toCompressedString(CocoRle rle) {
        StringBuilder s = new StringBuilder(rle.runCount() * 2);
        for (int i = 0; i < rle.runCount(); i++) {
            long x = rle.count(i);
            if (i > 2) {
                x -= rle.count(i - 2);
            }
            boolean more = true;
            while (more) {
                int c = (int) (x & 0x1f);
                x >>= 5;
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more) {
                    c |= 0x20;
                }
                s.append((char) (c + 48));
            }
        }
        return s.toString();
    }

    /**
     * Parses a compressed counts string, as pycocotools' {@code rleFrString}.
     *
     * @param counts the compressed counts
     * @param height mask height
     * @param width  mask width
     * @return the mask as RLE
     * @throws IllegalArgumentException when a character is outside 48-111, the string ends inside a count, or the
     *                                  counts do not cover {@code height x width} pixels
     */
    public static CocoRle fromCompressedString(String counts, int height, int width) {
        checkSize(height, width);
        int[] cnts = new int[counts.length()];
        int m = 0;
        int p = 0;
        while (p < counts.length()) {
            long x = 0;
            int k = 0;
            boolean more = true;
            while (more) {
                if (p >= counts.length()) {
                    throw new IllegalArgumentException("compressed RLE string ends inside a count at character " + p);
                }
                int c = counts.charAt(p) - 48;
                if (c < 0 || c > 63) {
                    throw new IllegalArgumentException("compressed RLE string has character '" + counts.charAt(p)
                            + "' at " + p + "; only ASCII 48-111 occur in COCO RLE strings");
                }
                x |= (long) (c & 0x1f) << 5 * k;
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0) {
                    x |= -1L << 5 * k;
                }
            }
            if (m > 2) {
                x += cnts[m - 2];
            }
            if (x < 0 || x > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("compressed RLE string decodes to run length " + x + " at run " + m);
            }
            cnts[m++] = (int) x;
        }
        return new CocoRle(height, width, Arrays.copyOf(cnts, m));
    }

    /**
     * The binary mask of an RLE, as pycocotools' {@code decode} (then read row-major).
     *
     * @param rle the mask as RLE (column-major, as COCO)
     * @return the mask
     */
    public static Mask decode(CocoRle rle) {
        int h = rle.height();
        int w = rle.width();
        checkSize(h, w);
        BitSet bits = new BitSet(h * w);
        long start = 0;
        for (int i = 0; i < rle.runCount(); i++) {
            int len = rle.count(i);
            if (i % 2 == 1) {
                for (long idx = start; idx < start + len; idx++) {
                    int x = (int) (idx / h);
                    int y = (int) (idx % h);
                    bits.set(y * w + x);
                }
            }
            start += len;
        }
        return Mask.ofBits(w, h, bits);
    }

    /**
     * The RLE of a binary mask, as pycocotools' {@code encode}.
     *
     * @param mask the mask
     * @return the mask as RLE (column-major, as COCO)
     */
    public static CocoRle encode(Mask mask) {
        int h = mask.height();
        int w = mask.width();
        BitSet bits = mask.bits();
        int[] counts = new int[h * w + 1];
        int k = 0;
        boolean previous = false;
        int run = 0;
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                boolean value = bits.get(y * w + x);
                if (value != previous) {
                    counts[k++] = run;
                    run = 0;
                    previous = value;
                }
                run++;
            }
        }
        counts[k++] = run;
        return new CocoRle(h, w, Arrays.copyOf(counts, k));
    }

    /**
     * Mask IoU of two RLEs of one size, as pycocotools' {@code iou} for a non-crowd ground truth.
     *
     * @param a one mask
     * @param b another, of the same size
     * @return the IoU, in [0, 1]
     */
    public static double iou(CocoRle a, CocoRle b) {
        return decode(a).iou(decode(b));
    }

    private static void checkSize(int height, int width) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("mask size must be positive, got " + height + "x" + width
                    + " (height x width)");
        }
    }
}
