package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ct-eval} on TotalSegmentator's --fast segmentation against its full one, checked against numpy. */
class CtEvalCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path sharedCt() {
        return Path.of(System.getProperty("phototriage.shared", "../shared")).resolve("data/ct");
    }

    @Test
    void writesDicePerLabelAsNumpyComputesIt(@TempDir Path out) throws Exception {
        assumeTrue(Files.isRegularFile(sharedCt().resolve("example_seg.nii.gz")), "../shared/data/ct is absent: skipped");
        JsonNode golden = golden().get("real").get("metrics_fast_vs_total");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PhotoTriageCliCapture.run(new ByteArrayOutputStream(), err, "ct-eval",
                "--prediction", sharedCt().resolve("example_seg_fast.nii.gz").toString(),
                "--reference", sharedCt().resolve("example_seg.nii.gz").toString(), "--output", out.toString());
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        assertThat(metrics.get("dice").size()).isEqualTo(golden.get("dice").size());
        for (Iterator<Map.Entry<String, JsonNode>> it = golden.get("dice").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            assertThat(metrics.get("dice").get(e.getKey()).asDouble()).as("dice %s", e.getKey())
                    .isCloseTo(e.getValue().asDouble(), within(1e-12));
            assertThat(metrics.get("volume").get(e.getKey()).get("difference_ml").asDouble())
                    .isCloseTo(golden.get("volume").get(e.getKey()).get("difference_ml").asDouble(), within(1e-9));
        }
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("metrics.json");
        }
    }

    @Test
    void differentGridsAreAUsageErrorAndWriteNothing(@TempDir Path out) throws Exception {
        assumeTrue(Files.isRegularFile(sharedCt().resolve("example_seg_dicom.nii.gz")), "../shared/data/ct is absent: skipped");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path target = out.resolve("eval");
        int code = PhotoTriageCliCapture.run(new ByteArrayOutputStream(), err, "ct-eval",
                "--prediction", sharedCt().resolve("example_seg_dicom.nii.gz").toString(),
                "--reference", sharedCt().resolve("example_seg.nii.gz").toString(), "--output", target.toString());
        assertThat(code).isEqualTo(FolderTriage.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not on the same grid");
        assertThat(target).doesNotExist();
    }

    private static JsonNode golden() throws Exception {
        // the models module's golden file, shared through the source tree (the examples module has no test-jar of it)
        Path file = Path.of("..", "triage-models", "src", "test", "resources", "ct", "golden-ct.json");
        try (InputStream in = Files.newInputStream(file)) {
            return JSON.readTree(in);
        }
    }
}
