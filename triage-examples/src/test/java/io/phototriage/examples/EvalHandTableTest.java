package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phototriage.core.eval.CocoDataset;
import io.phototriage.core.eval.CocoEvalResult;
import io.phototriage.core.eval.DetectorCalibration;
import io.phototriage.core.spi.StageSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The eval loop, metrics and metrics document on the four photos of {@link HandTable} with its fake stages, against
 * numbers worked out by hand (no model, no component re-run to make the expectation).
 */
class EvalHandTableTest {
    private static final double EXACT = 1e-12;
    @TempDir
    Path dir;
    private CocoDataset dataset;

    @BeforeEach
    void writeTheDataSet() throws IOException {
        dataset = HandTable.write(dir);
    }

    private ObjectNode evaluate() {
        EvalStages stages = new EvalStages(HandTable.CLASSIFIER, new HandTable.FakeDetector(), HandTable.SEGMENTER, null, "fake");
        EvalLoop loop = new EvalLoop(dataset, dir.resolve("images"), DetectorCalibration.byFileName(dataset), stages,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        int evaluated = loop.measurePhotos(System.nanoTime());
        assertThat(evaluated).isEqualTo(4);
        EvalObservations observed = loop.observations();
        CocoEvalResult detection = EvalMetrics.detection(dataset, observed.detected());
        StageSettings settings = ModelSet.LITE.settings(Optional.of(dir), Map.of());
        return new MetricsDocument(EvalCommand.Options.of(dir, dir.resolve("out")).withStylizePhotos(0), settings, stages, observed,
                dataset).write(dir, 4, evaluated, EvalMetrics.HeldOut.none("fake classifier"), detection,
                MetricsDocument.ClipScore.none("no stylizer"), 1.0);
    }

    @Test
    void classifyAccuracyMacroF1AndConfusionMatchTheHandTable() {
        JsonNode c = evaluate().get("classify");
        assertThat(c.get("accuracy").asDouble()).isCloseTo(2 / 4.0, within(EXACT));
        // people: P 1/1, R 1/2 -> F1 2/3; pets: P 0/1, R 0/1 -> 0; neither: P 1/2, R 1/1 -> 2/3.
        assertThat(c.get("macroF1").asDouble()).isCloseTo(4 / 9.0, within(EXACT));
        assertThat(c.get("confusion").get("matrix").toString()).isEqualTo("[[1,1,0],[0,0,1],[0,0,1]]");
        assertThat(c.get("perClass").get("neither").get("precision").asDouble()).isCloseTo(0.5, within(EXACT));
        assertThat(c.get("heldOut").isNull()).isTrue();
    }

    @Test
    void detectMapMatchesTheHandTable() {
        JsonNode d = evaluate().get("detect");
        // person: 2 GT, TP at 0.9 then FP at 0.7 -> recall reaches 1/2 at precision 1: 51 of the 101 recall points.
        // dog: 1 GT, 1 TP -> AP 1. cat: no GT and no box -> left out of the mean (pycocotools' -1).
        double personAp = 51 / 101.0;
        assertThat(d.get("perClass").get("person").get("ap").asDouble()).isCloseTo(personAp, within(EXACT));
        assertThat(d.get("perClass").get("dog").get("ap").asDouble()).isCloseTo(1.0, within(EXACT));
        assertThat(d.get("mAP").asDouble()).isCloseTo((personAp + 1.0) / 2, within(EXACT));
        assertThat(d.get("mAP50").asDouble()).isCloseTo((personAp + 1.0) / 2, within(EXACT));
        assertThat(d.get("images").asInt()).isEqualTo(4);
        assertThat(d.get("threshold").get("value").asDouble()).isEqualTo(0.6);
        assertThat(d.get("threshold").get("source").asText()).isEqualTo("hand table");
        assertThat(d.get("mode").asText()).startsWith("evaluation").contains("the hand table");
        // Per photo at 0.6: person has a, d; predicted a (0.9), c (0.7) -> TP 1 FP 1 FN 1. pet has b; b's 0.5 < 0.6 -> FN 1.
        JsonNode photo = d.get("photoLevel");
        assertThat(photo.get("per_group").get("person").get("true_positives").asInt()).isEqualTo(1);
        assertThat(photo.get("per_group").get("person").get("false_positives").asInt()).isEqualTo(1);
        assertThat(photo.get("per_group").get("person").get("false_negatives").asInt()).isEqualTo(1);
        assertThat(photo.get("per_group").get("pet").get("recall").asDouble()).isEqualTo(0.0);
        assertThat(photo.get("overall").get("precision").asDouble()).isCloseTo(0.5, within(EXACT));
        assertThat(photo.get("overall").get("recall").asDouble()).isCloseTo(1 / 3.0, within(EXACT));
        assertThat(photo.get("images").asInt()).isEqualTo(4);
    }

    @Test
    void segmentIousMissesAndFailuresMatchTheHandTable() {
        JsonNode s = evaluate().get("segment");
        // Ground-truth prompts: a 12/24, b 12/24, d fails (IoU 0).
        assertThat(s.get("images").asInt()).isEqualTo(3);
        assertThat(s.get("meanIoU").asDouble()).isCloseTo(1 / 3.0, within(EXACT));
        assertThat(s.get("failures").asInt()).isEqualTo(1);
        assertThat(s.get("failureExamples").get(0).asText()).isEqualTo("d.png: box too wide for the fake");
        assertThat(s.get("meanIoUPerClass").get("person").asDouble()).isCloseTo(0.25, within(EXACT));
        assertThat(s.get("meanIoUPerClass").get("dog").asDouble()).isCloseTo(0.5, within(EXACT));
        assertThat(s.get("meanIoUPerClass").get("cat").isNull()).isTrue();
        // Production prompts: only a keeps a box (0.9); c's box matches no subject; b and d have a subject but no box.
        assertThat(s.get("imagesDetected").asInt()).isEqualTo(1);
        assertThat(s.get("meanIoUDetected").asDouble()).isCloseTo(0.5, within(EXACT));
        assertThat(s.get("promptsWithoutSubject").asInt()).isEqualTo(1);
        assertThat(s.get("subjectsMissed").asInt()).isEqualTo(2);
        assertThat(s.get("latencyCalls").asInt()).as("only the successful ground-truth calls are timed").isEqualTo(2);
    }
}
