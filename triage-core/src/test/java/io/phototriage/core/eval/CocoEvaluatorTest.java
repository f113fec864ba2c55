package io.phototriage.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Contracts of the COCO protocol on tiny hand-made datasets (the golden test covers pycocotools parity). */
class CocoEvaluatorTest {
    /** pycocotools divides by tp + fp + np.spacing(1), so a perfect precision is 1 - 2.2e-16, not 1. */
    private static final double EPS_TOLERANCE = 1e-12;
    private static final CocoSegmentation NO_MASK = new CocoSegmentation.Polygons(List.of());

    /** One 200x200 image: a person at (10,10,50,50) and a crowd of people at (100,100,80,80); a cat on image 2. */
    private static final CocoDataset TINY = new CocoDataset(
            List.of(new CocoImage(1, "a.jpg", 200, 200, Optional.empty()),
                    new CocoImage(2, "b.jpg", 200, 200, Optional.empty())),
            List.of(new CocoCategory(1, "person", "person"), new CocoCategory(17, "cat", "animal"),
                    new CocoCategory(18, "dog", "animal")),
            List.of(new CocoAnnotation(1, 1, 1, new CocoBox(10, 10, 50, 50), 2500, false, NO_MASK),
                    new CocoAnnotation(2, 1, 1, new CocoBox(100, 100, 80, 80), 6400, true, NO_MASK),
                    new CocoAnnotation(3, 2, 17, new CocoBox(20, 20, 100, 100), 10000, false, NO_MASK)));

    @Test
    void exactBoxesScoreOneAndCategoriesWithoutGroundTruthScoreMinusOne() {
        CocoEvalResult r = new CocoEvaluator(TINY).evaluate(List.of(
                new CocoDetection(1, 1, new CocoBox(10, 10, 50, 50), 0.9),
                new CocoDetection(2, 17, new CocoBox(20, 20, 100, 100), 0.8)));

        assertThat(r.mAP()).isCloseTo(1.0, within(EPS_TOLERANCE));
        assertThat(r.category(1).orElseThrow().ap()).isCloseTo(1.0, within(EPS_TOLERANCE));
        assertThat(r.category(18).orElseThrow().ap()).isEqualTo(-1.0);
        assertThat(r.category(18).orElseThrow().curve50()).isEmpty();
        assertThat(r.category(1).orElseThrow().groundTruth()).isEqualTo(1);
    }

    @Test
    void detectionInsideACrowdRegionIsIgnoredNotAFalsePositive() {
        List<CocoDetection> withCrowdHit = List.of(
                new CocoDetection(1, 1, new CocoBox(120, 120, 20, 20), 0.95), // inside the crowd, ranked first
                new CocoDetection(1, 1, new CocoBox(10, 10, 50, 50), 0.9));
        List<CocoDetection> withFalsePositive = List.of(
                new CocoDetection(1, 1, new CocoBox(60, 150, 20, 20), 0.95), // on nothing, ranked first
                new CocoDetection(1, 1, new CocoBox(10, 10, 50, 50), 0.9));
        CocoEvalParams people = CocoEvalParams.defaults().withCategoryIds(Set.of(1));

        assertThat(new CocoEvaluator(TINY).evaluate(withCrowdHit, people).mAP()).isCloseTo(1.0, within(EPS_TOLERANCE));
        // 101-point interpolation: precision 1/2 at every recall threshold.
        assertThat(new CocoEvaluator(TINY).evaluate(withFalsePositive, people).mAP()).isCloseTo(0.5, within(EPS_TOLERANCE));
    }

    @Test
    void crowdIouUsesTheDetectionAreaAsDenominator() {
        CocoBox inside = new CocoBox(120, 120, 20, 20);
        CocoBox crowd = new CocoBox(100, 100, 80, 80);

        assertThat(inside.iou(crowd, true)).isEqualTo(1.0);
        assertThat(inside.iou(crowd, false)).isEqualTo(400.0 / 6400);
    }

    @Test
    void duplicateOfAMatchedBoxIsAFalsePositive() {
        CocoDataset twoPeople = new CocoDataset(List.of(new CocoImage(1, "a.jpg", 200, 200, Optional.empty())),
                List.of(new CocoCategory(1, "person", "person")),
                List.of(new CocoAnnotation(1, 1, 1, new CocoBox(10, 10, 50, 50), 2500, false, NO_MASK),
                        new CocoAnnotation(2, 1, 1, new CocoBox(100, 100, 50, 50), 2500, false, NO_MASK)));

        CocoEvalResult r = new CocoEvaluator(twoPeople).evaluate(List.of(
                new CocoDetection(1, 1, new CocoBox(10, 10, 50, 50), 0.9),
                new CocoDetection(1, 1, new CocoBox(10, 10, 50, 50), 0.8), // the same person again
                new CocoDetection(1, 1, new CocoBox(100, 100, 50, 50), 0.7)));

        // hit, duplicate, hit: precision 1 up to recall .5 (51 of the 101 thresholds), then 2/3.
        assertThat(r.mAP()).isCloseTo((51 + 50 * 2.0 / 3) / 101, within(EPS_TOLERANCE));
        assertThat(r.stats().ar100()).isEqualTo(1.0);
        assertThat(r.stats().ar1()).isEqualTo(0.5);
    }

    @Test
    void imageRestrictionLeavesOtherImagesOut() {
        List<CocoDetection> detections = List.of(new CocoDetection(1, 1, new CocoBox(10, 10, 50, 50), 0.9));

        CocoEvalResult onlyImage2 = new CocoEvaluator(TINY).evaluate(detections,
                CocoEvalParams.defaults().withImageIds(List.of(2L)));

        assertThat(onlyImage2.detections()).isZero();
        assertThat(onlyImage2.category(1).orElseThrow().ap()).isEqualTo(-1.0);
        assertThat(onlyImage2.category(17).orElseThrow().ap()).isEqualTo(0.0);
        assertThat(onlyImage2.params().imageIds()).containsExactly(2L);
    }

    @Test
    void noDetectionsGiveZeroForCategoriesWithGroundTruth() {
        CocoEvalResult r = new CocoEvaluator(TINY).evaluate(List.of());

        assertThat(r.mAP()).isEqualTo(0.0);
        assertThat(r.stats().ar100()).isEqualTo(0.0);
        assertThat(r.stats().apSmall()).isEqualTo(-1.0); // no ground truth below 32^2
    }

    @Test
    void detectionOnAnUnknownImageIsRejected() {
        List<CocoDetection> detections = List.of(new CocoDetection(7, 1, new CocoBox(0, 0, 1, 1), 1));

        assertThatThrownBy(() -> new CocoEvaluator(TINY).evaluate(detections))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("image 7");
    }

    @Test
    void detectionWithAnUnknownCategoryIsRejected() {
        List<CocoDetection> detections = List.of(new CocoDetection(1, 99, new CocoBox(0, 0, 1, 1), 1));

        assertThatThrownBy(() -> new CocoEvaluator(TINY).evaluate(detections))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("category 99");
    }

    @Test
    void restrictionToAnUnknownCategoryIsRejected() {
        CocoEvalParams params = CocoEvalParams.defaults().withCategoryIds(Set.of(1, 99));

        assertThatThrownBy(() -> new CocoEvaluator(TINY).evaluate(List.of(), params))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("category id 99");
    }

    @Test
    void thresholdsAreNumpyLinspaceValues() {
        assertThat(CocoEvaluator.IOU_THRESHOLDS).hasSize(10).startsWith(0.5).endsWith(0.95).contains(0.75);
        assertThat(CocoEvaluator.RECALL_THRESHOLDS).hasSize(101).startsWith(0.0).endsWith(1.0);
        // numpy: np.linspace(0, 1, 101)[35] == 0.35000000000000003, not 0.35; searchsorted sees the difference.
        assertThat(CocoEvaluator.RECALL_THRESHOLDS.get(35)).isEqualTo(0.35000000000000003).isNotEqualTo(0.35);
        // np.linspace(.5, .95, 10)[8] == 0.8999999999999999
        assertThat(CocoEvaluator.IOU_THRESHOLDS.get(8)).isEqualTo(0.8999999999999999);
    }
}
