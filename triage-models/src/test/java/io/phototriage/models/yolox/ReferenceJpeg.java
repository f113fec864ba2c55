package io.phototriage.models.yolox;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes a JPEG to the pixels that PIL and {@code cv2.imread} give (libjpeg, no ICC colour conversion), so the
 * golden parity test feeds the detector exactly what the Python reference fed it. The project's decoder applies
 * embedded ICC profiles (TwelveMonkeys), which changes the pixels of some coco128 photos; that is a decoder policy,
 * not something the detector's parity should depend on.
 *
 * <p>How: the JDK's own JPEG reader (libjpeg 6b) reads the raw, upsampled YCbCr raster, and libjpeg's
 * fixed-point YCbCr to RGB conversion ({@code jdcolor.c}) is applied here. Equal to PIL on all 128 coco128 photos.
 */
public final class ReferenceJpeg {
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final int[] CR_G = new int[256];
    private static final int[] CB_G = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_R[i] = (fix(1.40200) * x + (1 << 15)) >> 16;
            CB_B[i] = (fix(1.77200) * x + (1 << 15)) >> 16;
            CR_G[i] = -fix(0.71414) * x;
            CB_G[i] = -fix(0.34414) * x + (1 << 15);
        }
    }

    private ReferenceJpeg() {}

    public static BufferedImage decode(Path file) throws IOException {
        ImageReader reader = jdkReader();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            reader.setInput(in);
            Raster raster = reader.readRaster(0, null);
            int w = raster.getWidth();
            int h = raster.getHeight();
            int bands = raster.getNumBands();
            BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            int[] px = new int[bands];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    raster.getPixel(x, y, px);
                    int r;
                    int g;
                    int b;
                    if (bands == 1) {
                        r = g = b = px[0];
                    } else if (bands == 3) {
                        int luma = px[0];
                        r = clamp(luma + CR_R[px[2]]);
                        g = clamp(luma + ((CB_G[px[1]] + CR_G[px[2]]) >> 16));
                        b = clamp(luma + CB_B[px[1]]);
                    } else {
                        throw new IOException(file + ": " + bands + "-band JPEG is not handled by the reference decoder");
                    }
                    out.setRGB(x, y, (r << 16) | (g << 8) | b);
                }
            }
            return out;
        } finally {
            reader.dispose();
        }
    }

    private static ImageReader jdkReader() throws IOException {
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg"); it.hasNext(); ) {
            ImageReader r = it.next();
            if (r.getClass().getName().equals("com.sun.imageio.plugins.jpeg.JPEGImageReader")) {
                return r;
            }
        }
        throw new IOException("the JDK's JPEG reader is not available");
    }

    private static int fix(double x) {
        return (int) (x * (1 << 16) + 0.5);
    }

    private static int clamp(int v) {
        return Math.min(255, Math.max(0, v));
    }
}
