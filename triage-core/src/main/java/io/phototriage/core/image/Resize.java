package io.phototriage.core.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.util.Objects;

/**
 * Resizes RGB images exactly as Pillow's {@code Image.resize(size, resample)} does on a uint8 {@code "RGB"} image
 * (Pillow 7 and later, no {@code box}, no {@code reducing_gap}), which is what the Hugging Face image processors
 * call before normalising. Matching Pillow bit for bit is what lets a Java pre-processor reproduce the Python
 * reference's tensors.
 *
 * <p>This is a port of Pillow's {@code libImaging/Resample.c} (convolution filters) and of the nearest-neighbour
 * scale path of {@code libImaging/Geometry.c}: the filter support grows with the reduction factor (antialiasing),
 * the normalised coefficients are rounded to 22-bit fixed point, each pass adds {@code 1 << 21} before the shift
 * (round half up) and clamps to 0..255, and the horizontal pass runs before the vertical one, only over the rows
 * the vertical pass reads.
 *
 * <p>Stateless and thread-safe.
 */
public final class Resize {
    private Resize() {}

    /** Resampling filters with the meaning (and numbering-independent behaviour) of {@code PIL.Image.Resampling}. */
    public enum Filter {
        /** {@code Resampling.NEAREST}: the source pixel under each output pixel's centre; no antialiasing. */
        NEAREST(0.0),
        /** {@code Resampling.BOX}: each output pixel is the mean of the source pixels it covers. */
        BOX(0.5),
        /** {@code Resampling.BILINEAR}: triangle filter, support 1 (scaled by the reduction factor). */
        BILINEAR(1.0),
        /** {@code Resampling.BICUBIC}: Keys cubic with a = -0.5, support 2 (scaled by the reduction factor). */
        BICUBIC(2.0);

        private final double support;

        Filter(double support) {
            this.support = support;
        }

        double weight(double x) {
            switch (this) {
                case BOX:
                    return x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
                case BILINEAR: {
                    double ax = x < 0.0 ? -x : x;
                    return ax < 1.0 ? 1.0 - ax : 0.0;
                }
                case BICUBIC: {
                    final double a = -0.5;
                    double ax = x < 0.0 ? -x : x;
                    if (ax < 1.0) {
                        return ((a + 2.0) * ax - (a + 3.0)) * ax * ax + 1;
                    }
                    if (ax < 2.0) {
                        return (((ax - 5) * ax + 8) * ax - 4) * a;
                    }
                    return 0.0;
                }
                default:
                    throw new IllegalStateException(this + " is not a convolution filter");
            }
        }
    }

    /** Fixed-point precision of the coefficients: 8 bits for the value, 2 for overflow of negative lobes. */
    private static final int PRECISION_BITS = 32 - 8 - 2;

    /**
     * {@code image} drawn at exactly {@code width × height} (aspect ratio not kept) into a new image of
     * {@code imageType} with Java2D bilinear filtering, in steps that shrink each side by at most 2× so that strong
     * reductions do not alias; a side that grows is scaled in one step. Always a new image, also at the same size.
     * Used for thumbnails and quick model inputs; {@link #resize} is the one that matches Pillow.
     *
     * @param image     the image
     * @param width     the width of the result, pixels
     * @param height    the height of the result, pixels
     * @param imageType the {@link BufferedImage} type of the result, e.g. {@link BufferedImage#TYPE_INT_ARGB}
     * @return the scaled copy
     */
    public static BufferedImage stepwiseBilinear(BufferedImage image, int width, int height, int imageType) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("size must be positive: " + width + "x" + height);
        }
        BufferedImage current = image;
        int cw = image.getWidth();
        int ch = image.getHeight();
        do {
            cw = cw > width ? Math.max(width, cw / 2) : width;
            ch = ch > height ? Math.max(height, ch / 2) : height;
            BufferedImage next = new BufferedImage(cw, ch, imageType);
            Graphics2D g = next.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
                g.drawImage(current, 0, 0, cw, ch, null);
            } finally {
                g.dispose();
            }
            current = next;
        } while (cw != width || ch != height);
        return current;
    }

    /**
     * A {@code width x height} {@link BufferedImage#TYPE_INT_RGB} copy of {@code image} resampled with
     * {@code filter}, equal to {@code PIL.Image.resize((width, height), filter)} on the same RGB pixels.
     *
     * @param image any image without alpha; its pixels are read as {@link BufferedImage#getRGB(int, int)} returns
     *              them (sRGB), so compose images with alpha over a background first
     * @param width  the new width
     * @param height the new height
     * @param filter the resampling filter
     * @return the resized image
     * @throws IllegalArgumentException if a size is not positive or the image has an alpha channel
     */
    public static BufferedImage resize(BufferedImage image, int width, int height, Filter filter) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(filter, "filter");
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("target size must be positive, got " + width + "x" + height);
        }
        if (image.getColorModel().hasAlpha()) {
            throw new IllegalArgumentException("image has an alpha channel; compose it over a background before resizing"
                    + " (Pillow resizes RGBA premultiplied, which this RGB resampler does not reproduce)");
        }
        Plane src = Plane.of(image);
        Plane out;
        float[] box = {0f, 0f, src.width, src.height};
        if (src.width == width && src.height == height) {
            out = src.copy();
        } else if (src.height > src.width * 100 && height < src.height) {
            // Pillow resizes extremely tall images vertically first (Image.resize), so must we to match it.
            Plane tall = resample(src, src.width, height, filter, new float[] {0f, 0f, src.width, src.height});
            out = resample(tall, width, height, filter, new float[] {0f, 0f, src.width, height});
        } else {
            out = resample(src, width, height, filter, box);
        }
        return out.toImage();
    }

    /** {@code ImagingResize} of {@code _imaging.c}: crop shortcut, nearest-neighbour scale, or convolution. */
    private static Plane resample(Plane in, int xsize, int ysize, Filter filter, float[] box) {
        boolean integralBox = box[0] - (int) box[0] == 0 && box[1] - (int) box[1] == 0;
        if (integralBox && box[2] - box[0] == xsize && box[3] - box[1] == ysize) {
            return in.crop((int) box[0], (int) box[1], xsize, ysize);
        }
        if (filter == Filter.NEAREST) {
            return nearest(in, xsize, ysize, box);
        }
        return convolve(in, xsize, ysize, filter, box);
    }

    /** {@code ImagingScaleAffine} (Geometry.c) as {@code ImagingResize} calls it; positions accumulate like in C. */
    private static Plane nearest(Plane in, int xsize, int ysize, float[] box) {
        double a0 = (double) (box[2] - box[0]) / xsize;
        double a4 = (double) (box[3] - box[1]) / ysize;
        double xo = box[0] + a0 * 0.5;
        double yo = box[1] + a4 * 0.5;
        int[] xintab = new int[xsize];
        int xmin = xsize;
        int xmax = 0;
        for (int x = 0; x < xsize; x++) {
            int xin = coord(xo);
            if (xin >= 0 && xin < in.width) {
                xmax = x + 1;
                if (x < xmin) {
                    xmin = x;
                }
                xintab[x] = xin;
            }
            xo += a0;
        }
        int[] out = new int[xsize * ysize];
        for (int y = 0; y < ysize; y++) {
            int yi = coord(yo);
            if (yi >= 0 && yi < in.height) {
                int inRow = yi * in.width;
                int outRow = y * xsize;
                for (int x = xmin; x < xmax; x++) {
                    out[outRow + x] = in.rgb[inRow + xintab[x]] & 0xffffff;
                }
            }
            yo += a4;
        }
        return new Plane(xsize, ysize, out);
    }

    private static int coord(double v) {
        return v < 0.0 ? -1 : (int) v;
    }

    /** {@code ImagingResampleInner}: horizontal pass over the rows the vertical pass needs, then vertical pass. */
    private static Plane convolve(Plane in, int xsize, int ysize, Filter filter, float[] box) {
        boolean needHorizontal = xsize != in.width || box[0] != 0 || box[2] != xsize;
        boolean needVertical = ysize != in.height || box[1] != 0 || box[3] != ysize;

        Coefficients vert = Coefficients.of(in.height, box[1], box[3], ysize, filter);
        int yboxFirst = vert.bounds[0];
        int yboxLast = vert.bounds[ysize * 2 - 2] + vert.bounds[ysize * 2 - 1];

        Plane current = in;
        if (needHorizontal) {
            Coefficients horiz = Coefficients.of(in.width, box[0], box[2], xsize, filter);
            for (int i = 0; i < ysize; i++) {
                vert.bounds[i * 2] -= yboxFirst;
            }
            current = horizontal(in, yboxFirst, yboxLast - yboxFirst, xsize, horiz);
        }
        if (needVertical) {
            current = vertical(current, ysize, vert);
        }
        return current == in ? in.copy() : current;
    }

    private static Plane horizontal(Plane in, int rowOffset, int rows, int xsize, Coefficients c) {
        int[] k = c.fixedPoint();
        int ksize = c.ksize;
        int[] out = new int[xsize * rows];
        for (int yy = 0; yy < rows; yy++) {
            int inRow = (yy + rowOffset) * in.width;
            int outRow = yy * xsize;
            for (int xx = 0; xx < xsize; xx++) {
                int xmin = c.bounds[xx * 2];
                int xmax = c.bounds[xx * 2 + 1];
                int kOff = xx * ksize;
                int ss0 = 1 << (PRECISION_BITS - 1);
                int ss1 = ss0;
                int ss2 = ss0;
                for (int x = 0; x < xmax; x++) {
                    int p = in.rgb[inRow + x + xmin];
                    int w = k[kOff + x];
                    ss0 += ((p >> 16) & 0xff) * w;
                    ss1 += ((p >> 8) & 0xff) * w;
                    ss2 += (p & 0xff) * w;
                }
                out[outRow + xx] = (clip8(ss0) << 16) | (clip8(ss1) << 8) | clip8(ss2);
            }
        }
        return new Plane(xsize, rows, out);
    }

    private static Plane vertical(Plane in, int ysize, Coefficients c) {
        int[] k = c.fixedPoint();
        int ksize = c.ksize;
        int width = in.width;
        int[] out = new int[width * ysize];
        for (int yy = 0; yy < ysize; yy++) {
            int ymin = c.bounds[yy * 2];
            int ymax = c.bounds[yy * 2 + 1];
            int kOff = yy * ksize;
            int outRow = yy * width;
            for (int xx = 0; xx < width; xx++) {
                int ss0 = 1 << (PRECISION_BITS - 1);
                int ss1 = ss0;
                int ss2 = ss0;
                for (int y = 0; y < ymax; y++) {
                    int p = in.rgb[(y + ymin) * width + xx];
                    int w = k[kOff + y];
                    ss0 += ((p >> 16) & 0xff) * w;
                    ss1 += ((p >> 8) & 0xff) * w;
                    ss2 += (p & 0xff) * w;
                }
                out[outRow + xx] = (clip8(ss0) << 16) | (clip8(ss1) << 8) | clip8(ss2);
            }
        }
        return new Plane(width, ysize, out);
    }

    private static int clip8(int ss) {
        int v = ss >> PRECISION_BITS;
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /** {@code precompute_coeffs}: per output pixel, the first source index, the tap count and normalised weights. */
    private static final class Coefficients {
        final int ksize;
        final int[] bounds;
        final double[] weights;

        private Coefficients(int ksize, int[] bounds, double[] weights) {
            this.ksize = ksize;
            this.bounds = bounds;
            this.weights = weights;
        }

        static Coefficients of(int inSize, float in0, float in1, int outSize, Filter filter) {
            double scale = (double) (in1 - in0) / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filter.support * filterScale;
            int ksize = (int) Math.ceil(support) * 2 + 1;
            if ((long) outSize * ksize > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("resize to " + outSize + " pixels with " + ksize + " taps is too large");
            }
            double[] kk = new double[outSize * ksize];
            int[] bounds = new int[outSize * 2];
            for (int xx = 0; xx < outSize; xx++) {
                double center = in0 + (xx + 0.5) * scale;
                double ww = 0.0;
                double ss = 1.0 / filterScale;
                int xmin = (int) (center - support + 0.5);
                if (xmin < 0) {
                    xmin = 0;
                }
                int xmax = (int) (center + support + 0.5);
                if (xmax > inSize) {
                    xmax = inSize;
                }
                xmax -= xmin;
                int off = xx * ksize;
                for (int x = 0; x < xmax; x++) {
                    double w = filter.weight((x + xmin - center + 0.5) * ss);
                    kk[off + x] = w;
                    ww += w;
                }
                for (int x = 0; x < xmax; x++) {
                    if (ww != 0.0) {
                        kk[off + x] /= ww;
                    }
                }
                bounds[xx * 2] = xmin;
                bounds[xx * 2 + 1] = xmax;
            }
            return new Coefficients(ksize, bounds, kk);
        }

        /** {@code normalize_coeffs_8bpc}: weights in 22-bit fixed point, rounded half away from zero. */
        int[] fixedPoint() {
            int[] k = new int[weights.length];
            for (int i = 0; i < weights.length; i++) {
                double w = weights[i];
                k[i] = w < 0 ? (int) (-0.5 + w * (1 << PRECISION_BITS)) : (int) (0.5 + w * (1 << PRECISION_BITS));
            }
            return k;
        }
    }

    /** Packed {@code 0xRRGGBB} pixels, row-major. */
    private static final class Plane {
        final int width;
        final int height;
        final int[] rgb;

        Plane(int width, int height, int[] rgb) {
            this.width = width;
            this.height = height;
            this.rgb = rgb;
        }

        /** The image's pixels; a {@code TYPE_INT_RGB} image's own array is shared (only ever read), not copied. */
        static Plane of(BufferedImage image) {
            int w = image.getWidth();
            int h = image.getHeight();
            if (image.getType() == BufferedImage.TYPE_INT_RGB
                    && image.getRaster().getSampleModel() instanceof SinglePixelPackedSampleModel sm
                    && sm.getScanlineStride() == w
                    && image.getRaster().getSampleModelTranslateX() == 0
                    && image.getRaster().getSampleModelTranslateY() == 0) {
                DataBufferInt buffer = (DataBufferInt) image.getRaster().getDataBuffer();
                if (buffer.getNumBanks() == 1 && buffer.getOffset() == 0 && buffer.getData().length == w * h) {
                    return new Plane(w, h, buffer.getData());
                }
            }
            int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] &= 0xffffff;
            }
            return new Plane(w, h, rgb);
        }

        Plane copy() {
            int[] out = new int[rgb.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = rgb[i] & 0xffffff;
            }
            return new Plane(width, height, out);
        }

        Plane crop(int x0, int y0, int w, int h) {
            int[] out = new int[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = rgb[(y0 + y) * width + x0 + x] & 0xffffff;
                }
            }
            return new Plane(w, h, out);
        }

        BufferedImage toImage() {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            int[] dst = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
            System.arraycopy(rgb, 0, dst, 0, rgb.length);
            return image;
        }
    }
}
