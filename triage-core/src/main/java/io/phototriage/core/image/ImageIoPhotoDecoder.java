package io.phototriage.core.image;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes photos with {@link ImageIO} and the TwelveMonkeys plug-ins: JPEG (also CMYK, YCCK and progressive),
 * PNG (also 16-bit, grey, palette and alpha), WebP, TIFF, BMP and GIF (first frame). The format is recognised from
 * the file's content, not its name, so a PNG named {@code .jpg} decodes.
 *
 * <p>The result is {@link BufferedImage#TYPE_INT_RGB}: alpha is composed over white, grey is replicated into
 * R, G and B unchanged (as Pillow's {@code convert("RGB")} does), samples wider than 8 bits are scaled to 0..255,
 * and the EXIF orientation (JPEG, PNG {@code eXIf}, WebP, TIFF) is applied. With the default
 * {@link DecodeOptions.ColorProfile#IGNORE} an embedded RGB ICC profile is not applied, so the pixels equal
 * Pillow's {@code ImageOps.exif_transpose(Image.open(f)).convert("RGB")} byte for byte (checked on all of coco128
 * and on 4:2:0, 4:2:2 and progressive JPEGs), which is what the Python model references see.
 *
 * <p>Before any pixel is decoded the file must exist, be readable, be non-empty and not larger than
 * {@link DecodeOptions#maxFileBytes()}, and the header's width x height must not exceed
 * {@link DecodeOptions#maxPixels()}. Every failure is a {@link PhotoDecodeException} naming the file, what is wrong
 * and what to do; a file whose image data ends early is an error unless {@link DecodeOptions#acceptTruncated()}.
 * Other decoder warnings (for example stray bytes between JPEG markers) are logged at debug level and ignored, as
 * Pillow ignores them.
 *
 * <p>Thread-safe: every call uses its own reader and stream, so {@link #decode} may run on several threads.
 */
public final class ImageIoPhotoDecoder implements PhotoDecoder, EmbeddedJpegDecoder {
    /** Default guard against decompression bombs: 200 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = DecodeOptions.DEFAULT_MAX_PIXELS;

    private static final Logger LOG = LoggerFactory.getLogger(ImageIoPhotoDecoder.class);

    private final DecodeOptions options;

    /**
     * A decoder with {@code options}.
     *
     * @param options the guards and the target size
     */
    public ImageIoPhotoDecoder(DecodeOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * A decoder with {@link DecodeOptions#defaults()} but another pixel limit.
     *
     * @param maxPixels the largest width × height accepted
     */
    public ImageIoPhotoDecoder(long maxPixels) {
        this(DecodeOptions.defaults().withMaxPixels(maxPixels));
    }

    /**
     * A decoder with {@link DecodeOptions#defaults()}: full resolution, truncated files rejected.
     *
     * @return a decoder with {@link DecodeOptions#defaults()}
     */
    public static ImageIoPhotoDecoder defaults() {
        return new ImageIoPhotoDecoder(DecodeOptions.defaults());
    }

    /**
     * The options this decoder uses.
     *
     * @return the options
     */
    public DecodeOptions options() {
        return options;
    }

    @Override
    public DecodedPhoto decode(Photo photo) throws PhotoDecodeException {
        Path path = photo.path();
        options.checkFile(path);
        Stored stored;
        try (ImageInputStream in = new FileImageInputStream(path.toFile())) {
            stored = read(path, in);
        } catch (FileNotFoundException e) {
            throw new PhotoDecodeException(path, "cannot open the file (" + describe(e) + "); check that it exists and"
                    + " is readable", e);
        } catch (IOException e) {
            throw undecodable(path, e);
        }
        ExifOrientation orientation = ExifOrientation.read(path);
        return stored.upright(photo, orientation, options.colorProfile());
    }

    /**
     * Decodes an in-memory JPEG (a RAW file's preview) with the same rules as a file: source subsampling, ICC
     * policy and truncation check of these options; the pixel guard is the caller's.
     */
    @Override
    public BufferedImage decodeEmbedded(Path path, byte[] jpeg, JpegHeader header) throws PhotoDecodeException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            return toRgb(read(path, in).image(), options.colorProfile());
        } catch (IOException e) {
            throw undecodable(path, e);
        }
    }

    /**
     * The pixels of an image stored in {@code in} (a whole file, or a JPEG embedded in one), as stored: the pixel
     * guard on the header size, source subsampling, the ICC policy and the truncation check of these options.
     *
     * @param path the file, for messages
     */
    Stored read(Path path, ImageInputStream in) throws PhotoDecodeException {
        try {
            ImageReader reader = readerFor(path, in);
            try {
                reader.setInput(in, true, true);
                int storedWidth = reader.getWidth(0);
                int storedHeight = reader.getHeight(0);
                options.checkPixels(path, storedWidth, storedHeight);
                ImageReadParam param = reader.getDefaultReadParam();
                int factor = options.subsamplingFactor(storedWidth, storedHeight);
                if (factor > 1) {
                    param.setSourceSubsampling(factor, factor, 0, 0);
                }
                if (options.colorProfile() == DecodeOptions.ColorProfile.IGNORE) {
                    // Readers that colour-manage while decoding (TwelveMonkeys JPEG) skip it for the profile's own type.
                    embeddedProfileType(reader).ifPresent(param::setDestinationType);
                }
                List<String> warnings = Collections.synchronizedList(new ArrayList<>());
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage image = reader.read(0, param);
                checkWarnings(path, warnings);
                return new Stored(image, storedWidth, storedHeight);
            } finally {
                reader.dispose();
            }
        } catch (PhotoDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw undecodable(path, e);
        }
    }

    private static PhotoDecodeException undecodable(Path path, Exception e) {
        return new PhotoDecodeException(path, "the image data cannot be decoded (" + describe(e) + "); the file is"
                + " corrupt, truncated or an unsupported variant of its format: check it in an image viewer and"
                + " restore it from another copy if it is damaged", e);
    }

    /** Decoded pixels as stored (before orientation) and the stored full-resolution size. */
    record Stored(BufferedImage image, int storedWidth, int storedHeight) {
        /** The upright {@link DecodedPhoto}: RGB conversion, then {@code orientation}. */
        DecodedPhoto upright(Photo photo, ExifOrientation orientation, DecodeOptions.ColorProfile profile) {
            BufferedImage upright = orientation.apply(toRgb(image, profile));
            int originalWidth = orientation.swapsAxes() ? storedHeight : storedWidth;
            int originalHeight = orientation.swapsAxes() ? storedWidth : storedHeight;
            return new DecodedPhoto(photo, upright, originalWidth, originalHeight);
        }
    }

    private static ImageReader readerFor(Path path, ImageInputStream in) throws IOException, PhotoDecodeException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (readers.hasNext()) {
            return readers.next();
        }
        in.seek(0);
        byte[] head = new byte[16];
        int n = Math.max(0, in.read(head));
        throw new PhotoDecodeException(path, "not an image this decoder can read: " + describeContent(head, n)
                + " (supported: JPEG, PNG, WebP, TIFF, BMP, GIF)");
    }

    /** What the first bytes of an unrecognised file look like, to tell misnamed text from unsupported formats. */
    static String describeContent(byte[] head, int length) {
        String ascii = new String(head, 0, length, StandardCharsets.ISO_8859_1);
        if (length >= 12 && ascii.startsWith("ftyp", 4)) {
            String brand = ascii.substring(8, 12);
            if (brand.startsWith("hei") || brand.startsWith("hev") || brand.equals("mif1") || brand.equals("msf1")) {
                return "it is HEIC/HEIF (brand '" + brand + "'); convert it to JPEG first";
            }
            if (brand.startsWith("avi")) {
                return "it is AVIF; convert it to JPEG or PNG first";
            }
            return "it is an ISO media file (brand '" + brand + "'), probably a video";
        }
        boolean text = length > 0;
        for (int i = 0; i < length; i++) {
            int b = head[i] & 0xff;
            if (b < 0x09 || (b > 0x0d && b < 0x20) || b == 0x7f) {
                text = false;
                break;
            }
        }
        if (text) {
            return "its content is text (it starts with \"" + ascii.strip() + "\"), not an image";
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < length; i++) {
            hex.append(String.format(Locale.ROOT, "%02x", head[i] & 0xff));
        }
        return "unknown format (first bytes " + hex + ")";
    }

    private void checkWarnings(Path path, List<String> warnings) throws PhotoDecodeException {
        List<String> truncation = new ArrayList<>();
        for (String warning : warnings) {
            if (isTruncation(warning)) {
                truncation.add(warning);
            } else {
                LOG.debug("{}: decoder warning ignored: {}", path, warning);
            }
        }
        if (truncation.isEmpty()) {
            return;
        }
        if (!options.acceptTruncated()) {
            throw new PhotoDecodeException(path, "the image data is truncated (" + String.join("; ", truncation)
                    + "); restore the file from another copy, or set DecodeOptions.acceptTruncated to use the part"
                    + " that decoded");
        }
        LOG.warn("{}: truncated image accepted, the missing part is filled in: {}", path, truncation);
    }

    private static boolean isTruncation(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        // "premature end of data segment" alone means damage mid-file with the end intact: Pillow accepts that.
        return w.contains("truncat") || w.contains("missing eoi") || w.contains("premature end of jpeg file");
    }

    /** The reader's image type in the file's own non-sRGB RGB colour space, if it offers one. */
    private static Optional<ImageTypeSpecifier> embeddedProfileType(ImageReader reader) {
        try {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            while (types.hasNext()) {
                ImageTypeSpecifier type = types.next();
                if (isUnmanagedRgb(type.getColorModel())) {
                    return Optional.of(type);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("image types unavailable, decoding with the reader's default: {}", e.toString());
        }
        return Optional.empty();
    }

    /** An RGB colour model whose colour space is an embedded profile other than sRGB. */
    private static boolean isUnmanagedRgb(ColorModel cm) {
        ColorSpace cs = cm.getColorSpace();
        return cm instanceof ComponentColorModel
                && cs.getType() == ColorSpace.TYPE_RGB
                && !cs.isCS_sRGB()
                && !cm.isAlphaPremultiplied()
                && (cm.getTransferType() == DataBuffer.TYPE_BYTE || cm.getTransferType() == DataBuffer.TYPE_USHORT);
    }

    /**
     * {@code image} as {@link BufferedImage#TYPE_INT_RGB}: alpha over white, grey replicated without gamma change,
     * samples wider than 8 bits scaled (rounded) to 0..255, an embedded RGB profile applied or ignored as
     * {@code profile} says; {@code image} itself if it already is that type.
     */
    static BufferedImage toRgb(BufferedImage image, DecodeOptions.ColorProfile profile) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (isPlainGrey(cm, raster)) {
            // getRGB would treat Java's linear CS_GRAY as needing a gamma change; photo grey is already sRGB-like.
            return fromSamples(raster, cm, 1);
        }
        if (profile == DecodeOptions.ColorProfile.IGNORE && isUnmanagedRgb(cm)
                && raster.getNumBands() == (cm.hasAlpha() ? 4 : 3)) {
            return fromSamples(raster, cm, 3);
        }
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR && cm.getColorSpace().isCS_sRGB()) {
            return fromSrgbBytes(raster);
        }
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] out = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        int[] row = new int[w];
        boolean alpha = cm.hasAlpha();
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                if (alpha) {
                    int a = p >>> 24;
                    p = (overWhite((p >> 16) & 0xff, a) << 16) | (overWhite((p >> 8) & 0xff, a) << 8) | overWhite(p & 0xff, a);
                }
                out[y * w + x] = p & 0xffffff;
            }
        }
        return rgb;
    }

    /**
     * A {@code TYPE_3BYTE_BGR} sRGB raster (what ImageIO decodes a JPEG without an ICC profile to) copied row by row:
     * for 8-bit sRGB {@code getRGB} returns the stored bytes unchanged, so this equals the {@code getRGB} path without
     * its per-pixel colour model calls. {@code getDataElements} gives each pixel's bytes in band order, R, G, B.
     */
    private static BufferedImage fromSrgbBytes(Raster raster) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] out = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        byte[] row = new byte[3 * w];
        for (int y = 0; y < h; y++) {
            raster.getDataElements(raster.getMinX(), raster.getMinY() + y, w, 1, row);
            for (int x = 0, i = 0; x < w; x++, i += 3) {
                out[y * w + x] = ((row[i] & 0xff) << 16) | ((row[i + 1] & 0xff) << 8) | (row[i + 2] & 0xff);
            }
        }
        return rgb;
    }

    /** RGB from the raster's samples taken as they are: 1 (grey) or 3 colour bands, optionally followed by alpha. */
    private static BufferedImage fromSamples(Raster raster, ColorModel cm, int colours) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] out = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        boolean alpha = raster.getNumBands() > colours;
        int bands = raster.getNumBands();
        int[] max = new int[bands];
        for (int b = 0; b < bands; b++) {
            max[b] = (1 << cm.getComponentSize(b)) - 1;
        }
        int[] samples = new int[w * bands];
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, samples);
            for (int x = 0; x < w; x++) {
                int i = x * bands;
                int a = alpha ? to8(samples[i + colours], max[colours]) : 255;
                int r = to8(samples[i], max[0]);
                int g = colours == 3 ? to8(samples[i + 1], max[1]) : r;
                int b = colours == 3 ? to8(samples[i + 2], max[2]) : r;
                if (a != 255) {
                    r = overWhite(r, a);
                    g = overWhite(g, a);
                    b = overWhite(b, a);
                }
                out[y * w + x] = (r << 16) | (g << 8) | b;
            }
        }
        return rgb;
    }

    private static boolean isPlainGrey(ColorModel cm, Raster raster) {
        int bands = raster.getNumBands();
        int transfer = raster.getTransferType();
        return cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && !(cm instanceof IndexColorModel)
                && !cm.isAlphaPremultiplied()
                && (bands == 1 || (bands == 2 && cm.hasAlpha()))
                && (transfer == DataBuffer.TYPE_BYTE || transfer == DataBuffer.TYPE_USHORT);
    }

    private static int to8(int value, int max) {
        return max == 255 ? value : (int) ((value * 255L + max / 2) / max);
    }

    private static int overWhite(int channel, int alpha) {
        return (channel * alpha + 255 * (255 - alpha) + 127) / 255;
    }

    static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
