package io.phototriage.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AutoPhotoDecoderTest {
    private static final Path DRIVE = Path.of(System.getProperty("phototriage.shared")).resolve("data/drive");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "raw/Canon-R6-pruned.CR3, RAW",
        "raw/exiftool_CanonRaw.cr2, RAW",
        "raw/exiftool_Nikon.nef, RAW",
        "raw/exiftool_DNG.dng, RAW",
        "raw/filetype_sony-zv-e10_truncated.arw, RAW",
        "raw/exiftool_Panasonic.rw2, RAW",
        "raw/exiftool_FujiFilm.raf, RAW",
        "heif/filetype_iphone7plus_irot.heic, HEIF",
        "heif/libheif_example.avif, HEIF",
        "heif/grid_32Bit-800x600.avif, HEIF",
    })
    void samplesAreRecognisedFromTheirFirstBytes(String file, AutoPhotoDecoder.Kind kind) throws IOException {
        assertThat(AutoPhotoDecoder.kindOf(head(DRIVE.resolve(file)), file)).isEqualTo(kind);
    }

    @Test
    void aPlainTiffHeaderIsRawOnlyWithARawExtension() throws IOException {
        byte[] nef = head(DRIVE.resolve("raw/exiftool_Nikon.nef"));
        assertThat(AutoPhotoDecoder.kindOf(nef, "scan.tif")).isEqualTo(AutoPhotoDecoder.Kind.STANDARD);
        assertThat(AutoPhotoDecoder.kindOf(nef, "DSC_0001.NEF")).isEqualTo(AutoPhotoDecoder.Kind.RAW);
        // CR3, RAF, RW2 and CR2 carry their own signature: the name does not matter.
        assertThat(AutoPhotoDecoder.kindOf(head(DRIVE.resolve("raw/Canon-R6-pruned.CR3")), "misnamed.jpg"))
                .isEqualTo(AutoPhotoDecoder.Kind.RAW);
        assertThat(AutoPhotoDecoder.kindOf(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "x.cr2"))
                .isEqualTo(AutoPhotoDecoder.Kind.STANDARD);
    }

    @Test
    void eachKindGoesToItsDecoderAndHeifWithoutADecoderSaysWhatToAdd(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("a.png");
        ImageIO.write(new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        List<String> calls = new ArrayList<>();
        PhotoDecoder standard = p -> record(calls, "standard", p);
        PhotoDecoder raw = p -> record(calls, "raw", p);
        PhotoDecoder heif = p -> record(calls, "heif", p);
        AutoPhotoDecoder auto = new AutoPhotoDecoder(DecodeOptions.defaults(), standard, raw, Optional.of(heif));
        auto.decode(new Photo(png, "a", ""));
        auto.decode(photo("raw/exiftool_FujiFilm.raf"));
        auto.decode(photo("heif/libheif_example.avif"));
        assertThat(calls).containsExactly("standard", "raw", "heif");

        AutoPhotoDecoder coreOnly = AutoPhotoDecoder.withoutHeif(DecodeOptions.defaults());
        assertThatThrownBy(() -> coreOnly.decode(photo("heif/libheif_example.heic")))
                .isInstanceOf(PhotoDecodeException.class)
                .hasMessageContaining("no HEIF decoder is configured: use triage-models' HeifPhotoDecoder.auto");
        assertThat(coreOnly.decode(photo("raw/Canon-R6-pruned.CR3")).source()).contains("PRVW JPEG 1620x1080");
        assertThat(coreOnly.decode(new Photo(png, "a", "")).width()).isEqualTo(4);
    }

    @Test
    void pipelineRecordsWhichPreviewARawWasTriagedFromAndWhyAnotherWasRefused() throws Exception {
        try (io.phototriage.core.Pipeline pipeline = io.phototriage.core.Pipeline.builder()
                .decoder(AutoPhotoDecoder.withoutHeif(DecodeOptions.defaults()))
                .classify(io.phototriage.core.testing.FakeStages.classifier(
                        p -> io.phototriage.core.testing.FakeStages.people(0.8)))
                .build()) {
            List<io.phototriage.core.PhotoResult> results = pipeline.run(List.of(
                    photo("raw/Canon-R6-pruned.CR3"), photo("raw/filetype_sony-zv-e10_truncated.arw")));
            io.phototriage.core.DecodeInfo cr3 = results.get(0).value(io.phototriage.core.StageKey.DECODE)
                    .orElseThrow();
            assertThat(cr3.source()).contains("PRVW JPEG 1620x1080");
            assertThat(cr3.originalWidth()).isEqualTo(1620);
            assertThat(results.get(1).status()).isEqualTo(io.phototriage.core.PhotoResult.Status.ERROR);
            assertThat(results.get(1).firstFailure().orElseThrow().message())
                    .contains("lies past the end of the 100000-byte file");
        }
    }

    @Test
    void missingFileFailsTheSharedGuardFirst(@TempDir Path dir) {
        assertThatThrownBy(() -> AutoPhotoDecoder.withoutHeif(DecodeOptions.defaults())
                .decode(new Photo(dir.resolve("gone.heic"), "gone", "")))
                .hasMessageContaining("file not found");
    }

    private static DecodedPhoto record(List<String> calls, String name, Photo photo) {
        calls.add(name);
        return DecodedPhoto.full(photo, new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB));
    }

    private static Photo photo(String file) {
        return new Photo(DRIVE.resolve(file), file, "");
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(16);
        }
    }
}
