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

class PhotoCalibrationTest {
    private static final List<String> LABELS = List.of("person", "dog", "cat");
    private static final BoundingBox BOX = new BoundingBox(0, 0, 10, 10);

    /*
     * Photo  truth (non-crowd)   boxes (all on the truth unless said)     person: has / best   pet: has / best
     * p1     person              person 0.9                                yes 0.9              no  -
     * p2     dog                 dog 0.25, cat 0.1                         no  -                yes 0.25
     * p3     -                   person 0.5 (on nothing)                   no  0.5              no  -
     * p4     person, cat         person 0.3                                yes 0.3              yes -
     * p5     crowd of people     person 0.8 inside the crowd               left out            no  -
     * p6     -                   cat 0.15 (on nothing)                     no  -                no  0.15
     * Positives: person p1 p4, pet p2 p4 (4). Overall counts at each candidate cut (p5's 0.8 is no candidate):
     *   0.9   TP1 FP0 FN3  P 1    R 1/4  F1 2/5
     *   0.5   TP1 FP1 FN3  P 1/2  R 1/4  F1 1/3
     *   0.3   TP2 FP1 FN2  P 2/3  R 1/2  F1 4/7
     *   0.25  TP3 FP1 FN1  P 3/4  R 3/4  F1 3/4   <- best; midpoint to 0.15 = 0.2
     *   0.15  TP3 FP2 FN1  P 3/5  R 3/4  F1 2/3
     * At 0.2: person TP2 FP1 FN0, pet TP1 FP0 FN1. Boxes at 0.2 (IoU 0.5): TP p1, p2, p4-person; FP p3; p5 ignored
     * (crowd); GT 4 (p1, p2, p4 person and cat).
     */
    private static List<LabelledImage> table() {
        return List.of(
                new LabelledImage("p1", List.of(truth("person")), List.of(det("person", 0.9, BOX))),
                new LabelledImage("p2", List.of(truth("dog")), List.of(det("dog", 0.25, BOX), det("cat", 0.1, BOX))),
                new LabelledImage("p3", List.of(), List.of(det("person", 0.5, BOX))),
                new LabelledImage("p4", List.of(truth("person"), new Truth("cat", new BoundingBox(50, 50, 60, 60), false)),
                        List.of(det("person", 0.3, BOX))),
                new LabelledImage("p5", List.of(new Truth("person", new BoundingBox(0, 0, 100, 100), true)),
                        List.of(det("person", 0.8, BOX))),
                new LabelledImage("p6", List.of(), List.of(det("cat", 0.15, BOX))));
    }

    private static Truth truth(String label) {
        return new Truth(label, BOX, false);
    }

    private static Detection det(String label, double score, BoundingBox box) {
        return new Detection(label, score, box);
    }

    @Test
    void calibrateTakesTheMidpointBelowTheCutWithTheBestOverallPhotoF1() {
        assertThat(PhotoCalibration.calibrate(table(), PhotoCalibration.Groups.triage())).isEqualTo((0.25 + 0.15) / 2);
    }

    @Test
    void evaluateCountsPerGroupAndOverallAndLeavesCrowdOnlyPhotosOut() {
        PhotoCalibration.Report r = PhotoCalibration.evaluate(table(), PhotoCalibration.Groups.triage(), 0.2);

        assertThat(r.perGroup().get("person")).isEqualTo(new PhotoCalibration.Counts(0.2, 2, 1, 0));
        assertThat(r.perGroup().get("pet")).isEqualTo(new PhotoCalibration.Counts(0.2, 1, 0, 1));
        assertThat(r.overall()).isEqualTo(new PhotoCalibration.Counts(0.2, 3, 1, 1));
        assertThat(r.overall().precision()).isEqualTo(0.75);
        assertThat(r.overall().recall()).isEqualTo(0.75);
        assertThat(r.perGroup().get("pet").recall()).isEqualTo(0.5);
        assertThat(r.images()).isEqualTo(6);
    }

    @Test
    void photoRuleGivesThePhotoThresholdWithTheBoxCountsThereAndBothInTheFile(@TempDir Path dir) throws Exception {
        Result r = ThresholdCalibration.calibrate(table(), Settings.photoMaxF1(LABELS), new Provenance("hand table", 6, "none"));

        assertThat(r.threshold()).isEqualTo(0.2);
        assertThat(r.counts()).isEqualTo(new Counts(0.2, 3, 1, 4));
        assertThat(r.precision()).isEqualTo(0.75);
        assertThat(r.recall()).isEqualTo(0.75);
        assertThat(r.rule()).startsWith("max F1 of the photo-level decisions person = [person], pet = [dog, cat]");
        assertThat(r.photoLevel().orElseThrow().overall()).isEqualTo(new PhotoCalibration.Counts(0.2, 3, 1, 1));
        Path file = dir.resolve("c.json");
        CalibrationCodec.save(r, file);
        assertThat(CalibrationCodec.load(file)).isEqualTo(r);
    }

    @Test
    void boxRulesReportThePhotoLevelDecisionsAtTheirOwnThreshold() {
        Result r = ThresholdCalibration.calibrate(table(), Settings.maxF1(LABELS), new Provenance("hand table", 6, "none"));

        PhotoCalibration.Report photo = r.photoLevel().orElseThrow();
        assertThat(photo.threshold()).isEqualTo(r.threshold());
        assertThat(photo).isEqualTo(PhotoCalibration.evaluate(table(), PhotoCalibration.Groups.triage(), r.threshold()));
    }

    @Test
    void noPhotoWithASubjectCannotBeCalibrated() {
        List<LabelledImage> none = List.of(new LabelledImage("x", List.of(), List.of(det("person", 0.9, BOX))));

        assertThatThrownBy(() -> PhotoCalibration.calibrate(none, PhotoCalibration.Groups.triage()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no photo of 1 has a subject");
    }
}
