package io.phototriage.core.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Seeded noise pictures and their JPEG files (baseline or progressive) for decoder tests. Shared through the core test-jar. */
public final class NoiseJpegs {
    private NoiseJpegs() {}

    /**
     * A {@code w x h} picture of uniform RGB noise, the same for the same size (seed 3).
     *
     * @param w width
     * @param h height
     * @return a new {@code TYPE_INT_RGB} image
     */
    public static BufferedImage noise(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }

    /**
     * {@code image} as a JPEG file written by ImageIO's default writer.
     *
     * @param image       the picture
     * @param progressive progressive scans instead of one baseline scan
     * @return the file's bytes
     * @throws IOException if the writer fails
     */
    public static byte[] jpeg(BufferedImage image, boolean progressive) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
