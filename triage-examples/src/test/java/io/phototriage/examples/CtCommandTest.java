package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.models.ct.CtReadOptions;
import io.phototriage.models.ct.LabelVolume;
import io.phototriage.models.ct.Nifti;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code phototriage ct} end to end with the tiny random-weight network (results are noise: a wiring check). */
class CtCommandTest {
    static final Path MODELS_RESOURCES = Path.of("..", "triage-models", "src", "test", "resources");
    static final Path FIXTURES = MODELS_RESOURCES.resolve("fixtures");
    static final Path SYNTHETIC = MODELS_RESOURCES.resolve("golden/totalseg/synthetic-ct.nii.gz");
    static final Path DICOM = MODELS_RESOURCES.resolve("ct/dicom/explicit-signed");
    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int code, String out, String err) {
    }

    static Run ct(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "ct";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = PhotoTriageCliCapture.run(out, err, all);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code ct --input input --output out} on the tiny model set of the test fixtures, then {@code extra}. */
    static Run ctTiny(Path input, Path out, String... extra) {
        String[] all = new String[8 + extra.length];
        String[] fixed = {"--input", input.toString(), "--output", out.toString(), "--model-set", "tiny", "--models", FIXTURES.toString()};
        System.arraycopy(fixed, 0, all, 0, fixed.length);
        System.arraycopy(extra, 0, all, fixed.length, extra.length);
        return ct(all);
    }

    /** {@link #ctTiny} that must exit 0 (its standard error is the failure message otherwise). */
    static Run ctTinySucceeds(Path input, Path out, String... extra) {
        Run run = ctTiny(input, out, extra);
        assertThat(run.code()).as(run.err()).isZero();
        return run;
    }

    private static LabelVolume segmentation(Path out) throws Exception {
        return Nifti.readLabels(out.resolve("segmentation.nii.gz"), CtReadOptions.DEFAULT_VOXEL_BUDGET);
    }

    private static JsonNode ctJson(Path out) throws Exception {
        return JSON.readTree(out.resolve("ct.json").toFile());
    }

    @Test
    @NeedsNatives
    void niftiInputWritesVolumeSegmentationJsonPreviewsAndIndex(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        ctTinySucceeds(SYNTHETIC, out, "--window", "50,350");
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).collect(Collectors.toSet())).containsExactlyInAnyOrder(
                    "volume.nii.gz", "segmentation.nii.gz", "ct.json", "index.html", "axial.png", "coronal.png", "sagittal.png");
        }
        Nifti.Image input = Nifti.read(SYNTHETIC, CtReadOptions.DEFAULT_VOXEL_BUDGET);
        Nifti.Image volume = Nifti.read(out.resolve("volume.nii.gz"), CtReadOptions.DEFAULT_VOXEL_BUDGET);
        assertThat(volume.header().datatype()).isEqualTo(4);
        assertThat(volume.geometry().sameGrid(input.geometry(), 1e-5)).isTrue();
        assertThat(volume.values()).containsExactly(input.values());
        LabelVolume seg = segmentation(out);
        assertThat(seg.geometry().sameGrid(input.geometry(), 1e-5)).isTrue();

        JsonNode json = ctJson(out);
        assertThat(json.get("window").get("level").asDouble()).isEqualTo(50);
        assertThat(json.get("model").get("name").asText()).isEqualTo("totalseg-tiny");
        assertThat(json.get("patches").asInt()).isEqualTo(6);
        Map<Integer, Long> counts = seg.counts();
        assertThat(json.get("organs").size()).isEqualTo(counts.size());
        double voxelMl = input.geometry().voxelVolumeMm3() / 1000.0;
        json.get("organs").forEach(o -> {
            assertThat(o.get("voxels").asLong()).isEqualTo(counts.get(o.get("label").asInt()));
            assertThat(o.get("volume_ml").asDouble()).isEqualTo(counts.get(o.get("label").asInt()) * voxelMl);
        });
        assertThat(json.get("timings_ms").get("segment_steps").has("network")).isTrue();
        assertThat(ImageIO.read(out.resolve("axial.png").toFile()).getWidth()).isPositive();
        String html = Files.readString(out.resolve("index.html"));
        assertThat(html).contains("<img src=\"axial.png\"").contains("totalseg-tiny").contains("50.0/350.0 HU");
    }

    @Test
    @NeedsNatives
    void aMultiPartModelFolderIsMergedIntoTotalLabelIds(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        ctTinySucceeds(SYNTHETIC, out, "--model", "totalseg-tiny-parts");
        JsonNode golden = JSON.readTree(MODELS_RESOURCES.resolve("golden/totalseg/parts-merge.json").toFile());
        LabelVolume seg = segmentation(out);
        JsonNode expected = golden.get("labels_input_zyx");
        int differ = 0;
        for (int v = 0; v < seg.data().length; v++) {
            differ += seg.data()[v] == expected.get(v).asInt() ? 0 : 1;
        }
        assertThat(differ).as("labels differing from the Python merge (TotalSegmentatorPartsTest checks ties)")
                .isLessThanOrEqualTo(seg.data().length / 1000);
        JsonNode json = ctJson(out);
        assertThat(json.get("model").get("name").asText()).isEqualTo("totalseg-tiny-parts");
        assertThat(json.get("patches").asInt()).isEqualTo(golden.get("patches").asInt());
        assertThat(json.get("timings_ms").get("segment_steps").has("part3.network")).isTrue();
    }

    @Test
    @NeedsNatives
    void organsFilterKeepsOnlyTheNamedLabelsAndDicomInputKeepsItsGrid(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        ctTinySucceeds(DICOM, out, "--organs", "liver,spleen");
        assertThat(segmentation(out).counts().keySet()).isSubsetOf(1, 5);
        JsonNode json = ctJson(out);
        assertThat(json.get("source").asText()).isEqualTo("1.2.826.0.1.3680043.8.498.10");
        assertThat(json.get("organs_requested").toString()).isEqualTo("[\"spleen\",\"liver\"]");
        assertThat(json.get("geometry").get("size").toString()).isEqualTo("[6,5,4]");
    }

    @Test
    void badInputIsAUsageErrorAndWritesNothing(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        Path broken = MODELS_RESOURCES.resolve("ct/nifti/broken-header.nii");
        Run run = ctTiny(broken, out);
        assertThat(run.code()).isEqualTo(FolderTriage.EXIT_USAGE);
        assertThat(run.err()).contains("broken NIfTI header");
        Run gap = ctTiny(MODELS_RESOURCES.resolve("ct/dicom/missing-slice"), out);
        assertThat(gap.code()).isEqualTo(FolderTriage.EXIT_USAGE);
        assertThat(gap.err()).contains("slice(s) missing");
        Run organ = ctTiny(SYNTHETIC, out, "--organs", "livr");
        assertThat(organ.code()).isEqualTo(FolderTriage.EXIT_USAGE);
        assertThat(organ.err()).contains("unknown TotalSegmentator organ name(s): 'livr'");
        Run lite = ct("--input", SYNTHETIC.toString(), "--output", out.toString());
        assertThat(lite.code()).isEqualTo(FolderTriage.EXIT_USAGE);
        assertThat(lite.err()).contains("no lite CT model");
        Run budget = ctTiny(SYNTHETIC, out, "--voxel-budget", "1000");
        assertThat(budget.code()).isEqualTo(FolderTriage.EXIT_USAGE);
        assertThat(budget.err()).contains("over the voxel budget of 1000");
        Run models = ct("--input", SYNTHETIC.toString(), "--output", out.toString(), "--model-set", "full",
                "--models", tmp.toString());
        assertThat(models.code()).isEqualTo(FolderTriage.EXIT_MODELS);
        assertThat(out).doesNotExist();
    }

    @Test
    void htmlEscapesEverythingItShows() {
        var json = JSON.createObjectNode();
        json.put("input", "<script>alert(1)</script>");
        json.put("source", "a&b\"c");
        json.putObject("geometry").putArray("size").add(1).add(2).add(3);
        json.putObject("model").put("name", "<b>m</b>");
        json.putObject("window").put("level", 40.0).put("width", 400.0);
        json.putArray("organs").addObject().put("label", 5).put("name", "<i>liver</i>").put("voxels", 3)
                .put("volume_ml", 1.5).put("colour", "#aabbcc\"><x");
        json.putArray("notes").add("skipped <scout>.dcm");
        String html = CtCommand.CtReport.html(json);
        assertThat(html).doesNotContain("<script>alert", "<b>m</b>", "<i>liver", "<scout>", "\"><x")
                .contains("&lt;script&gt;", "a&amp;b&quot;c", "&lt;i&gt;liver&lt;/i&gt;", "skipped &lt;scout&gt;.dcm");
    }
}
