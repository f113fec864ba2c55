package io.phototriage.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample in {@code ../shared/data/drive/raw} (see its SOURCE.txt): which preview is used, or the exact reasons
 * a file is refused. Offsets and sizes in the expectations come from a Python walk of the files' boxes and IFDs
 * (and SOURCE.txt), not from this decoder.
 */
class RawPreviewDecoderTest {
    private static final Path RAW = Path.of(System.getProperty("phototriage.shared")).resolve("data/drive/raw");

    static Stream<Arguments> defaultOptions() {
        return Stream.of(
                Arguments.of("Canon-R6-pruned.CR3", "PRVW JPEG 1620x1080", 1620, 1080, null),
                Arguments.of("filetype_sony-zv-e10_truncated.arw", null, 0, 0, new String[] {
                    "no usable preview in this TIFF-based RAW file: the 635631-byte IFD0 JPEG at offset 118946 lies"
                            + " past the end of the 100000-byte file; only a 160x120 IFD1 thumbnail JPEG is present,"
                            + " below the 640-pixel minimum"}),
                Arguments.of("exiftool_CanonRaw.cr2", null, 0, 0, new String[] {
                    "no usable preview in this CR2 file",
                    "the 26-byte IFD0 JPEG at offset 8680 is not a JPEG (a placeholder starting \"<Dummy previ\")",
                    "the 28-byte IFD1 thumbnail JPEG at offset 8620 is not a JPEG"}),
                Arguments.of("exiftool_CanonRaw.cr3", null, 0, 0, new String[] {
                    "no usable preview in this CR3 file",
                    "the 28-byte THMB JPEG at offset 8760 is not a JPEG",
                    "the 26-byte PRVW JPEG at offset 11395 is not a JPEG"}),
                Arguments.of("exiftool_DNG.dng", null, 0, 0, new String[] {
                    "the 26-byte SubIFD1 JPEG at offset 12780 is not a JPEG",
                    "the 29-byte SubIFD2 JPEG at offset 13070 is not a JPEG"}),
                Arguments.of("exiftool_Nikon.nef", null, 0, 0, new String[] {
                    "the 29-byte SubIFD0 JPEG at offset 1120 is not a JPEG"}),
                Arguments.of("exiftool_Panasonic.rw2", null, 0, 0, new String[] {
                    "no usable preview in this RW2 file: the JpgFromRaw (tag 0x2E) is only 8x8 pixels (a placeholder)",
                    "the 28-byte EXIF thumbnail at offset 11976 is not a JPEG"}),
                Arguments.of("exiftool_FujiFilm.raf", null, 0, 0, new String[] {
                    "no usable preview in this RAF file: the RAF header JPEG is only 8x8 pixels (a placeholder);"
                            + " only a 160x120 EXIF thumbnail is present, below the 640-pixel minimum"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaultOptions")
    void everySampleGivesItsLargestUsablePreviewOrSaysWhyNot(String file, String source, int width, int height,
            String[] errors) {
        assertThat(RAW.resolve(file)).as("sample list out of date").exists();
        RawPreviewDecoder decoder = RawPreviewDecoder.defaults();
        Photo photo = photo(file);
        if (errors == null) {
            DecodedPhoto decoded = decode(decoder, photo);
            assertThat(decoded.source()).contains(source);
            assertThat(decoded.width()).isEqualTo(width);
            assertThat(decoded.height()).isEqualTo(height);
            assertThat(decoded.originalWidth()).isEqualTo(width);
        } else {
            assertThatThrownBy(() -> decoder.decode(photo))
                    .isInstanceOf(PhotoDecodeException.class)
                    .hasMessageStartingWith(RAW.resolve(file) + ": ")
                    .hasMessageContainingAll(errors);
        }
    }

    @Test
    void everySampleFileIsInTheTable() throws IOException {
        try (Stream<Path> files = Files.list(RAW)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(defaultOptions().map(a -> (String) a.get()[0]).toList());
        }
    }

    @Test
    void cr3PreviewPixelsAreThoseOfThePrvwJpegAtItsOffset() throws IOException {
        // PRVW box at 102152 (in the top-level uuid at 102120): 8-byte box header, 16-byte PRVW header, JPEG.
        BufferedImage expected = ImageIO.read(new ByteArrayInputStream(slice("Canon-R6-pruned.CR3", 102176, 389450)));
        DecodedPhoto decoded = decode(RawPreviewDecoder.defaults(), photo("Canon-R6-pruned.CR3"));
        assertThat(pixels(decoded.image())).isEqualTo(pixels(ImageIoPhotoDecoder.toRgb(expected,
                DecodeOptions.ColorProfile.IGNORE)));
    }

    @Test
    void thumbnailIsTakenWhenTheMinimumIsLoweredAndTheRawsOrientationIsApplied() throws IOException {
        RawPreviewDecoder decoder = new RawPreviewDecoder(DecodeOptions.defaults().withMinPreviewLongSide(0));
        DecodedPhoto arw = decode(decoder, photo("filetype_sony-zv-e10_truncated.arw"));
        assertThat(arw.source()).contains("IFD1 thumbnail JPEG 160x120");
        // IFD0 Orientation = 6 (rotate 90 clockwise): the stored 160x120 thumbnail is shown 120x160.
        assertThat(arw.width()).isEqualTo(120);
        assertThat(arw.height()).isEqualTo(160);
        BufferedImage stored = ImageIoPhotoDecoder.toRgb(ImageIO.read(new ByteArrayInputStream(
                slice("filetype_sony-zv-e10_truncated.arw", 43302, 9461))), DecodeOptions.ColorProfile.IGNORE);
        assertThat(pixels(arw.image())).isEqualTo(pixels(ExifOrientation.ROTATE_90_CW.apply(stored)));

        DecodedPhoto raf = decode(decoder, photo("exiftool_FujiFilm.raf"));
        assertThat(raf.source()).contains("EXIF thumbnail 160x120");
        // A lowered minimum never admits the 8x8 placeholders.
        assertThatThrownBy(() -> decoder.decode(photo("exiftool_Panasonic.rw2")))
                .hasMessageContaining("only 8x8 pixels (a placeholder)");
    }

    @Test
    void truncatedCr3SaysItsPreviewLiesPastTheEnd(@TempDir Path dir) throws IOException {
        Path cut = dir.resolve("cut.CR3");
        Files.write(cut, slice("Canon-R6-pruned.CR3", 0, 200_000));
        assertThatThrownBy(() -> RawPreviewDecoder.defaults().decode(new Photo(cut, "cut", "")))
                .isInstanceOf(PhotoDecodeException.class)
                .hasMessageContaining("the 389450-byte PRVW JPEG at offset 102176 lies past the end of the 200000-byte"
                        + " file (the file is truncated)")
                .hasMessageContaining("only a 160x120 THMB JPEG is present");
    }

    /**
     * Damaged copies of every sample (cut at 12 points, and 16 seeded copies with 32 random bytes overwritten each):
     * each one decodes to a real preview or fails with a {@link PhotoDecodeException}, never another exception and
     * never a placeholder-sized image.
     */
    @Test
    void damagedCopiesFailCleanlyNeverCrash(@TempDir Path dir) throws IOException {
        RawPreviewDecoder decoder = new RawPreviewDecoder(DecodeOptions.defaults().withMinPreviewLongSide(0));
        java.util.Random random = new java.util.Random(18);
        int decoded = 0;
        int refused = 0;
        try (Stream<Path> files = Files.list(RAW)) {
            for (Path file : files.sorted().toList()) {
                byte[] bytes = Files.readAllBytes(file);
                java.util.List<byte[]> variants = new java.util.ArrayList<>();
                for (int cut = 1; cut <= 12; cut++) {
                    variants.add(Arrays.copyOf(bytes, (int) ((long) bytes.length * cut / 13)));
                }
                for (int v = 0; v < 16; v++) {
                    byte[] damaged = bytes.clone();
                    for (int k = 0; k < 32; k++) {
                        damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
                    }
                    variants.add(damaged);
                }
                String name = file.getFileName().toString();
                for (int v = 0; v < variants.size(); v++) {
                    Path copy = dir.resolve(v + "-" + name);
                    Files.write(copy, variants.get(v));
                    try {
                        DecodedPhoto photo = decoder.decode(new Photo(copy, name, ""));
                        assertThat(Math.max(photo.width(), photo.height())).as(copy.toString())
                                .isGreaterThanOrEqualTo(RawPreviewDecoder.STUB_LONG_SIDE);
                        decoded++;
                    } catch (PhotoDecodeException e) {
                        assertThat(e.getMessage()).startsWith(copy + ": ");
                        refused++;
                    }
                    Files.delete(copy);
                }
            }
        }
        assertThat(decoded).isPositive();
        assertThat(refused).isPositive();
    }

    @Test
    void pixelBudgetIsCheckedOnThePreviewHeaderBeforeDecoding() {
        RawPreviewDecoder decoder = new RawPreviewDecoder(DecodeOptions.defaults().withMaxPixels(1_000_000));
        assertThatThrownBy(() -> decoder.decode(photo("Canon-R6-pruned.CR3")))
                .hasMessageContaining("image is 1620x1080 = 1749600 pixels, over the limit of 1000000");
    }

    @Test
    void aFileThatIsNoRawIsRefusedByName(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("notes.cr2");
        Files.writeString(text, "shopping list");
        assertThatThrownBy(() -> RawPreviewDecoder.defaults().decode(new Photo(text, "notes", "")))
                .hasMessageContaining("not a camera RAW file this decoder reads");
    }

    @Test
    void formatsAreRecognisedFromContent() throws IOException {
        assertThat(RawFormat.sniff(slice("Canon-R6-pruned.CR3", 0, 16))).contains(RawFormat.CR3);
        assertThat(RawFormat.sniff(slice("exiftool_CanonRaw.cr2", 0, 16))).contains(RawFormat.CR2);
        assertThat(RawFormat.sniff(slice("exiftool_FujiFilm.raf", 0, 16))).contains(RawFormat.RAF);
        assertThat(RawFormat.sniff(slice("exiftool_Panasonic.rw2", 0, 16))).contains(RawFormat.RW2);
        assertThat(RawFormat.sniff(slice("exiftool_Nikon.nef", 0, 16))).contains(RawFormat.TIFF);
        assertThat(RawFormat.sniff(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0})).isEmpty();
    }

    private static Photo photo(String file) {
        return new Photo(RAW.resolve(file), file, "");
    }

    private static DecodedPhoto decode(PhotoDecoder decoder, Photo photo) {
        try {
            return decoder.decode(photo);
        } catch (PhotoDecodeException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static byte[] slice(String file, long offset, int length) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(RAW.resolve(file).toFile(), "r")) {
            byte[] b = new byte[length];
            f.seek(offset);
            f.readFully(b);
            return b;
        }
    }

    private static int[] pixels(BufferedImage image) {
        int[] out = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return Arrays.stream(out).map(p -> p & 0xffffff).toArray();
    }
}
