package io.phototriage.models.ct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.testing.JsonArrays;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The NIfTI-1 reader and writer against nibabel (golden-ct.json). */
class NiftiTest {
    private static final long BUDGET = CtReadOptions.DEFAULT_VOXEL_BUDGET;

    @ParameterizedTest
    @ValueSource(strings = {"int16-scaled", "uint8-oblique", "float32-qform-only"})
    void readsHeaderAffineAndDataAsNibabel(String name) throws Exception {
        JsonNode expected = CtGolden.golden().get("nifti").get(name);
        Nifti.Image image = Nifti.read(CtGolden.resource("nifti/" + expected.get("file").asText()), BUDGET);
        NiftiHeader h = image.header();
        assertThat(new int[] {h.nx(), h.ny(), h.nz()}).containsExactly(expected.get("shape").get(0).asInt(),
                expected.get("shape").get(1).asInt(), expected.get("shape").get(2).asInt());
        assertThat(h.datatype()).isEqualTo(expected.get("datatype").asInt());
        assertThat(h.bitpix()).isEqualTo(expected.get("bitpix").asInt());
        assertThat((double) h.voxOffset()).isEqualTo(expected.get("vox_offset").asDouble());
        assertThat(h.qformCode()).isEqualTo(expected.get("qform_code").asInt());
        assertThat(h.sformCode()).isEqualTo(expected.get("sform_code").asInt());
        double[] pixdim = JsonArrays.doubles(expected.get("pixdim"));
        for (int n = 0; n < 8; n++) {
            assertThat((double) h.pixdim()[n]).isEqualTo(pixdim[n]);
        }
        double[] affine = CtGolden.affine(expected.get("affine"));
        double[] qform = CtGolden.affine(expected.get("qform_affine"));
        for (int n = 0; n < 16; n++) {
            assertThat(image.geometry().affine()[n]).as("affine[%d]", n).isCloseTo(affine[n], within(1e-5));
            if (h.qformCode() > 0) {
                assertThat(h.qformAffine()[n]).as("qform[%d]", n).isCloseTo(qform[n], within(1e-5));
            }
        }
        double[] data = JsonArrays.doubles(expected.get("data"));
        for (int n = 0; n < data.length; n++) {
            assertThat((double) image.values()[n]).as("voxel %d", n).isCloseTo(data[n], within(1e-4 * Math.max(1, Math.abs(data[n]))));
        }
    }

    @Test
    void brokenHeaderAndTruncatedDataAreClearErrors() {
        assertThatThrownBy(() -> Nifti.read(CtGolden.resource("nifti/broken-header.nii"), BUDGET))
                .isInstanceOf(CtInputException.class).hasMessageContaining("broken NIfTI header: sizeof_hdr is 1234");
        assertThatThrownBy(() -> Nifti.read(CtGolden.resource("nifti/truncated-data.nii"), BUDGET))
                .isInstanceOf(CtInputException.class).hasMessageContaining("truncated voxel data");
        assertThatThrownBy(() -> Nifti.read(CtGolden.resource("nifti/uint8-oblique.nii"), 10))
                .isInstanceOf(CtInputException.class).hasMessageContaining("over the voxel budget of 10");
    }

    @Test
    void labelsRefuseFractionalValues() {
        assertThatThrownBy(() -> Nifti.readLabels(CtGolden.resource("nifti/float32-qform-only.nii.gz"), BUDGET))
                .isInstanceOf(CtInputException.class).hasMessageContaining("is not a label");
    }

    @Test
    void writtenInt16AndLabelsReadBackWithTheSameGridAndQform(@TempDir Path dir) throws Exception {
        // the real DICOM grid's affine: LAS, orthogonal, so a qform is written beside the sform
        double[] affine = {-0.9765625, 0, 0, 249.51171875, 0, 0.9765625, 0, -61.51171875, 0, 0, 2, -804.5, 0, 0, 0, 1};
        VolumeGeometry g = new VolumeGeometry(4, 3, 2, affine);
        float[] values = new float[24];
        short[] labels = new short[24];
        for (int n = 0; n < 24; n++) {
            values[n] = -1024 + 97.4f * n;
            labels[n] = (short) (n % 7 == 0 ? 117 : n % 3);
        }
        Path vol = dir.resolve("v.nii.gz");
        try (OutputStream out = Files.newOutputStream(vol)) {
            Nifti.writeInt16(out, g, values);
        }
        Path seg = dir.resolve("s.nii.gz");
        try (OutputStream out = Files.newOutputStream(seg)) {
            Nifti.writeLabels(out, new LabelVolume(g, labels));
        }
        Nifti.Image back = Nifti.read(vol, BUDGET);
        assertThat(back.header().datatype()).isEqualTo(NiftiHeader.INT16);
        assertThat(back.header().sformCode()).isEqualTo(2);
        assertThat(back.header().qformCode()).isEqualTo(2);
        for (int n = 0; n < 16; n++) {
            assertThat(back.geometry().affine()[n]).isCloseTo(affine[n], within(1e-6));
            assertThat(back.header().qformAffine()[n]).as("qform[%d]", n).isCloseTo(affine[n], within(1e-5));
        }
        for (int n = 0; n < 24; n++) {
            assertThat(back.values()[n]).isEqualTo((float) Math.round(values[n]));
        }
        LabelVolume labelsBack = Nifti.readLabels(seg, BUDGET);
        assertThat(Nifti.read(seg, BUDGET).header().datatype()).isEqualTo(NiftiHeader.UINT8);
        assertThat(labelsBack.labels()).containsExactly(labels);
    }

    @Test
    void realTotalSegmentatorFilesReadAsNibabel() throws Exception {
        assumeTrue(CtGolden.hasSharedCt(), "../shared/data/ct is absent: the real NIfTI test is skipped");
        for (String name : new String[] {"example_ct_sm.nii.gz", "example_seg.nii.gz", "example_seg_fast.nii.gz", "example_ct.nii.gz"}) {
            JsonNode expected = CtGolden.golden().get("real").get(name);
            Nifti.Image image = Nifti.read(CtGolden.sharedCt().resolve(name), BUDGET);
            assertThat(image.header().datatype()).isEqualTo(expected.get("datatype").asInt());
            double[] affine = CtGolden.affine(expected.get("affine"));
            for (int n = 0; n < 16; n++) {
                assertThat(image.geometry().affine()[n]).isCloseTo(affine[n], within(1e-5));
            }
            double sum = 0;
            for (float v : image.values()) {
                sum += v;
            }
            assertThat(sum).as(name).isEqualTo(expected.get("sum").asDouble());
        }
    }

    @Test
    void headerBytesMatchTheNiftiLayout() {
        byte[] h = Nifti.header(VolumeGeometry.axisAligned(2, 3, 4, new double[] {1, 2, 3}, new double[] {0, 0, 0}),
                NiftiHeader.UINT8);
        assertThat(h).hasSize(352);
        assertThat(new String(h, 344, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("n+1");
        ByteArrayOutputStream unused = new ByteArrayOutputStream();
        assertThat(unused.size()).isZero();
    }
}
