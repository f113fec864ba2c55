package io.phototriage.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.testing.ConcurrentCalls;
import io.phototriage.core.testing.JpegQuirks;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ImageIoPhotoDecoder} on the odd files a backup drive holds. Files Java cannot write come from
 * {@code tools/export/export.py golden-images} (src/test/resources/images, described in its scene.json); the
 * rest are written here with ImageIO.
 */
class ImageIoPhotoDecoderTest {
    /** Lossy files (JPEG, lossy WebP) may differ this much per channel from the colours that were encoded. */
    private static final int LOSSY_TOLERANCE = 40;
    private static final int SCENE_W = 48;
    private static final int SCENE_H = 32;

    private final ImageIoPhotoDecoder decoder = ImageIoPhotoDecoder.defaults();

    @TempDir
    Path tmp;

    // ---------------------------------------------------------------- orientation

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"orient-1.jpg", "orient-2.jpg", "orient-3.jpg", "orient-4.jpg", "orient-5.jpg",
            "orient-6.jpg", "orient-7.jpg", "orient-8.jpg", "orient-6.png", "orient-8.webp", "orient-3.tif"})
    void exifOrientationIsAppliedSoTheSceneIsUpright(String file) throws Exception {
        DecodedPhoto decoded = decoder.decode(Photo.of(resource(file)));

        assertThat(decoded.image().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(decoded.width()).isEqualTo(SCENE_W);
        assertThat(decoded.height()).isEqualTo(SCENE_H);
        assertThat(decoded.originalWidth()).isEqualTo(SCENE_W);
        assertThat(decoded.originalHeight()).isEqualTo(SCENE_H);
        assertUprightScene(decoded.image(), file.endsWith(".jpg") ? LOSSY_TOLERANCE : 0);
    }

    @Test
    void orientationAndSubsamplingTogetherReportTheOrientedOriginalSize() throws Exception {
        // orient-6.jpg stores 32x48 pixels; factor floor(48 / 16) = 3 decodes ceil(32/3) x ceil(48/3) = 11x16.
        ImageIoPhotoDecoder scaled = new ImageIoPhotoDecoder(DecodeOptions.defaults().withTargetLongSide(16));

        DecodedPhoto decoded = scaled.decode(Photo.of(resource("orient-6.jpg")));

        assertThat(decoded.width()).isEqualTo(16);
        assertThat(decoded.height()).isEqualTo(11);
        assertThat(decoded.originalWidth()).isEqualTo(SCENE_W);
        assertThat(decoded.originalHeight()).isEqualTo(SCENE_H);
        assertThat(rgb(decoded.image(), 0, 0)).satisfies(p -> assertClose(p, new int[] {230, 30, 30}, LOSSY_TOLERANCE));
    }

    // ---------------------------------------------------------------- formats

    static Stream<Arguments> formatFiles() {
        return Stream.of(
                // file, point x, point y, expected RGB, tolerance
                Arguments.of("progressive.jpg", 6, 4, new int[] {230, 30, 30}, LOSSY_TOLERANCE),
                Arguments.of("progressive.jpg", 24, 16, new int[] {128, 128, 128}, LOSSY_TOLERANCE),
                Arguments.of("lossy.webp", 42, 4, new int[] {30, 200, 30}, LOSSY_TOLERANCE),
                Arguments.of("lossy.webp", 6, 28, new int[] {30, 30, 230}, LOSSY_TOLERANCE),
                Arguments.of("alpha.webp", 5, 5, new int[] {255, 0, 0}, 0),
                Arguments.of("alpha.webp", 40, 5, new int[] {255, 255, 255}, 0),
                Arguments.of("animated.gif", 10, 10, new int[] {255, 0, 0}, 0),
                // 16-bit grey ramp: 0, round(33464 * 255 / 65535) = 130, 255; grey is replicated without gamma.
                Arguments.of("grey16.png", 0, 0, new int[] {0, 0, 0}, 0),
                Arguments.of("grey16.png", 24, 0, new int[] {130, 130, 130}, 0),
                Arguments.of("grey16.png", 47, 31, new int[] {255, 255, 255}, 0));
    }

    @ParameterizedTest(name = "{0} at ({1},{2})")
    @MethodSource("formatFiles")
    void formatsJavaCannotWriteDecodeToTheExpectedColours(String file, int x, int y, int[] expected, int tolerance)
            throws Exception {
        DecodedPhoto decoded = decoder.decode(Photo.of(resource(file)));

        assertThat(decoded.width()).isEqualTo(SCENE_W);
        assertThat(decoded.height()).isEqualTo(SCENE_H);
        assertThat(decoded.image().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertClose(rgb(decoded.image(), x, y), expected, tolerance);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cmyk.jpg", "ycck.jpg"})
    void cmykAndYcckJpegsAreConvertedToRgb(String file) throws Exception {
        // Adobe CMYK goes through an ICC CMYK profile, so only the hue is checked, not exact values.
        DecodedPhoto decoded = decoder.decode(Photo.of(resource(file)));

        assertThat(decoded.width()).isEqualTo(SCENE_W);
        int[] red = rgb(decoded.image(), 6, 4);
        int[] green = rgb(decoded.image(), 42, 4);
        int[] blue = rgb(decoded.image(), 6, 28);
        int[] grey = rgb(decoded.image(), 24, 16);
        assertThat(red[0]).as("red block %s", Arrays.toString(red)).isGreaterThan(Math.max(red[1], red[2]) + 80);
        assertThat(green[1]).as("green block %s", Arrays.toString(green)).isGreaterThan(Math.max(green[0], green[2]) + 60);
        assertThat(blue[2]).as("blue block %s", Arrays.toString(blue)).isGreaterThan(Math.max(blue[0], blue[1]) + 60);
        assertThat(Math.max(grey[0], Math.max(grey[1], grey[2])) - Math.min(grey[0], Math.min(grey[1], grey[2])))
                .as("grey stays neutral %s", Arrays.toString(grey)).isLessThan(30);
    }

    @Test
    void ycckJpegDecodesLikeTheCmykJpegOfTheSameInk() throws Exception {
        int[] cmyk = pixels(decoder.decode(Photo.of(resource("cmyk.jpg"))).image());
        int[] ycck = pixels(decoder.decode(Photo.of(resource("ycck.jpg"))).image());

        assertThat(ycck).hasSameSizeAs(cmyk);
        for (int i = 0; i < cmyk.length; i++) {
            // Tolerance: both are lossy JPEGs of the same ink, one coded as CMYK, one as YCbCr + K.
            assertClose(new int[] {(ycck[i] >> 16) & 0xff, (ycck[i] >> 8) & 0xff, ycck[i] & 0xff},
                    new int[] {(cmyk[i] >> 16) & 0xff, (cmyk[i] >> 8) & 0xff, cmyk[i] & 0xff}, 8);
        }
    }

    /** A file written with ImageIO, the point to check and the colour expected there. */
    record Written(String name, String format, BufferedImage image, int x, int y, int[] expected, int tolerance) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Written> javaWrittenFiles() {
        return Stream.of(
                new Written("rgb.png", "png", filled(BufferedImage.TYPE_INT_RGB, 0x336699), 3, 3, new int[] {0x33, 0x66, 0x99}, 0),
                new Written("grey8.png", "png", grey8(128), 3, 3, new int[] {128, 128, 128}, 0),
                new Written("rgb16.png", "png", rgb16(0xffff, 0x8080, 0x0101), 3, 3, new int[] {255, 128, 1}, 0),
                // (255, 0, 0) at alpha 128 over white: (0 * 128 + 255 * 127 + 127) / 255 = 127.
                new Written("half-alpha.png", "png", filled(BufferedImage.TYPE_INT_ARGB, 0x80ff0000), 3, 3, new int[] {255, 127, 127}, 0),
                new Written("transparent.png", "png", filled(BufferedImage.TYPE_INT_ARGB, 0x00123456), 3, 3, new int[] {255, 255, 255}, 0),
                new Written("palette.png", "png", palette(false), 1, 1, new int[] {10, 200, 30}, 0),
                new Written("palette-transparent.gif", "gif", palette(true), 1, 1, new int[] {255, 255, 255}, 0),
                new Written("palette.gif", "gif", palette(false), 1, 1, new int[] {10, 200, 30}, 0),
                new Written("rgb.bmp", "bmp", filled(BufferedImage.TYPE_3BYTE_BGR, 0xc08040), 3, 3, new int[] {0xc0, 0x80, 0x40}, 0),
                new Written("rgb.tif", "tiff", filled(BufferedImage.TYPE_INT_RGB, 0x0a0b0c), 3, 3, new int[] {0x0a, 0x0b, 0x0c}, 0),
                new Written("grey.jpg", "jpeg", grey8(200), 3, 3, new int[] {200, 200, 200}, 2),
                new Written("rgb.jpg", "jpeg", filled(BufferedImage.TYPE_INT_RGB, 0x20a040), 3, 3, new int[] {0x20, 0xa0, 0x40}, 8),
                // Content decides the format: a PNG named .jpg decodes.
                new Written("png-named.jpg", "png", filled(BufferedImage.TYPE_INT_RGB, 0x445566), 3, 3, new int[] {0x44, 0x55, 0x66}, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javaWrittenFiles")
    void javaWrittenFormatsDecodeToRgbWithAlphaOverWhite(Written w) throws Exception {
        Path file = tmp.resolve(w.name());
        assertThat(ImageIO.write(w.image(), w.format(), file.toFile())).as("ImageIO wrote %s", w.format()).isTrue();

        DecodedPhoto decoded = decoder.decode(Photo.of(file));

        assertThat(decoded.image().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(decoded.width()).isEqualTo(w.image().getWidth());
        assertThat(decoded.height()).isEqualTo(w.image().getHeight());
        assertClose(rgb(decoded.image(), w.x(), w.y()), w.expected(), w.tolerance());
    }

    @Test
    void everyCoco128PhotoDecodesToItsAnnotatedSize() throws Exception {
        Path coco = Path.of(System.getProperty("phototriage.shared")).resolve("data/coco128");
        JsonNode images = new ObjectMapper().readTree(coco.resolve("annotations.json").toFile()).get("images");
        assertThat(images).hasSize(128);
        for (JsonNode image : images) {
            DecodedPhoto decoded = decoder.decode(Photo.of(coco.resolve("images").resolve(image.get("file_name").asText())));
            assertThat(decoded.width()).as(image.get("file_name").asText()).isEqualTo(image.get("width").asInt());
            assertThat(decoded.height()).as(image.get("file_name").asText()).isEqualTo(image.get("height").asInt());
            assertThat(decoded.originalWidth()).isEqualTo(decoded.width());
        }
    }

    // ---------------------------------------------------------------- parity with Pillow

    static Stream<Arguments> pilParityCases() throws Exception {
        JsonNode parity = new ObjectMapper().readTree(resource("pil-rgb.json").toFile());
        Path coco = Path.of(System.getProperty("phototriage.shared")).resolve("data/coco128/images");
        List<Arguments> cases = new ArrayList<>();
        parity.get("images").fields().forEachRemaining(e -> cases.add(Arguments.of(e.getKey(), e.getValue())));
        parity.get("coco128").fields().forEachRemaining(
                e -> cases.add(Arguments.of(coco.resolve(e.getKey()).toString(), e.getValue())));
        assertThat(cases).hasSize(5 + 128);
        return cases.stream();
    }

    /**
     * The decoded bytes equal {@code ImageOps.exif_transpose(Image.open(f)).convert("RGB")} (golden-images
     * pil-rgb.json): tolerance 0, compared by SHA-256, with the mean per channel to show how far off a mismatch is.
     * Covers 4:4:4, 4:2:2, 4:2:0, progressive, and JPEG/PNG with an embedded camera RGB ICC profile.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("pilParityCases")
    void decodedPixelsEqualPillowsExactly(String file, JsonNode expected) throws Exception {
        Path path = file.contains("/") ? Path.of(file) : resource(file);

        BufferedImage image = decoder.decode(Photo.of(path)).image();

        assertThat(image.getWidth()).isEqualTo(expected.get("width").asInt());
        assertThat(image.getHeight()).isEqualTo(expected.get("height").asInt());
        byte[] rgb = new byte[image.getWidth() * image.getHeight() * 3];
        double[] mean = new double[3];
        int i = 0;
        for (int p : pixels(image)) {
            for (int c = 0; c < 3; c++) {
                int v = (p >> (16 - 8 * c)) & 0xff;
                rgb[i++] = (byte) v;
                mean[c] += v;
            }
        }
        for (int c = 0; c < 3; c++) {
            mean[c] /= (double) image.getWidth() * image.getHeight();
        }
        assertThat(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(rgb)))
                .as("SHA-256 of RGB bytes; Java mean %s, Pillow mean %s", Arrays.toString(mean), expected.get("mean_rgb"))
                .isEqualTo(expected.get("sha256").asText());
    }

    @Test
    void convertingTheEmbeddedProfileChangesJpegPixelsAwayFromPillows() throws Exception {
        // Only JPEG: the JDK PNG reader ignores iCCP, so a PNG decodes the same under both policies.
        ImageIoPhotoDecoder managed = new ImageIoPhotoDecoder(
                DecodeOptions.defaults().withColorProfile(DecodeOptions.ColorProfile.CONVERT_TO_SRGB));
        for (String file : List.of("icc-camera-rgb.jpg")) {
            int[] raw = pixels(decoder.decode(Photo.of(resource(file))).image());
            int[] converted = pixels(managed.decode(Photo.of(resource(file))).image());
            long differing = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] != converted[i]) {
                    differing++;
                }
            }
            assertThat(differing).as("%s pixels changed by the camera RGB -> sRGB conversion", file)
                    .isGreaterThan(raw.length / 10);
        }
    }

    // ---------------------------------------------------------------- reduced-scale decoding

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"png", "jpeg", "bmp"})
    void subsampledDecodeOfBigPhotoKeepsLongSideAboveTargetAndMapsBoxesBack(String format) throws Exception {
        int w = 2400;
        int h = 1600;
        BufferedImage big = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = big.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(900, 500, 600, 600);
        g.dispose();
        Path file = tmp.resolve("big." + format);
        ImageIO.write(big, format, file.toFile());
        ImageIoPhotoDecoder scaled = new ImageIoPhotoDecoder(DecodeOptions.defaults().withTargetLongSide(500));

        DecodedPhoto decoded = scaled.decode(Photo.of(file));

        // factor floor(2400 / 500) = 4: 600x400, long side 600 >= 500.
        assertThat(decoded.width()).isEqualTo(600);
        assertThat(decoded.height()).isEqualTo(400);
        assertThat(decoded.originalWidth()).isEqualTo(w);
        assertThat(decoded.originalHeight()).isEqualTo(h);
        BoundingBox original = decoded.toOriginal(whiteBox(decoded.image()));
        // Tolerance: one subsampling step (4 original pixels) on each edge.
        assertThat(original.x0()).isCloseTo(900, offset(4.0));
        assertThat(original.y0()).isCloseTo(500, offset(4.0));
        assertThat(original.x1()).isCloseTo(1500, offset(4.0));
        assertThat(original.y1()).isCloseTo(1100, offset(4.0));
    }

    @ParameterizedTest(name = "{0}x{1} target {2} -> factor {3}")
    @CsvSource({
        "2400, 1600, 0, 1",
        "2400, 1600, 500, 4",
        "1600, 2400, 500, 4",
        "999, 10, 500, 1",
        "1000, 10, 500, 2",
        "6000, 4000, 1024, 5",
        "100, 100, 224, 1",
    })
    void subsamplingFactorIsTheLargestThatKeepsLongSideAtLeastTarget(int w, int h, int target, int factor) {
        DecodeOptions options = DecodeOptions.defaults().withTargetLongSide(target);

        assertThat(options.subsamplingFactor(w, h)).isEqualTo(factor);
        if (target > 0) {
            assertThat((Math.max(w, h) + factor - 1) / factor).isGreaterThanOrEqualTo(Math.min(target, Math.max(w, h)));
        }
    }

    @Test
    void decodeOptionsRejectInvalidValues() {
        assertThatThrownBy(() -> DecodeOptions.defaults().withMaxPixels(0)).hasMessageContaining("maxPixels");
        assertThatThrownBy(() -> DecodeOptions.defaults().withMaxFileBytes(-1)).hasMessageContaining("maxFileBytes");
        assertThatThrownBy(() -> DecodeOptions.defaults().withTargetLongSide(-5)).hasMessageContaining("targetLongSide");
    }

    // ---------------------------------------------------------------- failures

    /** A broken file to create and the fragment the error message must contain. */
    record Broken(String name, Setup setup, String reason) {
        interface Setup {
            void create(Path file) throws IOException;
        }

        @Override
        public String toString() {
            return name + " -> " + reason;
        }
    }

    static Stream<Broken> brokenFiles() {
        return Stream.of(
                new Broken("empty.jpg", f -> Files.write(f, new byte[0]), "file is empty (0 bytes)"),
                new Broken("notes.jpg", f -> Files.writeString(f, "shopping list: milk, eggs\n"), "its content is text"),
                new Broken("IMG_0001.jpg", f -> Files.write(f, heicHeader()), "HEIC"),
                new Broken("noise.jpg", f -> Files.write(f, new Random(7).ints(64, 0, 256).collect(
                        ByteArrayOutputStream::new, ByteArrayOutputStream::write, (a, b) -> { }).toByteArray()), "unknown format"),
                new Broken("truncated.jpg", f -> Files.write(f, half(encode(noise(200, 150), "jpeg"))), "image data is truncated"),
                new Broken("truncated-progressive.jpg", f -> Files.write(f, half(progressiveJpeg(noise(200, 150)))), "truncated"),
                new Broken("header-only.jpg", f -> Files.write(f, Arrays.copyOf(encode(noise(200, 150), "jpeg"), 40)), "cannot be decoded"),
                new Broken("truncated.png", f -> Files.write(f, half(encode(noise(200, 150), "png"))), "cannot be decoded"),
                new Broken("album.jpg", Files::createDirectory, "is a directory"),
                new Broken("gone.jpg", f -> { }, "file not found"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void brokenFileGivesPhotoDecodeExceptionNamingFileAndReason(Broken broken) throws Exception {
        Path file = tmp.resolve(broken.name());
        broken.setup().create(file);

        assertThatThrownBy(() -> decoder.decode(Photo.of(file)))
                .isInstanceOf(PhotoDecodeException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(broken.reason())
                .satisfies(e -> assertThat(((PhotoDecodeException) e).path()).isEqualTo(file));
    }

    static Stream<Arguments> jpegQuirksPillowAccepts() throws IOException {
        byte[] jpeg = encode(noise(64, 48), "jpeg");
        byte[] junkBeforeEoi = JpegQuirks.junkBeforeEoi(jpeg);
        byte[] trailer = Arrays.copyOf(jpeg, jpeg.length + 1000);
        Arrays.fill(trailer, jpeg.length, trailer.length, (byte) 0x5a);
        return Stream.of(
                Arguments.of("extraneous bytes before the EOI marker", junkBeforeEoi),
                Arguments.of("a trailer after EOI (as phones append)", trailer));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jpegQuirksPillowAccepts")
    void jpegWithHarmlessQuirksDecodesAtFullSize(String quirk, byte[] bytes) throws Exception {
        Path file = tmp.resolve("quirk.jpg");
        Files.write(file, bytes);

        DecodedPhoto decoded = decoder.decode(Photo.of(file));

        assertThat(decoded.width()).isEqualTo(64);
        assertThat(decoded.height()).isEqualTo(48);
    }

    @Test
    void truncatedJpegIsAcceptedWhenAskedAndKeepsItsFullSize() throws Exception {
        Path file = tmp.resolve("truncated.jpg");
        Files.write(file, half(encode(noise(200, 150), "jpeg")));
        ImageIoPhotoDecoder lenient = new ImageIoPhotoDecoder(DecodeOptions.defaults().withAcceptTruncated(true));

        DecodedPhoto decoded = lenient.decode(Photo.of(file));

        assertThat(decoded.width()).isEqualTo(200);
        assertThat(decoded.height()).isEqualTo(150);
    }

    @Test
    void photoOverThePixelLimitFailsBeforeDecoding() throws Exception {
        ImageIoPhotoDecoder small = new ImageIoPhotoDecoder(SCENE_W * SCENE_H - 1L);

        assertThatThrownBy(() -> small.decode(Photo.of(resource("orient-1.jpg"))))
                .isInstanceOf(PhotoDecodeException.class)
                .hasMessageContaining("48x32 = 1536 pixels, over the limit of 1535")
                .hasMessageContaining("DecodeOptions.maxPixels");
    }

    @Test
    void fileOverTheSizeLimitFailsBeforeReading() throws Exception {
        Path photo = resource("orient-1.jpg");
        ImageIoPhotoDecoder small = new ImageIoPhotoDecoder(DecodeOptions.defaults().withMaxFileBytes(100));

        assertThatThrownBy(() -> small.decode(Photo.of(photo)))
                .isInstanceOf(PhotoDecodeException.class)
                .hasMessageContaining("file is " + Files.size(photo) + " bytes, over the limit of 100 bytes");
    }

    @Test
    void unreadableFileGivesPhotoDecodeException() throws Exception {
        Path file = tmp.resolve("secret.png");
        ImageIO.write(filled(BufferedImage.TYPE_INT_RGB, 0), "png", file.toFile());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "permissions do not stop this user (root) from reading");

        assertThatThrownBy(() -> decoder.decode(Photo.of(file)))
                .isInstanceOf(PhotoDecodeException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("no permission to read");
    }

    // ---------------------------------------------------------------- threads

    @Test
    void concurrentDecodesGiveTheSamePixelsAsSequentialOnes() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String name : List.of("orient-1.jpg", "orient-6.jpg", "orient-8.webp", "orient-3.tif", "cmyk.jpg",
                "progressive.jpg", "grey16.png", "animated.gif")) {
            files.add(resource(name));
        }
        Path coco = Path.of(System.getProperty("phototriage.shared")).resolve("data/coco128/images");
        files.add(coco.resolve("000000000009.jpg"));
        files.add(coco.resolve("000000000025.jpg"));
        List<Callable<int[]>> decodes = new ArrayList<>();
        for (Path f : files) {
            decodes.add(() -> pixels(decoder.decode(Photo.of(f)).image()));
        }
        ConcurrentCalls.assertSameAsSequential(decodes, files.stream().map(Path::toString).toList(), 8, 4);
    }

    // ---------------------------------------------------------------- helpers

    private static Path resource(String name) throws URISyntaxException {
        var url = ImageIoPhotoDecoderTest.class.getResource("/images/" + name);
        assertThat(url).as("test resource images/%s (tools/export/export.py golden-images)", name).isNotNull();
        return Path.of(url.toURI());
    }

    /** The scene of golden_images.py: grey, red block top left, green top right, blue bottom left (12x8 each). */
    private static void assertUprightScene(BufferedImage image, int tolerance) {
        assertClose(rgb(image, 6, 4), new int[] {230, 30, 30}, tolerance);
        assertClose(rgb(image, 42, 4), new int[] {30, 200, 30}, tolerance);
        assertClose(rgb(image, 6, 28), new int[] {30, 30, 230}, tolerance);
        assertClose(rgb(image, 42, 28), new int[] {128, 128, 128}, tolerance);
        assertClose(rgb(image, 24, 16), new int[] {128, 128, 128}, tolerance);
    }

    private static void assertClose(int[] actual, int[] expected, int tolerance) {
        for (int c = 0; c < 3; c++) {
            assertThat(Math.abs(actual[c] - expected[c]))
                    .as("channel %d of %s vs expected %s (tolerance %d)", c, Arrays.toString(actual),
                            Arrays.toString(expected), tolerance)
                    .isLessThanOrEqualTo(tolerance);
        }
    }

    private static int[] rgb(BufferedImage image, int x, int y) {
        int p = image.getRGB(x, y);
        return new int[] {(p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff};
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static BoundingBox whiteBox(BufferedImage image) {
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (((image.getRGB(x, y) >> 8) & 0xff) > 128) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x + 1);
                    y1 = Math.max(y1, y + 1);
                }
            }
        }
        assertThat(x1).as("white rectangle found in the decoded image").isPositive();
        return new BoundingBox(x0, y0, x1, y1);
    }

    private static BufferedImage filled(int type, int argb) {
        BufferedImage image = new BufferedImage(8, 6, type);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 8; x++) {
                image.setRGB(x, y, argb);
            }
        }
        return image;
    }

    private static BufferedImage grey8(int value) {
        BufferedImage image = new BufferedImage(8, 6, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 8; x++) {
                raster.setSample(x, y, 0, value);
            }
        }
        return image;
    }

    private static BufferedImage rgb16(int r, int g, int b) {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(8, 6);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 8; x++) {
                raster.setPixel(x, y, new int[] {r, g, b});
            }
        }
        return new BufferedImage(cm, raster, false, null);
    }

    /** 4x4 palette image, every pixel index 1 = (10, 200, 30); index 1 transparent if asked. */
    private static BufferedImage palette(boolean transparent) {
        byte[] r = {0, 10};
        byte[] g = {0, (byte) 200};
        byte[] b = {0, 30};
        IndexColorModel cm = transparent ? new IndexColorModel(1, 2, r, g, b, 1) : new IndexColorModel(1, 2, r, g, b);
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_BINARY, cm);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                raster.setSample(x, y, 0, 1);
            }
        }
        return image;
    }

    private static BufferedImage noise(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(42);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, random.nextInt() & 0xffffff);
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IOException("no ImageIO writer for " + format);
        }
        return out.toByteArray();
    }

    private static byte[] progressiveJpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static byte[] half(byte[] bytes) {
        return Arrays.copyOf(bytes, bytes.length / 2);
    }

    private static byte[] heicHeader() {
        byte[] head = new byte[32];
        byte[] box = "\0\0\0\u0018ftypheic\0\0\0\0mif1heic".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(box, 0, head, 0, box.length);
        return head;
    }
}
