package io.phototriage.models.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.ffmpeg.global.avutil.av_display_matrix_flip;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.image.DecodeOptions;
import io.phototriage.core.image.ExifOrientation;
import io.phototriage.core.image.PhotoDecodeException;
import io.phototriage.core.testing.NeedsNatives;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HEIC/AVIF samples of {@code ../shared/data/drive/heif} against an independent decoder: libheif's
 * heif-convert, whose per-channel means and 8x8 block means are in {@code heif/libheif-goldens.json} (written by
 * {@code tools/heif-goldens.sh}).
 */
@NeedsNatives
class HeifPhotoDecoderTest {
    private static final Path HEIF = Path.of(System.getProperty("phototriage.shared")).resolve("data/drive/heif");
    /**
     * Tolerance in 0..255 levels on the whole-image and 8x8-block channel means. Measured: HEVC within 0.48 (mean)
     * and 0.98 (block), the libheif example being off by rounding (0.46 levels on average, never more than 1 per
     * pixel); AVIF within 0.03 / 0.84 (libaom-av1 here, another AV1 decoder in libheif: chroma differs at colour
     * edges); the synthetic 4:2:0, 4:4:4 and 10-bit cards within 1 level per pixel. A misplaced tile, a wrong
     * rotation, a wrong range or matrix, or a thumbnail moves blocks by tens of levels.
     */
    private static final double TOLERANCE = 1.5;

    private static JsonNode goldens;
    private static HeifPhotoDecoder decoder;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = HeifPhotoDecoderTest.class.getResourceAsStream("/heif/libheif-goldens.json")) {
            goldens = new ObjectMapper().readTree(in).get("files");
        }
        decoder = HeifPhotoDecoder.defaults();
    }

    static Stream<Arguments> samples() {
        return Stream.of(
                // irot 270 (FFmpeg's display matrix -90 degrees): the 4032x3024 grid is shown upright as 3024x4032.
                Arguments.of("filetype_iphone7plus_irot.heic", 3024, 4032, "HEVC grid 8x6 tiles 4032x3024"),
                // two 1280x854 images, each with a 320x212 thumbnail: the primary (item 20004) is taken.
                Arguments.of("libheif_example.heic", 1280, 854, "HEVC image 1280x854"),
                Arguments.of("libheif_example.avif", 800, 533, "AV1 image 800x533"),
                Arguments.of("grid_32Bit-800x600.avif", 800, 600, "AV1 grid 2x2 tiles 800x600"),
                // small test cards made with heif-enc (x265), committed as test resources: the pixel formats the
                // samples above do not cover (4:4:4, 10-bit) and plain 4:2:0 8-bit.
                Arguments.of("synthetic_420_8bit.heic", 96, 64, "HEVC image 96x64"),
                Arguments.of("synthetic_444_8bit.heic", 96, 64, "HEVC image 96x64"),
                Arguments.of("synthetic_420_10bit.heic", 96, 64, "HEVC image 96x64"));
    }

    /** A sample of the shared drive data, or one of the synthetic test cards in the test resources. */
    private static Path sample(String file) {
        if (!file.startsWith("synthetic_")) {
            return HEIF.resolve(file);
        }
        try {
            return Path.of(HeifPhotoDecoderTest.class.getResource("/heif/" + file).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void decodesThePrimaryImageAtFullResolutionUprightLikeLibheif(String file, int width, int height, String source)
            throws PhotoDecodeException {
        DecodedPhoto decoded = decoder.decode(new Photo(sample(file), file, ""));
        assertThat(decoded.width()).isEqualTo(width);
        assertThat(decoded.height()).isEqualTo(height);
        assertThat(decoded.originalWidth()).isEqualTo(width);
        assertThat(decoded.source()).contains(source);

        JsonNode golden = goldens.get(file);
        assertThat(golden.get("width").asInt()).isEqualTo(width);
        assertThat(golden.get("height").asInt()).isEqualTo(height);
        double[] mean = blockMean(decoded.image(), 0, 0, width, height);
        for (int c = 0; c < 3; c++) {
            assertThat(mean[c]).as("mean of channel %d", c)
                    .isCloseTo(golden.get("mean").get(c).asDouble(), org.assertj.core.data.Offset.offset(TOLERANCE));
        }
        for (int j = 0; j < 8; j++) {
            for (int i = 0; i < 8; i++) {
                double[] block = blockMean(decoded.image(), i * width / 8, j * height / 8, (i + 1) * width / 8,
                        (j + 1) * height / 8);
                JsonNode expected = golden.get("grid").get(j * 8 + i);
                for (int c = 0; c < 3; c++) {
                    assertThat(block[c]).as("block (%d,%d) channel %d", i, j, c)
                            .isCloseTo(expected.get(c).asDouble(), org.assertj.core.data.Offset.offset(TOLERANCE));
                }
            }
        }
    }

    @Test
    void decodesOnSeveralThreadsAtOnceWithTheSamePixels() throws Exception {
        Photo photo = new Photo(HEIF.resolve("libheif_example.heic"), "h", "");
        int[] expected = pixels(decoder.decode(photo).image());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<int[]>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                runs.add(pool.submit(() -> pixels(decoder.decode(photo).image())));
            }
            for (java.util.concurrent.Future<int[]> run : runs) {
                assertThat(run.get(2, java.util.concurrent.TimeUnit.MINUTES)).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @Test
    void truncatedCopyIsRefusedBeforeDecodingNamingTheMissingTile(@TempDir Path dir) throws IOException {
        Path cut = dir.resolve("cut.heic");
        try (InputStream in = Files.newInputStream(HEIF.resolve("filetype_iphone7plus_irot.heic"))) {
            Files.write(cut, in.readNBytes(600_000));
        }
        assertThatThrownBy(() -> decoder.decode(new Photo(cut, "cut", "")))
                .isInstanceOf(PhotoDecodeException.class)
                // tile 19's item extent, as iloc gives it (FFmpeg's index entry).
                .hasMessageContaining("the image data is truncated: tile 19 of 48 (34575 bytes at offset 566651) lies"
                        + " past the end of the 600000-byte file");
    }

    @Test
    void aHeifWhoseBoxesAreGarbageIsRefusedNotCrashed(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.heic");
        byte[] bytes = new byte[4096];
        new java.util.Random(7).nextBytes(bytes);
        byte[] ftyp = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0, 'm', 'i', 'f', '1', 'h', 'e',
            'i', 'c'};
        System.arraycopy(ftyp, 0, bytes, 0, ftyp.length);
        Files.write(bad, bytes);
        assertThatThrownBy(() -> decoder.decode(new Photo(bad, "bad", "")))
                .isInstanceOf(PhotoDecodeException.class)
                .hasMessageStartingWith(bad + ": ")
                .hasMessageContaining("FFmpeg cannot open it as HEIF (Invalid data found when processing input, code")
                .hasMessageContaining("restore it from another copy");
    }

    @Test
    void truncatedSingleImageIsRefusedToo(@TempDir Path dir) throws IOException {
        Path cut = dir.resolve("cut.avif");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(HEIF.resolve("libheif_example.avif")), 300));
        assertThatThrownBy(() -> decoder.decode(new Photo(cut, "cut", "")))
                .hasMessageContaining("the image data is truncated: the image (113324 bytes at offset 280) lies past"
                        + " the end of the 300-byte file");
    }

    @Test
    void pixelBudgetIsCheckedOnTheGridSizeBeforeDecoding() {
        HeifPhotoDecoder small = new HeifPhotoDecoder(DecodeOptions.defaults().withMaxPixels(10_000_000));
        Path file = HEIF.resolve("filetype_iphone7plus_irot.heic");
        assertThatThrownBy(() -> small.decode(new Photo(file, "iphone", "")))
                .hasMessageContaining("image is 4032x3024 = 12192768 pixels, over the limit of 10000000");
    }

    @Test
    void otherFilesAreRefusedByContent(@TempDir Path dir) throws IOException {
        Path jpeg = dir.resolve("photo.heic");
        Files.write(jpeg, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F',
            0, 1, 1, 0, 0, 1});
        assertThatThrownBy(() -> decoder.decode(new Photo(jpeg, "photo", "")))
                .hasMessageContaining("not a HEIF or AVIF file");
        assertThat(HeifPhotoDecoder.isHeif(Files.readAllBytes(HEIF.resolve("libheif_example.avif")))).isTrue();
        assertThat(HeifPhotoDecoder.isHeif(Files.readAllBytes(jpeg))).isFalse();
    }

    @Test
    void autoDecoderSendsHeifRawAndJpegEachToItsDecoder() throws PhotoDecodeException {
        io.phototriage.core.image.AutoPhotoDecoder auto = HeifPhotoDecoder.auto(DecodeOptions.defaults());
        Path drive = HEIF.getParent();
        assertThat(auto.decode(new Photo(HEIF.resolve("libheif_example.heic"), "h", "")).source())
                .contains("HEVC image 1280x854");
        assertThat(auto.decode(new Photo(drive.resolve("raw/Canon-R6-pruned.CR3"), "r", "")).source())
                .contains("PRVW JPEG 1620x1080");
        Path jpeg = drive.getParent().resolve("coco128/images/000000000009.jpg");
        DecodedPhoto plain = auto.decode(new Photo(jpeg, "j", ""));
        assertThat(plain.source()).isEmpty();
        assertThat(plain.width()).isEqualTo(640);
    }

    /**
     * Display matrices built with FFmpeg's own av_display_rotation_set (documented as "a pure clockwise rotation by
     * the specified angle") and av_display_matrix_flip.
     */
    @ParameterizedTest(name = "rotation {0}, hflip {1}, vflip {2} -> {3}")
    @CsvSource({
        "0, false, false, NORMAL",
        "90, false, false, ROTATE_90_CW",
        "-90, false, false, ROTATE_90_CCW",
        "270, false, false, ROTATE_90_CCW",
        "180, false, false, ROTATE_180",
        "0, true, false, MIRROR_HORIZONTAL",
        "0, false, true, MIRROR_VERTICAL",
    })
    void displayMatrixBecomesTheOrientationFfmpegApplies(double degrees, boolean hflip, boolean vflip,
            ExifOrientation expected) {
        int[] matrix = new int[9];
        av_display_rotation_set(matrix, degrees);
        av_display_matrix_flip(matrix, hflip ? 1 : 0, vflip ? 1 : 0);
        assertThat(HeifFrames.fromDisplayMatrix(matrix)).as(Arrays.toString(matrix)).isEqualTo(expected);
    }

    private static double[] blockMean(BufferedImage image, int x0, int y0, int x1, int y1) {
        double[] sum = new double[3];
        int[] row = new int[x1 - x0];
        for (int y = y0; y < y1; y++) {
            image.getRGB(x0, y, x1 - x0, 1, row, 0, row.length);
            for (int p : row) {
                sum[0] += (p >> 16) & 0xff;
                sum[1] += (p >> 8) & 0xff;
                sum[2] += p & 0xff;
            }
        }
        double n = (double) (x1 - x0) * (y1 - y0);
        return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
    }
}
