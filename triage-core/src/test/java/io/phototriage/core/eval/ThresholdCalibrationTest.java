package io.phototriage.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.eval.ThresholdCalibration.Counts;
import io.phototriage.core.eval.ThresholdCalibration.LabelledImage;
import io.phototriage.core.eval.ThresholdCalibration.Provenance;
import io.phototriage.core.eval.ThresholdCalibration.Result;
import io.phototriage.core.eval.ThresholdCalibration.Settings;
import io.phototriage.core.eval.ThresholdCalibration.Truth;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Detection;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThresholdCalibrationTest {
    private static final List<String> PETS_AND_PEOPLE = List.of("person", "dog", "cat");
    private static final Provenance PROVENANCE = new Provenance("hand-made table", 2, "none");

    /*
     * Image a: two people and a dog; image b: a cat and a crowd of people. Outcome of each detection (greedy by
     * score, IoU >= 0.5), and the pooled counts when the threshold is at that score (GT = 4, the crowd not counted):
     *   0.9 person on person 1   TP   TP1 FP0  F1 2/5  = 0.400
     *   0.8 person on nothing    FP   TP1 FP1  F1 2/6  = 0.333
     *   0.7 person on person 2   TP   TP2 FP1  F1 4/7  = 0.571
     *   0.6 dog on the dog       TP   TP3 FP1  F1 6/8  = 0.750   <- best F1, P 3/4, R 3/4
     *   0.5 person on person 1   FP (already matched)   TP3 FP2  F1 6/9
     *   0.45 person in the crowd ignored                TP3 FP2
     *   0.4 cat on nothing       FP   TP3 FP3  F1 6/10
     *   0.35 cat on the cat      TP   TP4 FP3  F1 8/11 = 0.727, P 4/7 = 0.571
     *   0.3 person on nothing    FP   TP4 FP4
     *   0.25 car on a car        not a configured label: left out
     *   0.2 person on nothing    FP   TP4 FP5
     */
    private static List<LabelledImage> table() {
        LabelledImage a = new LabelledImage("a",
                List.of(truth("person", 0, 0, 10, 10), truth("person", 20, 0, 30, 10), truth("dog", 0, 20, 10, 30),
                        truth("car", 40, 40, 50, 50)),
                List.of(det("person", 0.9, 0, 0, 10, 10), det("person", 0.8, 50, 50, 60, 60),
                        det("person", 0.7, 21, 0, 30, 10), det("dog", 0.6, 0, 21, 10, 30),
                        det("person", 0.5, 1, 0, 10, 10), det("cat", 0.4, 70, 70, 80, 80),
                        det("person", 0.3, 80, 0, 90, 10), det("car", 0.25, 40, 40, 50, 50)));
        LabelledImage b = new LabelledImage("b",
                List.of(truth("cat", 0, 0, 10, 10), new Truth("person", new BoundingBox(100, 100, 200, 200), true)),
                List.of(det("cat", 0.35, 0, 0, 10, 9), det("person", 0.45, 120, 120, 140, 150),
                        det("person", 0.2, 300, 300, 310, 310)));
        return List.of(a, b);
    }

    @Test
    void maxF1PicksTheMidpointBelowTheF1OptimalScore() {
        Result r = ThresholdCalibration.calibrate(table(), Settings.maxF1(PETS_AND_PEOPLE), PROVENANCE);

        assertThat(r.threshold()).isEqualTo((0.6 + 0.5) / 2);
        assertThat(r.precision()).isEqualTo(0.75);
        assertThat(r.recall()).isEqualTo(0.75);
        assertThat(r.f1()).isEqualTo(0.75);
        assertThat(r.counts()).isEqualTo(new Counts(r.threshold(), 3, 1, 4));
        assertThat(r.rule()).startsWith("max F1").contains("IoU >= 0.5");
        assertThat(r.provenance()).isEqualTo(PROVENANCE);
    }

    @ParameterizedTest(name = "precision >= {0} -> threshold between {1} and {2}")
    @CsvSource({
        "1.0,  0.9,  0.8",   // only the top box is all right
        "0.75, 0.6,  0.5",   // 3/4 at 0.6; everything lower is below 0.75
        "0.55, 0.35, 0.3",   // 4/7 = 0.571 at 0.35 is the lowest cut above 0.55
        "0.4,  0.2,  0.0",   // 4/9 = 0.444 at the lowest score: keep everything (midpoint down to 0)
    })
    void minPrecisionPicksTheLowestThresholdThatReachesTheTarget(double target, double cut, double nextLower) {
        Result r = ThresholdCalibration.calibrate(table(), Settings.minPrecision(PETS_AND_PEOPLE, target), PROVENANCE);

        assertThat(r.threshold()).isEqualTo((cut + nextLower) / 2);
        assertThat(r.precision()).isGreaterThanOrEqualTo(target);
        assertThat(r.rule()).contains("precision >= " + target);
    }

    @Test
    void unreachablePrecisionFailsWithTheBestThatWasReached() {
        List<LabelledImage> images = List.of(new LabelledImage("x", List.of(truth("dog", 0, 0, 10, 10)),
                List.of(det("dog", 0.9, 50, 50, 60, 60), det("dog", 0.8, 0, 0, 10, 10))));

        assertThatThrownBy(() -> ThresholdCalibration.calibrate(images, Settings.minPrecision(PETS_AND_PEOPLE, 0.9), PROVENANCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no threshold reaches precision 0.9")
                .hasMessageContaining("best 0.5");
    }

    @Test
    void noGroundTruthOfTheLabelsCannotBeCalibrated() {
        List<LabelledImage> images = List.of(new LabelledImage("x", List.of(truth("car", 0, 0, 10, 10)),
                List.of(det("person", 0.9, 0, 0, 10, 10))));

        assertThatThrownBy(() -> ThresholdCalibration.calibrate(images, Settings.maxF1(PETS_AND_PEOPLE), PROVENANCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no ground-truth box of [person, dog, cat]");
    }

    @Test
    void evaluateCountsAtAGivenThreshold() {
        Counts at = ThresholdCalibration.evaluate(table(), Settings.maxF1(PETS_AND_PEOPLE), 0.3);

        assertThat(at).isEqualTo(new Counts(0.3, 4, 4, 4));
        assertThat(at.precision()).isEqualTo(0.5);
        assertThat(at.recall()).isEqualTo(1.0);
    }

    @Test
    void savedResultLoadsBackEqual(@TempDir Path dir) throws Exception {
        Result r = ThresholdCalibration.calibrate(table(), Settings.maxF1(PETS_AND_PEOPLE), PROVENANCE);
        Path file = dir.resolve("sub/calibration.json");

        CalibrationCodec.save(r, file);

        assertThat(CalibrationCodec.load(file)).isEqualTo(r);
    }

    @Test
    void loadNamesTheMissingField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.json");
        java.nio.file.Files.writeString(file, "{\"threshold\": 0.5, \"rule\": \"x\"}");

        assertThatThrownBy(() -> CalibrationCodec.load(file))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("\"counts\"");
    }

    private static Truth truth(String label, double x0, double y0, double x1, double y1) {
        return new Truth(label, new BoundingBox(x0, y0, x1, y1), false);
    }

    private static Detection det(String label, double score, double x0, double y0, double x1, double y1) {
        return new Detection(label, score, new BoundingBox(x0, y0, x1, y1));
    }
}
