package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.core.testing.SharedData;
import io.phototriage.models.yolox.DetectorComparison;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval --detector DET_DIR --compare-detectors} (issue #16): the tiny trainable YOLOX fixture fine-tuned for one
 * epoch on 6 coco128 photos, then eval with the real lite models. The detector table in metrics.json must hold the
 * rows that {@link DetectorComparison#run} measures here on its own (same photos, same models, same arithmetic), the
 * training time the folder's manifest records (read here as plain JSON), and the report must show those numbers with
 * every text escaped.
 */
@NeedsNatives
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvalDetectorTableTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The tiny trainable YOLOX of triage-models' test fixtures (random weights: the mAP means nothing). */
    private static final Path TINY = Path.of("..", "triage-models", "src", "test", "resources", "fixtures", "yolox-tiny");
    /** Same photos, same models, same arithmetic: the numbers must agree to rounding. */
    private static final double SAME_COMPUTATION = 1e-12;

    private Path slice;
    private Path detector;
    private Path output;
    private EvalCommand.Report report;
    private JsonNode table;
    private String html;

    @BeforeAll
    void fineTuneThenEvaluate(@TempDir Path tmp) throws IOException {
        assumeTrue(Files.isDirectory(SharedData.coco128()) && Files.isDirectory(SharedData.models().resolve("yolox-nano")),
                "needs ../shared (coco128 and the lite models); run with -Dphototriage.shared=...");
        slice = CocoSlice.of(tmp.resolve("slice"), CocoSlice.SIX);
        // Characters that must be escaped in the report travel in through the detector folder's name.
        detector = tmp.resolve("det <b>&\"x'");
        assertThat(PhotoTriageCli.execute("train-detector", "--dataset", slice.toString(), "--start", TINY.toString(),
                "--output", detector.toString(), "--epochs", "1", "--batch-size", "3", "--seed", "3"))
                .isEqualTo(FolderTriage.EXIT_OK);
        output = tmp.resolve("out");
        report = EvalCommand.run(EvalCommand.Options.of(slice, output).withModels(SharedData.models()).withStylizePhotos(0)
                .withStageOption(StageOptions.DETECTOR, detector.toString()).withCompareDetectors(true),
                new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
        table = JSON.readTree(output.resolve("metrics.json").toFile()).path(DetectorTable.SECTION);
        html = Files.readString(output.resolve("report.html"));
    }

    @Test
    void tableRowsAreTheComparisonsMeasuredNumbersAndTheManifestsTrainingTime() throws Exception {
        assertThat(report.exitCode()).as(report.message()).isEqualTo(FolderTriage.EXIT_OK);
        List<DetectorComparison.Row> expected = DetectorComparison.run(slice, SharedData.models(), detector, Optional.empty(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        List<String> classes = Files.readAllLines(detector.resolve("classes.names"));
        assertThat(classes).containsExactly("person", "dog", "cat");
        assertThat(table.path("classes")).extracting(JsonNode::asText).containsExactlyElementsOf(classes);
        JsonNode rows = table.path("rows");
        assertThat(rows).hasSize(2);
        double trained = JSON.readTree(detector.resolve("manifest.json").toFile()).path("contract").path("training")
                .path("seconds_so_far").asDouble();
        assertThat(trained).isPositive();
        for (int i = 0; i < expected.size(); i++) {
            DetectorComparison.Row e = expected.get(i);
            JsonNode r = rows.get(i);
            assertThat(r.path("name").asText()).isEqualTo(e.name());
            same(r.path("mAP"), e.map());
            same(r.path("mAP50"), e.map50());
            for (int c = 0; c < classes.size(); c++) {
                same(r.path("apPerClass").path(classes.get(c)), e.apPerClass()[c]);
            }
            same(r.path("threshold"), e.threshold());
            same(r.path("photoRecall"), e.photoRecall());
            same(r.path("photoPrecision"), e.photoPrecision());
            assertThat(r.path("sizeBytes").asLong()).isEqualTo(e.sizeBytes());
            // Latency is measured again in each run: only its presence and order are stable.
            assertThat(r.path("p50Ms").asDouble()).isPositive().isLessThanOrEqualTo(r.path("p95Ms").asDouble());
        }
        assertThat(rows.get(0).path("name").asText()).contains("pretrained");
        assertThat(rows.get(0).path("trainingSeconds").isNull()).isTrue();
        assertThat(rows.get(1).path("name").asText()).contains("fine-tuned");
        assertThat(rows.get(1).path("trainingSeconds").asDouble()).isEqualTo(trained);
        assertThat(rows.get(1).path("sizeBytes").asLong()).isGreaterThanOrEqualTo(Files.size(detector.resolve("yolox_trainable.pt")));
    }

    @Test
    void reportShowsTheTableWithEscapedText() {
        assertThat(html).contains("<h2>Detectors</h2>", "<th>AP person</th><th>AP dog</th><th>AP cat</th>", "<th>training s</th>");
        assertThat(html).contains("det &lt;b&gt;&amp;&quot;x&#39;").doesNotContain("det <b>");
        for (JsonNode r : table.path("rows")) {
            String cells = "<tr><th>" + HtmlIndex.text(r.path("name").asText()) + "</th><td class=\"num\">" + cell(r.path("mAP"))
                    + "</td><td class=\"num\">" + cell(r.path("mAP50")) + "</td><td class=\"num\">"
                    + cell(r.path("apPerClass").path("person")) + "</td>";
            assertThat(html).contains(cells);
        }
    }

    @Test
    void compareDetectorsWithoutADetectorIsAUsageError() {
        assertThat(PhotoTriageCli.execute("eval", "--dataset", slice.toString(), "--output", output.resolveSibling("x").toString(),
                "--compare-detectors")).isEqualTo(FolderTriage.EXIT_USAGE);
        assertThat(output.resolveSibling("x")).doesNotExist();
    }

    private static void same(JsonNode actual, double expected) {
        if (Double.isNaN(expected)) {
            assertThat(actual.isNull()).as("not measured: null").isTrue();
        } else {
            assertThat(actual.asDouble()).isCloseTo(expected, within(SAME_COMPUTATION));
        }
    }

    private static String cell(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%.4f", v.asDouble()) : "n/a";
    }
}
