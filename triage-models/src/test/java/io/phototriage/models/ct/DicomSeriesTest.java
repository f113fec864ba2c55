package io.phototriage.models.ct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.testing.JsonArrays;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The DICOM series reader against pydicom (golden-ct.json) on synthetic series and the real JPEG 2000 series. */
class DicomSeriesTest {

    @ParameterizedTest
    @ValueSource(strings = {"explicit-signed", "implicit-unsigned-mono1", "oblique-12bit-signed"})
    void readsSeriesExactlyAsPydicomWithDcm2niixGeometry(String name) throws Exception {
        JsonNode expected = CtGolden.golden().get("dicom").get(name);
        CtVolume volume = DicomSeries.read(CtGolden.resource("dicom/" + name), CtReadOptions.defaults());
        VolumeGeometry g = volume.geometry();
        assertThat(new int[] {g.nx(), g.ny(), g.nz()}).containsExactly(
                expected.get("shape").get(0).asInt(), expected.get("shape").get(1).asInt(), expected.get("shape").get(2).asInt());
        double[] affine = CtGolden.affine(expected.get("affine"));
        for (int n = 0; n < 16; n++) {
            assertThat(g.affine()[n]).as("affine[%d]", n).isCloseTo(affine[n], within(1e-9));
        }
        assertHuAsPydicom(volume, expected);
        assertThat(volume.source()).isEqualTo(expected.get("series_uid").asText());
    }

    /** Every voxel's HU equals pydicom's: integers times 1 or 2, so exactly. */
    private static void assertHuAsPydicom(CtVolume volume, JsonNode expected) {
        double[] hu = JsonArrays.doubles(expected.get("hu"));
        assertThat(volume.hu()).hasSize(hu.length);
        for (int n = 0; n < hu.length; n++) {
            assertThat((double) volume.hu()[n]).as("voxel %d", n).isEqualTo(hu[n]);
        }
    }

    @Test
    void mixedFolderReadsTheLargestSeriesAndNotesWhatItSkipped() throws Exception {
        JsonNode expected = CtGolden.golden().get("dicom").get("mixed");
        CtVolume volume = DicomSeries.read(CtGolden.resource("dicom/mixed"), CtReadOptions.defaults());
        assertThat(volume.source()).isEqualTo("1.2.826.0.1.3680043.8.498.20");
        assertThat(volume.geometry().nz()).isEqualTo(4);
        assertHuAsPydicom(volume, expected);
        assertThat(volume.notes()).anySatisfy(n -> assertThat(n).contains("README.txt").contains("not a DICOM file"))
                .anySatisfy(n -> assertThat(n).contains("scout.dcm").contains("localizer"))
                .anySatisfy(n -> assertThat(n).contains("1.2.826.0.1.3680043.8.498.21").contains("2 slices"));
    }

    @Test
    void seriesOptionPicksTheOtherSeries() throws Exception {
        CtVolume volume = DicomSeries.read(CtGolden.resource("dicom/mixed"),
                CtReadOptions.defaults().withSeries("1.2.826.0.1.3680043.8.498.21"));
        assertThat(volume.geometry().nz()).isEqualTo(2);
        assertThat(volume.geometry().nx()).isEqualTo(3);
        assertThatThrownBy(() -> DicomSeries.read(CtGolden.resource("dicom/mixed"), CtReadOptions.defaults().withSeries("9.9")))
                .isInstanceOf(CtInputException.class).hasMessageContaining("no series 9.9")
                .hasMessageContaining("1.2.826.0.1.3680043.8.498.20 (4 slices)");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "missing-slice | has a gap: 1 slice(s) missing", // a missing slice is a gap error
        "tilted        | not stacked along the slice normal", // a tilted stack is refused
        "truncated     | truncated", // a truncated file is a clear error
    })
    void aBrokenSeriesIsAClearError(String folder, String message) {
        assertThatThrownBy(() -> DicomSeries.read(CtGolden.resource("dicom/" + folder), CtReadOptions.defaults()))
                .isInstanceOf(CtInputException.class).hasMessageContaining(message);
    }

    @Test
    void voxelBudgetRefusesBeforeDecoding() {
        assertThatThrownBy(() -> DicomSeries.read(CtGolden.resource("dicom/explicit-signed"),
                CtReadOptions.defaults().withVoxelBudget(100)))
                .isInstanceOf(CtInputException.class).hasMessageContaining("6x5x4 = 120 voxels, over the voxel budget of 100");
    }

    @Test
    void folderWithoutDicomIsAClearError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> DicomSeries.read(dir, CtReadOptions.defaults()))
                .isInstanceOf(CtInputException.class).hasMessageContaining("no DICOM image files found");
        assertThatThrownBy(() -> DicomParser.parse(dir.resolve("notes.txt"), false))
                .isInstanceOf(CtInputException.class).hasMessageContaining("not a DICOM file");
    }

    @Test
    void storedValuesAreMaskedAndSignExtended() {
        assertThat(DicomPixels.stored(0x0FFF, 12, true)).isEqualTo(-1);
        assertThat(DicomPixels.stored(0xF7FF, 12, true)).isEqualTo(2047);
        assertThat(DicomPixels.stored(0xFFFF, 12, false)).isEqualTo(4095);
        assertThat(DicomPixels.stored(0x8000, 16, true)).isEqualTo(-32768);
        assertThat(DicomPixels.stored(0x8000, 16, false)).isEqualTo(32768);
    }

    @Test
    void realJpeg2000SeriesDecodesLosslesslyAsPydicomOnTotalSegmentatorsGrid() throws Exception {
        assumeTrue(CtGolden.hasSharedCt(), "../shared/data/ct is absent: the real DICOM series test is skipped");
        JsonNode expected = CtGolden.golden().get("real").get("dicom_series");
        CtVolume volume = DicomSeries.read(CtGolden.sharedCt().resolve("example_ct_dicom"), CtReadOptions.defaults());
        VolumeGeometry g = volume.geometry();
        assertThat(new int[] {g.nx(), g.ny(), g.nz()}).containsExactly(512, 512, 20);
        // the affine TotalSegmentator's own conversion wrote for its segmentation of this series, read by nibabel
        double[] nib = CtGolden.affine(expected.get("seg_affine_nibabel"));
        for (int n = 0; n < 16; n++) {
            assertThat(g.affine()[n]).as("affine[%d]", n).isCloseTo(nib[n], within(1e-4));
        }
        // every voxel as pydicom decodes it (sha256 of the int16 volume, i fastest)
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(volume.hu().length * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float v : volume.hu()) {
            assertThat(v).isEqualTo((float) Math.rint(v));
            bb.putShort((short) v);
        }
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bb.array()));
        assertThat(sha).isEqualTo(expected.get("hu_int16_sha256_fortran").asText());
        for (JsonNode s : expected.get("hu_samples")) {
            assertThat((double) volume.at(s.get(0).asInt(), s.get(1).asInt(), s.get(2).asInt())).isEqualTo(s.get(3).asDouble());
        }
        // and it lines up with TotalSegmentator's segmentation on the same grid: liver (5) over liver HU
        LabelVolume seg = Nifti.readLabels(CtGolden.sharedCt().resolve("example_seg_dicom.nii.gz"), CtReadOptions.DEFAULT_VOXEL_BUDGET);
        double sum = 0;
        long count = 0;
        for (int n = 0; n < seg.labels().length; n++) {
            if (seg.labels()[n] == 5) {
                sum += volume.hu()[n];
                count++;
            }
        }
        assertThat(count).isEqualTo(expected.get("liver_voxels").asLong());
        assertThat(sum / count).isCloseTo(expected.get("liver_mean_hu").asDouble(), within(1e-6));
    }
}
