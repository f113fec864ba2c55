package io.phototriage.models.selfie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.SegmentRequest;
import io.phototriage.core.stage.Segmentation;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.testing.MaskImages;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.models.lite.CocoPolygons;
import io.phototriage.models.lite.LiteTestData;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@NeedsNatives
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SelfieSegmenterTest {
    @AutoClose
    private SelfieSegmenter segmenter;

    @BeforeAll
    void load() throws Exception {
        segmenter = SelfieSegmenter.load(LiteTestData.modelsDir(), SelfieConfig.defaults());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dog", "cat", "giraffe"})
    void nonPersonSubjectIsRejectedAsPeopleOnly(String label) throws Exception {
        DecodedPhoto photo = LiteTestData.decode("000000000042.jpg");
        LiteTestData.assertSegmentFails(segmenter, photo, label, new BoundingBox(200, 40, 560, 290))
                .hasMessageContaining("people only")
                .hasMessageContaining("'" + label + "'");
    }

    @Test
    void personMaskOverlapsCocoGroundTruthAndStaysInsideTheBox() throws Exception {
        DecodedPhoto photo = LiteTestData.decode("000000000036.jpg");
        JsonNode person = LiteTestData.largestInstance("000000000036.jpg", 1);
        BoundingBox box = LiteTestData.box(person);

        Segmentation result = segmenter.apply(new SegmentRequest(photo, new Detection("person", 0.9, box)));

        double iou = result.mask().iou(CocoPolygons.mask(person, photo.width(), photo.height()));
        System.out.printf("Selfie 000000000036.jpg person: IoU with COCO GT %.3f (score %.3f)%n", iou, result.score());
        assertThat(iou).isGreaterThan(0.7);
        BoundingBox bounds = result.mask().boundingBox().orElseThrow();
        assertThat(bounds.x0()).isGreaterThanOrEqualTo(Math.floor(box.x0()));
        assertThat(bounds.y0()).isGreaterThanOrEqualTo(Math.floor(box.y0()));
        assertThat(bounds.x1()).isLessThanOrEqualTo(Math.ceil(box.x1()));
        assertThat(bounds.y1()).isLessThanOrEqualTo(Math.ceil(box.y1()));
        assertThat(result.score()).isBetween(0.5, 1.0);
        assertThat(segmenter.model().weights()).startsWith("selfie-segmentation@031ab67ffc87");
    }

    @Test
    void cutoutHasThePhotosPixelsInsideTheMaskAndAlphaZeroOutside() throws Exception {
        DecodedPhoto photo = LiteTestData.decode("000000000036.jpg");
        Segmentation result = segmenter.apply(new SegmentRequest(photo,
                new Detection("person", 1, LiteTestData.box(LiteTestData.largestInstance("000000000036.jpg", 1)))));
        MaskImages.assertCutoutOfMask(result, photo.image());
    }

    @Test
    void noPersonInTheBoxIsAStageException() throws Exception {
        // The top-left sky/wall corner of a food photo holds no person.
        DecodedPhoto photo = LiteTestData.decode("000000000009.jpg");
        LiteTestData.assertSegmentFails(segmenter, photo, "person", new BoundingBox(0, 0, 40, 40))
                .hasMessageContaining("no person")
                .hasMessageContaining("000000000009.jpg");
    }
}
