package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.core.testing.SharedData;
import io.phototriage.models.yolox.YoloxConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval} with the real lite models on 6 coco128 photos: the metrics are checked against the same numbers
 * computed here straight from the stages and the core evaluators, the report against self-containment and escaping,
 * and the baseline check against its exit code.
 */
@NeedsNatives
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvalCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Same photos, same models, same arithmetic: the numbers must agree to rounding. */
    private static final double SAME_COMPUTATION = 1e-12;

    private Path tmp;
    private Path slice;
    private Path output;
    private EvalCommand.Report report;
    private JsonNode metrics;
    private String progress;

    @BeforeAll
    void evaluateTheSlice(@TempDir Path dir) throws IOException {
        tmp = dir;
        // Characters that must be escaped in the report travel in through the data set's folder name.
        slice = CocoSlice.of(tmp.resolve("slice <b>&\"x'"), CocoSlice.SIX);
        output = tmp.resolve("out");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        report = EvalCommand.run(EvalCommand.Options.of(slice, output).withModels(SharedData.models()).withStylizePhotos(2),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        progress = err.toString(StandardCharsets.UTF_8);
        metrics = JSON.readTree(output.resolve("metrics.json").toFile());
    }

    @Test
    void exitsZeroAndWritesBothFilesWithProgressOnTheStream() {
        assertThat(report.exitCode()).as(progress).isZero();
        assertThat(output.resolve("report.html")).isRegularFile();
        assertThat(progress).contains("[6/6]").contains("stylize: 2 photos").contains("wrote ");
    }

    @Test
    void metricsHaveTheStableKeysOfEveryStage() {
        for (String key : List.of("classify.accuracy", "classify.macroF1", "classify.confusion.matrix",
                "classify.perClass.people.precision", "classify.perClass.pets.recall", "classify.latencyMsP50", "classify.latencyMsP95",
                "detect.mAP", "detect.mAP50", "detect.mAP75", "detect.perClass.person.ap", "detect.perClass.dog.ap50",
                "detect.perClass.cat.ap75", "detect.threshold.value", "detect.threshold.source", "detect.mode", "detect.latencyMsP50",
                "segment.meanIoU", "segment.meanIoUDetected", "segment.latencyMsP50", "segment.latencyMsP95",
                "stylize.latencyMsP50", "stylize.latencyMsP95", "provenance.modelSet", "provenance.stageModels.detect",
                "provenance.dataset", "provenance.images", "provenance.date")) {
            assertThat(at(metrics, key).isMissingNode()).as(key).isFalse();
        }
        assertThat(at(metrics, "classify.confusion.classes")).extracting(JsonNode::asText).containsExactly("people", "pets", "neither");
        assertThat(at(metrics, "provenance.images").asInt()).isEqualTo(6);
        assertThat(at(metrics, "provenance.modelSet").asText()).isEqualTo("lite");
        assertThat(at(metrics, "detect.mode").asText()).startsWith("evaluation");
        assertThat(at(metrics, "stylize.latencyCalls").asInt()).as("two photos stylized, each timed once").isEqualTo(2);
    }

    @Test
    void clipScoreIsNullWithAReasonForTheLiteSet() {
        assertThat(at(metrics, "stylize.clipScore").isNull()).isTrue();
        assertThat(at(metrics, "stylize.clipScoreReason").asText()).contains("lite set has no CLIP");
    }

    @Test
    void heldOutAccuracyIsNullWhenTheProbeWasTrainedOnAnotherDataSet() {
        assertThat(at(metrics, "classify.heldOut").isNull()).isTrue();
        assertThat(at(metrics, "classify.heldOutReason").asText()).contains("trained on coco128");
    }

    /**
     * The real models on six photos: the counts follow from the slice (six photos, five with a person/dog/cat, see
     * {@link CocoSlice#SIX}); the arithmetic itself is proven against a hand-computed table in {@link EvalHandTableTest}.
     */
    @Test
    void everyPhotoIsMeasuredByEveryStageAndTheConfusionAddsUp() {
        assertThat(at(metrics, "classify.images").asInt()).isEqualTo(6);
        long sum = 0;
        long diagonal = 0;
        for (int t = 0; t < 3; t++) {
            for (int p = 0; p < 3; p++) {
                long v = at(metrics, "classify.confusion.matrix").get(t).get(p).asLong();
                sum += v;
                diagonal += t == p ? v : 0;
            }
        }
        assertThat(sum).isEqualTo(6);
        assertThat(at(metrics, "classify.accuracy").asDouble()).isCloseTo(diagonal / 6.0, within(1e-12));
        assertThat(at(metrics, "detect.images").asInt()).isEqualTo(6);
        assertThat(at(metrics, "detect.failures").asInt()).isZero();
        assertThat(at(metrics, "detect.threshold.value").asDouble()).isEqualTo(YoloxConfig.defaults().threshold());
        assertThat(at(metrics, "segment.images").asInt()).isEqualTo(5);
        assertThat(at(metrics, "segment.latencyCalls").asInt() + at(metrics, "segment.failures").asInt()).isEqualTo(5);
    }

    @Test
    void reportIsSelfContainedWithEmbeddedChartsAndEscapedText() throws IOException {
        String html = Files.readString(output.resolve("report.html"));

        assertThat(Pattern.compile("(?i)(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//").matcher(html).find())
                .as("no network reference").isFalse();
        assertThat(html).doesNotContain("<script").doesNotContain("slice <b>").doesNotContain("<b>&");
        assertThat(html).contains("slice &lt;b&gt;&amp;&quot;x&#39;");
        assertThat(html.split("src=\"data:image/png;base64,", -1)).as("confusion, PR, IoU and latency charts").hasSize(5);
        assertThat(html).contains("alt=\"confusion matrix of classify\"").contains("alt=\"precision-recall curves at IoU 0.5\"")
                .contains("alt=\"histogram of segmentation IoU\"").contains("alt=\"latency per stage\"");
    }

    @Test
    void baselineWithABetterMetricExitsFourNamingTheStageAndMetric() throws IOException {
        ObjectNode better = (ObjectNode) metrics.deepCopy();
        double mAP50 = at(metrics, "detect.mAP50").asDouble();
        ((ObjectNode) better.get("detect")).put("mAP50", mAP50 + 0.05);
        withoutLatencies(better);
        Path baseline = tmp.resolve("baseline-better.json");
        JSON.writeValue(baseline.toFile(), better);
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        EvalCommand.Report again = EvalCommand.run(EvalCommand.Options.of(slice, tmp.resolve("out-2")).withModels(SharedData.models())
                .withStylizePhotos(0).withBaseline(baseline), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(again.exitCode()).isEqualTo(EvalCommand.EXIT_REGRESSION);
        assertThat(again.regressions()).extracting(BaselineCheck.Regression::metric).containsExactly("detect.mAP50");
        assertThat(again.message()).contains("stage detect").contains("detect.mAP50").contains("absolute drop of 0.02");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("stage detect: detect.mAP50 dropped");
        assertThat(tmp.resolve("out-2/metrics.json")).as("the metrics are written before the comparison").isRegularFile();
    }

    @Test
    void missingDataSetIsAUsageErrorAndWritesNothing() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        EvalCommand.Report r = EvalCommand.run(EvalCommand.Options.of(tmp.resolve("nowhere"), tmp.resolve("out-3")),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(r.exitCode()).isEqualTo(FolderTriage.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("annotations.json").contains("--dataset");
        assertThat(tmp.resolve("out-3")).doesNotExist();
    }

    private static void withoutLatencies(ObjectNode root) {
        root.fields().forEachRemaining(f -> {
            if (f.getValue() instanceof ObjectNode o) {
                o.remove(List.of("latencyMsP50", "latencyMsP95"));
            }
        });
    }

    static JsonNode at(JsonNode root, String dotted) {
        JsonNode n = root;
        for (String part : dotted.split("\\.")) {
            n = n.path(part);
        }
        return n;
    }
}
