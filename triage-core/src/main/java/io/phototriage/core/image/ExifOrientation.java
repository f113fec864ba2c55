package io.phototriage.core.image;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EXIF {@code Orientation} tag (0x0112): how the stored pixels must be transformed to be displayed upright.
 * {@link #apply(BufferedImage)} does what Pillow's {@code ImageOps.exif_transpose} does.
 */
public enum ExifOrientation {
    /** 1: stored upright. */
    NORMAL(1),
    /** 2: mirrored left-right. */
    MIRROR_HORIZONTAL(2),
    /** 3: upside down. */
    ROTATE_180(3),
    /** 4: mirrored top-bottom. */
    MIRROR_VERTICAL(4),
    /** 5: mirrored along the top-left to bottom-right diagonal. */
    TRANSPOSE(5),
    /** 6: must be rotated 90 degrees clockwise (a phone held upright, home button right). */
    ROTATE_90_CW(6),
    /** 7: mirrored along the top-right to bottom-left diagonal. */
    TRANSVERSE(7),
    /** 8: must be rotated 90 degrees counter-clockwise. */
    ROTATE_90_CCW(8);

    private static final Logger LOG = LoggerFactory.getLogger(ExifOrientation.class);

    private final int tag;

    ExifOrientation(int tag) {
        this.tag = tag;
    }

    /**
     * The EXIF tag value, 1 to 8.
     *
     * @return the EXIF value, 1 to 8
     */
    public int tag() {
        return tag;
    }

    /**
     * The orientation for an EXIF tag value.
     *
     * @param tag the EXIF value
     * @return the orientation
     * @throws IllegalArgumentException if {@code tag} is not 1 to 8
     */
    public static ExifOrientation fromTag(int tag) {
        if (tag < 1 || tag > 8) {
            throw new IllegalArgumentException("EXIF orientation must be 1 to 8, got " + tag);
        }
        return values()[tag - 1];
    }

    /**
     * The EXIF orientation of a photo file (JPEG, PNG {@code eXIf}, WebP, TIFF, ...), read with metadata-extractor;
     * {@link #NORMAL} when there is none, it is invalid, or the metadata cannot be read (the pixels may still
     * decode, and are then shown as stored).
     *
     * @param file the photo
     * @return its orientation
     */
    public static ExifOrientation read(Path file) {
        try {
            return of(ImageMetadataReader.readMetadata(file.toFile()));
        } catch (IOException | ImageProcessingException | RuntimeException e) {
            // The pixels decoded, so damaged or unknown metadata only means the photo is shown as stored.
            LOG.debug("{}: EXIF metadata unreadable, orientation taken as normal: {}", file, e.toString());
        }
        return NORMAL;
    }

    /**
     * The orientation in the first EXIF IFD0 of {@code metadata} that has a valid one (metadata-extractor's
     * {@link ExifIFD0Directory}); {@link #NORMAL} when there is none.
     *
     * @param metadata the file's metadata as read by metadata-extractor
     * @return the orientation, never null
     */
    public static ExifOrientation of(Metadata metadata) {
        for (ExifIFD0Directory dir : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
            if (dir.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                try {
                    int tag = dir.getInt(ExifIFD0Directory.TAG_ORIENTATION);
                    if (tag >= 1 && tag <= 8) {
                        return fromTag(tag);
                    }
                    LOG.debug("invalid EXIF orientation {} ignored", tag);
                } catch (MetadataException e) {
                    LOG.debug("unreadable EXIF orientation ignored: {}", e.toString());
                }
            }
        }
        return NORMAL;
    }

    /**
     * Whether displaying the photo swaps its width and height (orientations 5 to 8).
     *
     * @return true when width and height are swapped
     */
    public boolean swapsAxes() {
        return tag >= 5;
    }

    /**
     * The upright image: a new {@link BufferedImage#TYPE_INT_RGB} image, or {@code image} itself for
     * {@link #NORMAL}.
     *
     * @param image the stored pixels
     * @return the pixels as the photo should be viewed
     * @throws IllegalArgumentException if {@code image} is not {@link BufferedImage#TYPE_INT_RGB}
     */
    public BufferedImage apply(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_INT_RGB) {
            throw new IllegalArgumentException("expected a TYPE_INT_RGB image, got type " + image.getType());
        }
        if (this == NORMAL) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int[] in = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        int outW = swapsAxes() ? h : w;
        int outH = swapsAxes() ? w : h;
        BufferedImage result = new BufferedImage(outW, outH, BufferedImage.TYPE_INT_RGB);
        int[] out = ((DataBufferInt) result.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < outH; y++) {
            int row = y * outW;
            for (int x = 0; x < outW; x++) {
                out[row + x] = in[sourceIndex(x, y, w, h)];
            }
        }
        return result;
    }

    /** Index into the stored {@code w x h} pixels of the pixel shown at ({@code x}, {@code y}) when upright. */
    private int sourceIndex(int x, int y, int w, int h) {
        switch (this) {
            case MIRROR_HORIZONTAL:
                return y * w + (w - 1 - x);
            case ROTATE_180:
                return (h - 1 - y) * w + (w - 1 - x);
            case MIRROR_VERTICAL:
                return (h - 1 - y) * w + x;
            case TRANSPOSE:
                return x * w + y;
            case ROTATE_90_CW:
                return (h - 1 - x) * w + y;
            case TRANSVERSE:
                return (h - 1 - x) * w + (w - 1 - y);
            case ROTATE_90_CCW:
                return x * w + (w - 1 - y);
            default:
                return y * w + x;
        }
    }
}
