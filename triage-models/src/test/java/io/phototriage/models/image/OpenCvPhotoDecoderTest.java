package io.phototriage.models.image;

import static io.phototriage.core.testing.NoiseJpegs.jpeg;
import static io.phototriage.core.testing.NoiseJpegs.noise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.image.DecodeOptions;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.image.JpegHeader;
import io.phototriage.core.image.PhotoDecodeException;
import io.phototriage.core.testing.ConcurrentCalls;
import io.phototriage.core.testing.JpegQuirks;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link OpenCvPhotoDecoder}: libjpeg's scaled decode against Pillow's {@code draft} (golden files from
 * {@code tools/export/export.py golden-draft}), orientation, guards, delegation of odd files to
 * {@link ImageIoPhotoDecoder}, threads.
 */
class OpenCvPhotoDecoderTest {
    private static final String BIG = "big-orient-6.jpg";
    private static final int BIG_STORED_W = 4001;
    private static final int BIG_STORED_H = 2999;
    /** Block colours of the core orientation scene may move this much per channel after JPEG and a 1/2 IDCT. */
    private static final int SCENE_TOLERANCE = 40;

    @TempDir
    Path tmp;

    // ---------------------------------------------------------------- parity with Pillow's draft

    static Stream<Arguments> draftGoldens() throws IOException {
        JsonNode golden;
        try (InputStream in = OpenCvPhotoDecoderTest.class.getResourceAsStream("/golden/draft/draft.json")) {
            assertThat(in).as("golden/draft/draft.json (tools/export/export.py golden-draft)").isNotNull();
            golden = new ObjectMapper().readTree(in);
        }
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode photo : golden.get("photos")) {
            photo.get("factors").fields().forEachRemaining(f -> cases.add(Arguments.of(
                    photo.get("file").asText(), Integer.parseInt(f.getKey()), photo, f.getValue())));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} at 1/{1}")
    @MethodSource("draftGoldens")
    void reducedDecodeEqualsPillowsDraftByteForByte(String file, int factor, JsonNode photo, JsonNode expected)
            throws Exception {
        Path path = photo.get("source").asText().equals("coco128") ? coco(file) : draftResource(file);
        OpenCvPhotoDecoder decoder = OpenCvPhotoDecoder.withTargetLongSide(expected.get("targetLongSide").asInt());

        DecodedPhoto decoded = decoder.decode(Photo.of(path));

        assertThat(decoded.image().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(decoded.width()).isEqualTo(expected.get("width").asInt());
        assertThat(decoded.height()).isEqualTo(expected.get("height").asInt());
        assertThat(decoded.originalWidth()).isEqualTo(photo.get("original").get("width").asInt());
        assertThat(decoded.originalHeight()).isEqualTo(photo.get("original").get("height").asInt());
        // Tolerance 0: OpenCV and Pillow both decode with libjpeg-turbo's scaled IDCT, so the bytes are identical.
        assertThat(rgbSha256(decoded.image())).isEqualTo(expected.get("sha256").asText());
    }

    // ---------------------------------------------------------------- sizes

    @ParameterizedTest(name = "subsampling factor {0} -> scale 1/{1}")
    @CsvSource({"1, 1", "2, 2", "3, 2", "4, 4", "7, 4", "8, 8", "9, 8", "40, 8"})
    void scaleIsTheLargestOfEightFourTwoNotAboveTheSubsamplingFactor(int factor, int scale) {
        assertThat(OpenCvPhotoDecoder.scaleDenominator(factor)).isEqualTo(scale);
    }

    @ParameterizedTest(name = "target {0} -> {1}x{2}")
    @CsvSource({
        // 4001x2999 stored, EXIF 6: upright 2999x4001; decoded size = ceil(stored / scale), then rotated.
        "2000, 1500, 2001",
        "1024, 1500, 2001", // factor 3: libjpeg offers 1/2, ImageIO would subsample by 3 (1000x1334)
        "1000, 750, 1001",
        "600, 750, 1001",
        "500, 375, 501",
        "100, 375, 501",  // libjpeg goes no further than 1/8
        "2001, 2999, 4001" // less than 2x: full resolution (through ImageIO)
    })
    void reducedSizeIsTheStoredSizeDividedByTheScaleRoundedUp(int target, int width, int height) throws Exception {
        DecodedPhoto decoded = OpenCvPhotoDecoder.withTargetLongSide(target).decode(Photo.of(draftResource(BIG)));

        assertThat(decoded.width()).isEqualTo(width);
        assertThat(decoded.height()).isEqualTo(height);
        assertThat(Math.max(decoded.width(), decoded.height())).isGreaterThanOrEqualTo(Math.min(target, 4001));
        assertThat(decoded.originalWidth()).isEqualTo(BIG_STORED_H);
        assertThat(decoded.originalHeight()).isEqualTo(BIG_STORED_W);
    }

    // ---------------------------------------------------------------- orientation

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"orient-1.jpg", "orient-2.jpg", "orient-3.jpg", "orient-4.jpg", "orient-5.jpg",
            "orient-6.jpg", "orient-7.jpg", "orient-8.jpg"})
    void exifOrientationIsAppliedToTheHalfScaleDecode(String file) throws Exception {
        // The 48x32 scene of golden_images.py (core test-jar): red block top left, green top right, blue bottom left.
        Path path = coreImage(file);

        DecodedPhoto decoded = OpenCvPhotoDecoder.withTargetLongSide(24).decode(Photo.of(path));

        assertThat(decoded.width()).isEqualTo(24);
        assertThat(decoded.height()).isEqualTo(16);
        assertThat(decoded.originalWidth()).isEqualTo(48);
        assertThat(decoded.originalHeight()).isEqualTo(32);
        assertClose(decoded.image(), 2, 1, new int[] {230, 30, 30});
        assertClose(decoded.image(), 21, 1, new int[] {30, 200, 30});
        assertClose(decoded.image(), 2, 14, new int[] {30, 30, 230});
        assertClose(decoded.image(), 21, 14, new int[] {128, 128, 128});
    }

    // ---------------------------------------------------------------- guards

    @Test
    void photoOverThePixelLimitFailsFromTheHeaderBeforeDecoding() throws Exception {
        long limit = (long) BIG_STORED_W * BIG_STORED_H - 1;
        OpenCvPhotoDecoder decoder = new OpenCvPhotoDecoder(
                DecodeOptions.defaults().withTargetLongSide(500).withMaxPixels(limit));

        assertThatThrownBy(() -> decoder.decode(Photo.of(draftResource(BIG))))
                .isInstanceOf(PhotoDecodeException.class)
                .hasMessageContaining("4001x2999 = " + (limit + 1) + " pixels, over the limit of " + limit)
                .hasMessageContaining("DecodeOptions.maxPixels");
    }

    @Test
    void fileOverTheSizeLimitFailsBeforeReading() throws Exception {
        Path big = draftResource(BIG);
        OpenCvPhotoDecoder decoder = new OpenCvPhotoDecoder(
                DecodeOptions.defaults().withTargetLongSide(500).withMaxFileBytes(1000));

        assertThatThrownBy(() -> decoder.decode(Photo.of(big)))
                .isInstanceOf(PhotoDecodeException.class)
                .hasMessageContaining("file is " + Files.size(big) + " bytes, over the limit of 1000 bytes");
    }

    // ---------------------------------------------------------------- delegation to ImageIO

    /** A broken file to create; both decoders must fail on it with the same message. */
    record Broken(String name, Setup setup) {
        interface Setup {
            void create(Path file) throws IOException;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Broken> brokenFiles() {
        return Stream.of(
                new Broken("empty.jpg", f -> Files.write(f, new byte[0])),
                new Broken("notes.jpg", f -> Files.writeString(f, "shopping list: milk, eggs\n")),
                new Broken("IMG_0001.jpg", f -> Files.write(f, heicHeader())),
                new Broken("noise.jpg", f -> Files.write(f, randomBytes(64))),
                new Broken("truncated.jpg", f -> Files.write(f, half(jpeg(noise(400, 300), false)))),
                new Broken("truncated-progressive.jpg", f -> Files.write(f, half(jpeg(noise(400, 300), true)))),
                new Broken("header-only.jpg", f -> Files.write(f, Arrays.copyOf(jpeg(noise(400, 300), false), 40))),
                new Broken("soi-then-garbage.jpg", f -> Files.write(f, soiThenGarbage())),
                new Broken("truncated.png", f -> Files.write(f, half(png(noise(400, 300))))),
                new Broken("album.jpg", Files::createDirectory),
                new Broken("gone.jpg", f -> { }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void brokenFileFailsWithTheSameMessageAsTheImageIoDecoder(Broken broken) throws Exception {
        Path file = tmp.resolve(broken.name());
        broken.setup().create(file);
        DecodeOptions options = DecodeOptions.defaults().withTargetLongSide(50);

        PhotoDecodeException expected = catchThrowableOfType(PhotoDecodeException.class,
                () -> new ImageIoPhotoDecoder(options).decode(Photo.of(file)));
        assertThat(expected).as("the ImageIO decoder rejects %s", file).isNotNull();

        assertThatThrownBy(() -> new OpenCvPhotoDecoder(options).decode(Photo.of(file)))
                .isInstanceOf(PhotoDecodeException.class)
                .hasMessage(expected.getMessage())
                .satisfies(e -> assertThat(((PhotoDecodeException) e).path()).isEqualTo(file));
    }

    static Stream<Arguments> filesLeftToImageIo() {
        return Stream.of(
                Arguments.of("CMYK JPEG", "cmyk.jpg", DecodeOptions.defaults().withTargetLongSide(24)),
                Arguments.of("YCCK JPEG", "ycck.jpg", DecodeOptions.defaults().withTargetLongSide(24)),
                Arguments.of("PNG", "orient-6.png", DecodeOptions.defaults().withTargetLongSide(24)),
                Arguments.of("WebP", "lossy.webp", DecodeOptions.defaults().withTargetLongSide(24)),
                Arguments.of("JPEG with ICC profile, converted", "icc-camera-rgb.jpg", DecodeOptions.defaults()
                        .withTargetLongSide(40).withColorProfile(DecodeOptions.ColorProfile.CONVERT_TO_SRGB)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filesLeftToImageIo")
    void filesOutsideTheScaledJpegPathDecodeExactlyAsTheImageIoDecoder(String what, String file, DecodeOptions options)
            throws Exception {
        Photo photo = Photo.of(coreImage(file));

        DecodedPhoto expected = new ImageIoPhotoDecoder(options).decode(photo);
        DecodedPhoto actual = new OpenCvPhotoDecoder(options).decode(photo);

        assertThat(actual.width()).isEqualTo(expected.width());
        assertThat(actual.height()).isEqualTo(expected.height());
        assertThat(actual.originalWidth()).isEqualTo(expected.originalWidth());
        assertThat(actual.originalHeight()).isEqualTo(expected.originalHeight());
        assertThat(pixels(actual.image())).isEqualTo(pixels(expected.image()));
    }

    static Stream<String> fullScaleJpegs() {
        return Stream.of("orient-1.jpg", "orient-3.jpg", "orient-6.jpg", "orient-8.jpg", "jpeg-420.jpg", "jpeg-422.jpg",
                "jpeg-420-progressive.jpg", "icc-camera-rgb.jpg");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fullScaleJpegs")
    void fullScaleJpegDecodesInsideLibjpegToTheImageIoDecodersPixels(String file) throws Exception {
        Photo photo = Photo.of(coreImage(file));

        DecodedPhoto expected = new ImageIoPhotoDecoder(DecodeOptions.defaults()).decode(photo);
        DecodedPhoto actual = new OpenCvPhotoDecoder(DecodeOptions.defaults()).decode(photo);

        assertThat(actual.image().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(actual.width()).isEqualTo(expected.width());
        assertThat(actual.height()).isEqualTo(expected.height());
        assertThat(actual.originalWidth()).isEqualTo(expected.originalWidth());
        assertThat(actual.originalHeight()).isEqualTo(expected.originalHeight());
        // Tolerance 0: libjpeg-turbo and ImageIO's libjpeg share the integer IDCT, upsampling and colour conversion.
        assertThat(pixels(actual.image())).isEqualTo(pixels(expected.image()));
    }

    @Test
    void everyCocoPhotoDecodesAtFullScaleToTheImageIoDecodersPixels() throws Exception {
        OpenCvPhotoDecoder opencv = new OpenCvPhotoDecoder(DecodeOptions.defaults());
        ImageIoPhotoDecoder imageIo = new ImageIoPhotoDecoder(DecodeOptions.defaults());
        List<Path> photos;
        try (Stream<Path> files = Files.list(coco("."))) {
            photos = files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList();
        }
        assertThat(photos).hasSize(128);
        for (Path photo : photos) {
            assertThat(JpegHeader.markersIntact(Files.readAllBytes(photo))).as("libjpeg path for " + photo).isTrue();
            assertThat(pixels(opencv.decode(Photo.of(photo)).image()))
                    .as(photo.getFileName().toString())
                    .isEqualTo(pixels(imageIo.decode(Photo.of(photo)).image()));
        }
    }

    @Test
    void jpegWithDamagedScanDataIsLeftToTheImageIoDecoder() throws Exception {
        byte[] whole = Files.readAllBytes(coco("000000000009.jpg"));
        byte[] damaged = whole.clone();
        Random random = new Random(1);
        for (int i = whole.length / 2; i < whole.length / 2 + 2000; i++) {
            damaged[i] = (byte) random.nextInt(256);
        }
        Path file = tmp.resolve("damaged.jpg");
        Files.write(file, damaged);
        assertThat(JpegHeader.markersIntact(damaged)).isFalse();

        // ImageIO refuses this one ("two SOF markers"); libjpeg would have filled it in with a warning on stderr
        PhotoDecodeException expected = catchThrowableOfType(PhotoDecodeException.class,
                () -> new ImageIoPhotoDecoder(DecodeOptions.defaults()).decode(Photo.of(file)));
        assertThat(expected).isNotNull();
        assertThatThrownBy(() -> new OpenCvPhotoDecoder(DecodeOptions.defaults()).decode(Photo.of(file)))
                .isInstanceOf(PhotoDecodeException.class)
                .hasMessage(expected.getMessage());
    }

    @Test
    void truncatedJpegAcceptedWhenAskedDecodesAsTheImageIoDecoderDoes() throws Exception {
        Path file = tmp.resolve("truncated.jpg");
        Files.write(file, half(jpeg(noise(400, 300), false)));
        DecodeOptions options = DecodeOptions.defaults().withTargetLongSide(100).withAcceptTruncated(true);

        DecodedPhoto expected = new ImageIoPhotoDecoder(options).decode(Photo.of(file));
        DecodedPhoto actual = new OpenCvPhotoDecoder(options).decode(Photo.of(file));

        assertThat(actual.width()).isEqualTo(expected.width());
        assertThat(actual.height()).isEqualTo(expected.height());
        assertThat(pixels(actual.image())).isEqualTo(pixels(expected.image()));
    }

    @Test
    void extraneousBytesBeforeEoiStillDecodeAtReducedScale() throws Exception {
        byte[] jpeg = jpeg(noise(400, 300), false);
        byte[] quirk = JpegQuirks.junkBeforeEoi(jpeg);
        Path file = tmp.resolve("quirk.jpg");
        Files.write(file, quirk);

        DecodedPhoto decoded = OpenCvPhotoDecoder.withTargetLongSide(100).decode(Photo.of(file));

        assertThat(decoded.width()).isEqualTo(100);
        assertThat(decoded.height()).isEqualTo(75);
    }

    // ---------------------------------------------------------------- threads

    @Test
    void concurrentDecodesGiveTheSamePixelsAsSequentialOnes() throws Exception {
        List<Path> files = new ArrayList<>(List.of(draftResource(BIG), coreImage("orient-6.jpg"),
                coreImage("cmyk.jpg"), coreImage("orient-6.png")));
        files.add(coco("000000000009.jpg"));
        files.add(coco("000000000025.jpg"));
        files.add(coco("000000000030.jpg"));
        OpenCvPhotoDecoder decoder = OpenCvPhotoDecoder.withTargetLongSide(24);
        OpenCvPhotoDecoder bigDecoder = OpenCvPhotoDecoder.withTargetLongSide(500);
        List<Callable<int[]>> once = new ArrayList<>();
        for (Path f : files) {
            OpenCvPhotoDecoder d = f.getFileName().toString().equals(BIG) ? bigDecoder : decoder;
            once.add(() -> pixels(d.decode(Photo.of(f)).image()));
        }
        ConcurrentCalls.assertSameAsSequential(once, files.stream().map(Path::toString).toList(), 8, 4);
    }

    // ---------------------------------------------------------------- helpers

    private static Path coco(String name) {
        return Path.of(System.getProperty("phototriage.shared")).resolve("data/coco128/images").resolve(name);
    }

    private static Path draftResource(String name) throws URISyntaxException {
        var url = OpenCvPhotoDecoderTest.class.getResource("/golden/draft/" + name);
        assertThat(url).as("golden/draft/%s (tools/export/export.py golden-draft)", name).isNotNull();
        return Path.of(url.toURI());
    }

    /** A core test image (in the triage-core test-jar, so copied out to a file). */
    private Path coreImage(String name) throws IOException {
        Path file = tmp.resolve(name);
        if (!Files.exists(file)) {
            try (InputStream in = OpenCvPhotoDecoderTest.class.getResourceAsStream("/images/" + name)) {
                assertThat(in).as("core test image images/%s (tools/export/export.py golden-images)", name).isNotNull();
                Files.copy(in, file);
            }
        }
        return file;
    }

    private static String rgbSha256(BufferedImage image) throws NoSuchAlgorithmException {
        int[] argb = pixels(image);
        byte[] rgb = new byte[argb.length * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(rgb));
    }

    private static void assertClose(BufferedImage image, int x, int y, int[] expected) {
        int p = image.getRGB(x, y);
        int[] actual = {(p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff};
        for (int c = 0; c < 3; c++) {
            assertThat(Math.abs(actual[c] - expected[c]))
                    .as("channel %d at (%d,%d): %s vs %s (tolerance %d)", c, x, y, Arrays.toString(actual),
                            Arrays.toString(expected), SCENE_TOLERANCE)
                    .isLessThanOrEqualTo(SCENE_TOLERANCE);
        }
    }

    /** The raw TYPE_INT_RGB ints (the alpha byte included, so a stray one would show). */
    private static int[] pixels(BufferedImage image) {
        return ((java.awt.image.DataBufferInt) image.getRaster().getDataBuffer()).getData().clone();
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }

    private static byte[] half(byte[] bytes) {
        return Arrays.copyOf(bytes, bytes.length / 2);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(7).nextBytes(bytes);
        return bytes;
    }

    /** SOI and a marker byte, then noise: starts like a JPEG, so the OpenCV path must hand it on. */
    private static byte[] soiThenGarbage() {
        byte[] bytes = randomBytes(2000);
        bytes[0] = (byte) 0xff;
        bytes[1] = (byte) 0xd8;
        bytes[2] = (byte) 0xff;
        bytes[bytes.length - 2] = (byte) 0xff;
        bytes[bytes.length - 1] = (byte) 0xd9;
        return bytes;
    }

    private static byte[] heicHeader() {
        byte[] bytes = new byte[64];
        byte[] box = "\0\0\0\u0018ftypheic\0\0\0\0mif1heic".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(box, 0, bytes, 0, box.length);
        return bytes;
    }
    @Test
    void rawPreviewIsDecodedInsideLibjpegAtReducedScale(@TempDir Path dir) throws Exception {
        Path cr3 = Path.of(System.getProperty("phototriage.shared")).resolve("data/drive/raw/Canon-R6-pruned.CR3");
        // The CR3's PRVW JPEG (1620x1080) at offset 102176, 389450 bytes, as a file of its own.
        Path preview = dir.resolve("prvw.jpg");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(cr3.toFile(), "r")) {
            byte[] bytes = new byte[389450];
            f.seek(102176);
            f.readFully(bytes);
            Files.write(preview, bytes);
        }
        DecodeOptions options = DecodeOptions.defaults().withTargetLongSide(540);
        OpenCvPhotoDecoder opencv = new OpenCvPhotoDecoder(options);
        DecodedPhoto expected = opencv.decode(new Photo(preview, "prvw", ""));
        assertThat(expected.width()).isEqualTo(810); // factor 3 -> libjpeg scale 1/2

        DecodedPhoto raw = new io.phototriage.core.image.RawPreviewDecoder(options, opencv)
                .decode(new Photo(cr3, "cr3", ""));
        assertThat(raw.width()).isEqualTo(810);
        assertThat(raw.height()).isEqualTo(540);
        assertThat(raw.originalWidth()).isEqualTo(1620);
        assertThat(raw.originalHeight()).isEqualTo(1080);
        assertThat(raw.source()).contains("PRVW JPEG 1620x1080");
        assertThat(raw.image().getRGB(0, 0, 810, 540, null, 0, 810))
                .isEqualTo(expected.image().getRGB(0, 0, 810, 540, null, 0, 810));
        // The ImageIO default decimates by the factor itself: another size, so the libjpeg path was the one taken.
        assertThat(new io.phototriage.core.image.RawPreviewDecoder(options).decode(new Photo(cr3, "cr3", "")).width())
                .isEqualTo(540);
    }
}
