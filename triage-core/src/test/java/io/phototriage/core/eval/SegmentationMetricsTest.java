package io.phototriage.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Mask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentationMetricsTest {
    private final CocoDataset coco = Golden.coco128();

    @Test
    void groundTruthMaskOfTheLargestSubjectScoresOneOnEveryPhotoWithASubject() {
        List<SegmentationScore> scores = new ArrayList<>();
        for (CocoImage image : coco.images()) {
            MainSubjects.largest(coco, image.id()).ifPresent(subject -> scores.add(SegmentationMetrics.score(coco,
                    image.id(), CocoMasks.toMask(subject, image), subject.bbox().toBoundingBox()).orElseThrow()));
        }

        SegmentationMetrics metrics = SegmentationMetrics.of(scores);

        // coco128 README: 61 images with a person, 10 more with only a dog or cat; all 71 have a non-crowd one.
        assertThat(metrics.perPhoto()).hasSize(71).allSatisfy(s -> assertThat(s.iou()).isEqualTo(1.0));
        assertThat(metrics.meanIou()).isEqualTo(1.0);
    }

    @Test
    void boxMaskScoresThePycocotoolsIouOfTheSubjectWithItsBox() {
        Map<Long, Double> boxIou = new HashMap<>();
        for (JsonNode m : Golden.json("masks.json").get("masks")) {
            boxIou.put(m.get("id").asLong(), m.get("box_iou").asDouble());
        }
        List<SegmentationScore> scores = new ArrayList<>();
        double expectedSum = 0;
        for (CocoImage image : coco.images()) {
            var subject = MainSubjects.largest(coco, image.id());
            if (subject.isEmpty()) {
                continue;
            }
            CocoBox box = subject.get().bbox();
            Mask boxMask = CocoMasks.decode(CocoMasks.fromBox(box, image.height(), image.width()));
            SegmentationScore score = SegmentationMetrics.score(coco, subject.get(), boxMask);
            assertThat(score.iou()).as("image %d", image.id())
                    .isCloseTo(boxIou.get(subject.get().id()), within(1e-15));
            scores.add(score);
            expectedSum += boxIou.get(subject.get().id());
        }

        assertThat(SegmentationMetrics.of(scores).meanIou()).isCloseTo(expectedSum / scores.size(), within(1e-12));
    }

    @Test
    void bestMatchPicksThePersonWhoseBoxOverlapsTheDetectedBoxMost() {
        long imageId = 257; // 13 people
        List<CocoAnnotation> people = coco.annotationsOf(imageId).stream()
                .filter(a -> a.categoryId() == CocoCategory.PERSON && !a.crowd()).toList();
        assertThat(people).hasSizeGreaterThan(1);

        for (CocoAnnotation person : people) {
            BoundingBox b = person.bbox().toBoundingBox();
            BoundingBox nearby = new BoundingBox(b.x0() + 0.5, b.y0() - 0.5, b.x1() + 0.5, b.y1() + 0.5);
            assertThat(MainSubjects.bestMatch(coco, imageId, nearby)).contains(person);
        }
    }

    @Test
    void photoWithoutAnOverlappingSubjectIsNotScored() {
        CocoImage empty = coco.imageByFileName("000000000250.jpg").orElseThrow();
        Mask anything = Mask.of(empty.width(), empty.height(), new boolean[empty.width() * empty.height()]);

        assertThat(SegmentationMetrics.score(coco, empty.id(), anything, new BoundingBox(0, 0, 50, 50))).isEmpty();
    }

    @Test
    void maskOfAnotherSizeThanThePhotoIsRejected() {
        CocoImage image = coco.image(36).orElseThrow();
        Mask small = Mask.of(4, 3, new boolean[12]);

        assertThatThrownBy(() -> SegmentationMetrics.score(coco, image.id(), small, new BoundingBox(0, 0, 9, 9)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4x3")
                .hasMessageContaining(image.fileName()).hasMessageContaining("scale the mask");
    }

    @Test
    void meanOfNoPhotosIsNaN() {
        assertThat(SegmentationMetrics.of(List.of()).meanIou()).isNaN();
    }

    @Test
    void meanIsTheAverageOfThePerPhotoIous() {
        SegmentationMetrics m = SegmentationMetrics.of(List.of(new SegmentationScore(1, 1, 1, 0.5),
                new SegmentationScore(2, 2, 18, 1.0), new SegmentationScore(3, 3, 17, 0.0)));

        assertThat(m.meanIou()).isEqualTo(0.5);
    }
}
