package io.phototriage.models.faststyle;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Image statistics for the "visibly stylised" test. */
final class ImageStats {
    private ImageStats() {}

    static BufferedImage scaled(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Mean Euclidean RGB distance per pixel (0..441). */
    static double meanColourDistance(BufferedImage a, BufferedImage b) {
        double sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                double dr = ((p >> 16) & 0xff) - ((q >> 16) & 0xff);
                double dg = ((p >> 8) & 0xff) - ((q >> 8) & 0xff);
                double db = (p & 0xff) - (q & 0xff);
                sum += Math.sqrt(dr * dr + dg * dg + db * db);
            }
        }
        return sum / ((double) a.getWidth() * a.getHeight());
    }

    /** Mean circular hue distance (0..0.5 of the colour wheel). */
    static double meanHueDistance(BufferedImage a, BufferedImage b) {
        double sum = 0;
        float[] hp = new float[3];
        float[] hq = new float[3];
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                Color.RGBtoHSB((p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff, hp);
                Color.RGBtoHSB((q >> 16) & 0xff, (q >> 8) & 0xff, q & 0xff, hq);
                double d = Math.abs(hp[0] - hq[0]);
                sum += Math.min(d, 1 - d);
            }
        }
        return sum / ((double) a.getWidth() * a.getHeight());
    }

    /** Pearson correlation of the Sobel gradient magnitudes of the two images' luma. */
    static double edgeCorrelation(BufferedImage a, BufferedImage b) {
        double[] ea = sobel(a);
        double[] eb = sobel(b);
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < ea.length; i++) {
            ma += ea[i];
            mb += eb[i];
        }
        ma /= ea.length;
        mb /= eb.length;
        double cov = 0;
        double va = 0;
        double vb = 0;
        for (int i = 0; i < ea.length; i++) {
            cov += (ea[i] - ma) * (eb[i] - mb);
            va += (ea[i] - ma) * (ea[i] - ma);
            vb += (eb[i] - mb) * (eb[i] - mb);
        }
        return cov / Math.sqrt(va * vb);
    }

    private static double[] sobel(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        double[] luma = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = image.getRGB(x, y);
                luma[y * w + x] = 0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff);
            }
        }
        // Blur a little first: the style's brush texture is fine detail the photo does not have.
        luma = boxBlur(luma, w, h, 2);
        double[] out = new double[(w - 2) * (h - 2)];
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                double gx = luma[(y - 1) * w + x + 1] + 2 * luma[y * w + x + 1] + luma[(y + 1) * w + x + 1]
                        - luma[(y - 1) * w + x - 1] - 2 * luma[y * w + x - 1] - luma[(y + 1) * w + x - 1];
                double gy = luma[(y + 1) * w + x - 1] + 2 * luma[(y + 1) * w + x] + luma[(y + 1) * w + x + 1]
                        - luma[(y - 1) * w + x - 1] - 2 * luma[(y - 1) * w + x] - luma[(y - 1) * w + x + 1];
                out[(y - 1) * (w - 2) + x - 1] = Math.hypot(gx, gy);
            }
        }
        return out;
    }

    private static double[] boxBlur(double[] v, int w, int h, int r) {
        double[] out = new double[v.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double sum = 0;
                int n = 0;
                for (int dy = -r; dy <= r; dy++) {
                    for (int dx = -r; dx <= r; dx++) {
                        int yy = y + dy;
                        int xx = x + dx;
                        if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                            sum += v[yy * w + xx];
                            n++;
                        }
                    }
                }
                out[y * w + x] = sum / n;
            }
        }
        return out;
    }
}
