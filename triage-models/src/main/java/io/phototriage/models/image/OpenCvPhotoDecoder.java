package io.phototriage.models.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2BGRA;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGBA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.image.DecodeOptions;
import io.phototriage.core.image.EmbeddedJpegDecoder;
import io.phototriage.core.image.ExifOrientation;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.image.JpegHeader;
import io.phototriage.core.image.PhotoDecodeException;
import io.phototriage.core.image.PhotoDecoder;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes JPEG photos inside libjpeg (OpenCV's bundled libjpeg-turbo), at reduced scale when the options ask for it
 * ({@code scale_denom} 2, 4 or 8): the inverse DCT itself produces the smaller image, so a 12 MP photo asked for at
 * ~1000 pixels costs a fraction of the full decode in time and memory, and the pixels are a proper average of each
 * block rather than the decimation of {@link ImageIoPhotoDecoder}'s source subsampling. They equal Pillow's
 * {@code Image.draft("RGB", (w // f, h // f))} byte for byte (checked on coco128 photos and a 12 MP JPEG).
 *
 * <p>At full scale (a reduction below 2, or {@link DecodeOptions#FULL_RESOLUTION}) the pixels are those of the
 * ImageIO decoder byte for byte (both are libjpeg's integer IDCT, fancy upsampling and colour conversion; checked on
 * all 128 coco128 photos and the baseline, progressive, 4:2:0, 4:2:2, ICC and rotated test JPEGs), in about a third
 * of the time: libjpeg-turbo's SIMD decode against ImageIO's plain libjpeg and Java colour conversion.
 *
 * <p>The scale is the largest of 8, 4 and 2 not above {@link DecodeOptions#subsamplingFactor}, so the decoded
 * longer side stays {@code >= targetLongSide}; the decoded size is {@code ceil(stored / scale)}. Note that this is
 * a power of two, where the ImageIO decoder subsamples by any integer: for the same options the two decoders can
 * return different sizes.
 *
 * <p>This path is taken only for an 8-bit baseline or progressive JPEG (recognised by its content) with 1 or 3
 * colour components whose markers hold together up to the EOI that ends it ({@link JpegHeader#markersIntact}: not
 * cut short, no damaged scan data) and, with {@link DecodeOptions.ColorProfile#CONVERT_TO_SRGB}, no embedded ICC
 * profile. Before any pixel is decoded it runs the same file and pixel guards as the ImageIO
 * decoder ({@link DecodeOptions#checkFile}, {@link DecodeOptions#checkPixels}, the size read from the frame
 * header). The EXIF orientation is then applied with {@link ExifOrientation#read}, and
 * {@link DecodedPhoto#originalWidth()}/{@code originalHeight()} are the oriented full size.
 *
 * <p>Every other file (PNG, WebP, CMYK JPEG, a JPEG cut short or damaged, a file OpenCV fails on) is decoded by an
 * {@link ImageIoPhotoDecoder} with the same options, so results and {@link PhotoDecodeException} messages on odd
 * files are exactly those of that decoder.
 *
 * <p>Thread-safe: each call allocates its own native buffers, released before it returns.
 */
public final class OpenCvPhotoDecoder implements PhotoDecoder, EmbeddedJpegDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(OpenCvPhotoDecoder.class);
    private static final int MAX_IN_MEMORY_BYTES = Integer.MAX_VALUE - 16;

    private final DecodeOptions options;
    private final ImageIoPhotoDecoder fallback;

    /**
     * A decoder with {@code options}; loads the OpenCV natives now.
     *
     * @param options size limits, target size and orientation handling (shared with the ImageIO fallback)
     * @throws IllegalStateException if the OpenCV natives for this platform cannot be loaded
     */
    public OpenCvPhotoDecoder(DecodeOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.fallback = new ImageIoPhotoDecoder(options);
        loadNatives();
    }

    /**
     * A decoder with {@link DecodeOptions#defaults()} that decodes down to about {@code targetLongSide}.
     *
     * @param targetLongSide the wanted long side, in pixels
     * @return a new decoder
     * @throws IllegalStateException if the OpenCV natives for this platform cannot be loaded
     */
    public static OpenCvPhotoDecoder withTargetLongSide(int targetLongSide) {
        return new OpenCvPhotoDecoder(DecodeOptions.defaults().withTargetLongSide(targetLongSide));
    }

    /**
     * The options this decoder (and its ImageIO fallback) uses.
     *
     * @return the options given at construction
     */
    public DecodeOptions options() {
        return options;
    }

    /**
     * The libjpeg scale denominator for a wanted subsampling factor: the largest of 8, 4 and 2 not above it, or 1
     * when it is below 2.
     *
     * @param subsamplingFactor how many source pixels per output pixel would be enough, per side
     * @return 8, 4, 2 or 1
     */
    public static int scaleDenominator(int subsamplingFactor) {
        if (subsamplingFactor >= 8) {
            return 8;
        }
        if (subsamplingFactor >= 4) {
            return 4;
        }
        return subsamplingFactor >= 2 ? 2 : 1;
    }

    @Override
    public DecodedPhoto decode(Photo photo) throws PhotoDecodeException {
        Path path = photo.path();
        options.checkFile(path);
        Optional<byte[]> jpeg = readJpeg(path);
        if (jpeg.isEmpty()) {
            return fallback.decode(photo);
        }
        byte[] bytes = jpeg.get();
        Optional<JpegHeader> parsed = JpegHeader.parse(bytes);
        if (parsed.isEmpty() || !suitsLibjpeg(parsed.get())) {
            return fallback.decode(photo);
        }
        JpegHeader header = parsed.get();
        options.checkPixels(path, header.width(), header.height());
        int scale = scaleDenominator(options.subsamplingFactor(header.width(), header.height()));
        if (!JpegHeader.markersIntact(bytes)) {
            // A file cut short or with damaged scan data is left to the ImageIO decoder, which reports it (or fills
            // it in when accepted); libjpeg would fill it in silently, with a warning on stderr.
            return fallback.decode(photo);
        }
        BufferedImage stored;
        try {
            stored = decodeScaled(bytes, scale, ceilDiv(header.width(), scale), ceilDiv(header.height(), scale));
        } catch (RuntimeException e) {
            LOG.debug("{}: OpenCV could not decode it, decoding with ImageIO instead: {}", path, e.toString());
            return fallback.decode(photo);
        }
        ExifOrientation orientation = ExifOrientation.read(path);
        BufferedImage upright = orientation.apply(stored);
        int originalWidth = orientation.swapsAxes() ? header.height() : header.width();
        int originalHeight = orientation.swapsAxes() ? header.width() : header.height();
        return new DecodedPhoto(photo, upright, originalWidth, originalHeight);
    }

    /**
     * Decodes an in-memory JPEG (a RAW file's embedded preview, see {@code RawPreviewDecoder}) the way
     * {@link #decode} decodes a JPEG file: inside libjpeg (at 1/2, 1/4 or 1/8 scale when the options ask for a
     * reduction) when the JPEG suits it, otherwise (and if OpenCV fails) with the ImageIO decoder of the same options.
     * The pixel guard is the caller's.
     */
    @Override
    public BufferedImage decodeEmbedded(Path path, byte[] jpeg, JpegHeader header) throws PhotoDecodeException {
        int scale = scaleDenominator(options.subsamplingFactor(header.width(), header.height()));
        if (suitsLibjpeg(header) && JpegHeader.markersIntact(jpeg)) {
            try {
                return decodeScaled(jpeg, scale, ceilDiv(header.width(), scale), ceilDiv(header.height(), scale));
            } catch (RuntimeException e) {
                LOG.debug("{}: OpenCV could not decode the embedded JPEG, decoding with ImageIO instead: {}", path,
                        e.toString());
            }
        }
        return fallback.decodeEmbedded(path, jpeg, header);
    }

    private boolean suitsLibjpeg(JpegHeader header) {
        return header.baseline()
                && (header.components() == 1 || header.components() == 3)
                && header.width() > 0 && header.height() > 0
                && !(header.iccProfile() && options.colorProfile() == DecodeOptions.ColorProfile.CONVERT_TO_SRGB);
    }

    /** The whole file if it starts like a JPEG and fits in an array; empty otherwise or when it cannot be read. */
    private static Optional<byte[]> readJpeg(Path path) {
        try {
            byte[] head = new byte[3];
            int n;
            try (InputStream in = Files.newInputStream(path)) {
                n = in.readNBytes(head, 0, head.length);
            }
            if (!JpegHeader.isJpeg(head, n) || Files.size(path) > MAX_IN_MEMORY_BYTES) {
                return Optional.empty();
            }
            return Optional.of(Files.readAllBytes(path));
        } catch (IOException e) {
            // The ImageIO decoder reads it again and says what is wrong.
            LOG.debug("{}: cannot read it for OpenCV: {}", path, e.toString());
            return Optional.empty();
        }
    }

    /**
     * Decodes at {@code 1/scale} (1, 2, 4 or 8) inside libjpeg, EXIF orientation ignored, into a {@link BufferedImage#TYPE_INT_RGB}
     * of the expected size.
     *
     * @throws IllegalStateException if OpenCV returns nothing or an unexpected size or type
     */
    private static BufferedImage decodeScaled(byte[] jpeg, int scale, int width, int height) {
        int flags = IMREAD_IGNORE_ORIENTATION | switch (scale) {
            case 8 -> IMREAD_REDUCED_COLOR_8;
            case 4 -> IMREAD_REDUCED_COLOR_4;
            case 2 -> IMREAD_REDUCED_COLOR_2;
            default -> IMREAD_COLOR;
        };
        try (PointerScope scope = new PointerScope()) {
            BytePointer data = new BytePointer(jpeg);
            Mat buffer = new Mat(1, jpeg.length, CV_8UC1, data);
            Mat bgr = imdecode(buffer, flags);
            if (bgr.empty()) {
                throw new IllegalStateException("imdecode returned an empty image");
            }
            if (bgr.cols() != width || bgr.rows() != height || bgr.type() != CV_8UC3) {
                throw new IllegalStateException("imdecode returned " + bgr.cols() + "x" + bgr.rows() + " of type "
                        + bgr.type() + ", expected " + width + "x" + height + " 8-bit BGR");
            }
            // Four bytes per pixel read as native ints give 0xAARRGGBB on little-endian machines: TYPE_INT_RGB
            // in one bulk copy, with no per-pixel getRGB/setRGB.
            boolean littleEndian = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
            Mat packed = new Mat();
            cvtColor(bgr, packed, littleEndian ? COLOR_BGR2BGRA : COLOR_BGR2RGBA);
            // a full-scale decode of a big photo holds the file, BGR, BGRA and the Java pixels: free what is done with
            bgr.release();
            buffer.release();
            data.close();
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
            new IntPointer(packed.data()).get(pixels);
            if (littleEndian) {
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] &= 0xffffff; // alpha byte cleared, as ImageIO leaves it
                }
            } else {
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] >>>= 8; // RGBA -> 00RRGGBB
                }
            }
            return image;
        }
    }

    private static int ceilDiv(int value, int divisor) {
        return (value + divisor - 1) / divisor;
    }

    private static void loadNatives() {
        try {
            Class.forName("org.bytedeco.javacpp.Loader", false, OpenCvPhotoDecoder.class.getClassLoader());
            Class.forName("org.bytedeco.opencv.global.opencv_imgcodecs", false, OpenCvPhotoDecoder.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("OpenCvPhotoDecoder needs JavaCV, an optional dependency of triage-models: add"
                    + " org.bytedeco:javacv-platform (narrowed with -Djavacpp.platform=linux-x86_64 or your platform; see"
                    + " docs/using-the-library.md), or use ImageIoPhotoDecoder", e);
        }
        try {
            Loader.load(opencv_imgcodecs.class);
            Loader.load(opencv_imgproc.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            throw new IllegalStateException("cannot load the OpenCV natives for platform " + Loader.getPlatform() + " ("
                    + e + "); put org.bytedeco:javacv-platform (with -Djavacpp.platform for this platform) on the class path"
                    + " (-Djavacpp.platform=...), or use ImageIoPhotoDecoder", e);
        }
    }
}
