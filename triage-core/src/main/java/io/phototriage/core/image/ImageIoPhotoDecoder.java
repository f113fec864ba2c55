package io.phototriage.core.image;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Decodes photos with {@link ImageIO} (with the TwelveMonkeys plug-ins on the class path). */
public final class ImageIoPhotoDecoder implements PhotoDecoder {
    /** Default guard against decompression bombs: 200 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 200_000_000L;

    private final long maxPixels;

    public ImageIoPhotoDecoder(long maxPixels) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive: " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    public static ImageIoPhotoDecoder defaults() {
        return new ImageIoPhotoDecoder(DEFAULT_MAX_PIXELS);
    }

    @Override
    public DecodedPhoto decode(Photo photo) throws PhotoDecodeException {
        if (!Files.isReadable(photo.path())) {
            throw new PhotoDecodeException(photo.path(), "cannot read the file (missing or no permission)");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(photo.path().toFile())) {
            if (in == null) {
                throw new PhotoDecodeException(photo.path(), "cannot open the file");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new PhotoDecodeException(photo.path(), "not an image format this decoder knows");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxPixels) {
                    throw new PhotoDecodeException(photo.path(), "image is " + reader.getWidth(0) + "x" + reader.getHeight(0)
                            + " = " + pixels + " pixels, over the limit of " + maxPixels);
                }
                BufferedImage image = reader.read(0);
                return DecodedPhoto.full(photo, toRgb(image));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new PhotoDecodeException(photo.path(), "corrupt or unsupported image: " + e.getMessage(), e);
        }
    }

    static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }
}
