package io.phototriage.models.deeplab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.Mask;
import io.phototriage.core.stage.SegmentRequest;
import io.phototriage.core.stage.Segmentation;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.lite.CocoPolygons;
import io.phototriage.models.lite.CutoutOptions;
import io.phototriage.models.lite.LiteTestData;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

@DisabledIfSystemProperty(named = "skip.native.tests", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeepLabSegmenterTest {
    private static final int PERSON = 1;
    private static final int CAT = 17;
    private static final int DOG = 18;
    private final List<Double> cocoIous = new ArrayList<>();
    private DeepLabSegmenter segmenter;

    @BeforeAll
    void load() throws Exception {
        segmenter = DeepLabSegmenter.load(LiteTestData.modelsDir(), DeepLabConfig.defaults());
    }

    @AfterAll
    void close() {
        if (segmenter != null) {
            segmenter.close();
        }
        if (!cocoIous.isEmpty()) {
            System.out.printf("DeepLab (full) vs COCO GT: mean IoU %.3f over %d instances%n",
                    cocoIous.stream().mapToDouble(Double::doubleValue).average().orElse(0), cocoIous.size());
        }
    }

    private static JsonNode largest(String photo, int category) throws Exception {
        return LiteTestData.instances(photo, category).stream()
                .max(Comparator.comparingDouble(a -> a.get("area").asDouble())).orElseThrow();
    }

    private static String label(int category) {
        return category == PERSON ? "person" : category == CAT ? "cat" : "dog";
    }

    @ParameterizedTest(name = "{0} {2}")
    @CsvSource({
        "000000000036.jpg, 1, person",
        "000000000110.jpg, 1, person",
        "000000000042.jpg, 18, dog",
        "000000000394.jpg, 18, dog",
        "000000000650.jpg, 17, cat",
        "000000000575.jpg, 17, cat",
    })
    void maskOfABigInstanceOverlapsItsCocoGroundTruth(String photo, int category, String name) throws Exception {
        DecodedPhoto decoded = LiteTestData.decode(photo);
        JsonNode instance = largest(photo, category);

        Segmentation result = segmenter.apply(new SegmentRequest(decoded,
                new Detection(label(category), 1, LiteTestData.box(instance))));

        Mask truth = CocoPolygons.mask(instance, decoded.width(), decoded.height());
        double iou = result.mask().iou(truth);
        cocoIous.add(iou);
        System.out.printf("DeepLab %s %s: IoU with COCO GT %.3f (score %.3f)%n", photo, name, iou, result.score());
        // A 513-pixel semantic segmenter on COCO's hand-drawn polygons: 0.7 is a clear "found the subject" bar.
        assertThat(iou).isGreaterThan(0.7);
        assertThat(result.score()).isBetween(0.5, 1.0);
    }

    @Test
    void cutoutHasThePhotosPixelsInsideTheMaskAndAlphaZeroOutside() throws Exception {
        DecodedPhoto photo = LiteTestData.decode("000000000042.jpg");
        Segmentation result = segmenter.apply(new SegmentRequest(photo,
                new Detection("dog", 1, LiteTestData.box(largest("000000000042.jpg", DOG)))));

        BoundingBox bounds = result.mask().boundingBox().orElseThrow();
        BufferedImage cutout = result.cutout();
        assertThat(cutout.getWidth()).isEqualTo((int) bounds.width());
        assertThat(cutout.getHeight()).isEqualTo((int) bounds.height());
        int inside = 0;
        int outside = 0;
        for (int y = 0; y < cutout.getHeight(); y++) {
            for (int x = 0; x < cutout.getWidth(); x++) {
                int px = x + (int) bounds.x0();
                int py = y + (int) bounds.y0();
                int argb = cutout.getRGB(x, y);
                if (result.mask().get(px, py)) {
                    assertThat(argb >>> 24).isEqualTo(255);
                    assertThat(argb & 0xffffff).isEqualTo(photo.image().getRGB(px, py) & 0xffffff);
                    inside++;
                } else {
                    assertThat(argb >>> 24).isZero();
                    outside++;
                }
            }
        }
        assertThat(inside).isEqualTo(result.mask().area());
        assertThat(outside).isPositive();
        assertThat(Math.max(result.thumbnail().getWidth(), result.thumbnail().getHeight())).isEqualTo(256);
    }

    @Test
    void maskStaysInsideThePromptBox() throws Exception {
        DecodedPhoto photo = LiteTestData.decode("000000000443.jpg");
        BoundingBox box = new BoundingBox(300, 100, 450, 400);

        Segmentation result = segmenter.apply(new SegmentRequest(photo, new Detection("person", 1, box)));

        BoundingBox bounds = result.mask().boundingBox().orElseThrow();
        assertThat(bounds.x0()).isGreaterThanOrEqualTo(300);
        assertThat(bounds.y0()).isGreaterThanOrEqualTo(100);
        assertThat(bounds.x1()).isLessThanOrEqualTo(450);
        assertThat(bounds.y1()).isLessThanOrEqualTo(400);
    }

    @Test
    void labelPascalDoesNotKnowIsAStageExceptionNamingTheClasses() throws Exception {
        DecodedPhoto photo = LiteTestData.decode("000000000025.jpg");
        assertThatThrownBy(() -> segmenter.apply(new SegmentRequest(photo,
                new Detection("giraffe", 1, new BoundingBox(10, 10, 200, 200)))))
                .isInstanceOf(StageException.class)
                .hasMessageContaining("'giraffe'")
                .hasMessageContaining("000000000025.jpg")
                .hasMessageContaining("person");
    }

    @Test
    void noPixelsOfTheClassInTheBoxIsAStageException() throws Exception {
        // A food photo: DeepLab sees no dog anywhere in it.
        DecodedPhoto photo = LiteTestData.decode("000000000009.jpg");
        assertThatThrownBy(() -> segmenter.apply(new SegmentRequest(photo,
                new Detection("dog", 1, new BoundingBox(0, 0, photo.width(), photo.height())))))
                .isInstanceOf(StageException.class)
                .hasMessageContaining("no 'dog' pixels")
                .hasMessageContaining("000000000009.jpg");
    }

    @Test
    void halfWidthVariantSegmentsTheSameSubject() throws Exception {
        DecodedPhoto photo = LiteTestData.decode("000000000036.jpg");
        JsonNode person = largest("000000000036.jpg", PERSON);
        SegmentRequest request = new SegmentRequest(photo, new Detection("person", 1, LiteTestData.box(person)));
        try (DeepLabSegmenter half = DeepLabSegmenter.load(LiteTestData.modelsDir(),
                new DeepLabConfig(DeepLabConfig.Variant.HALF, CutoutOptions.defaults()))) {
            Segmentation halfResult = half.apply(request);
            Segmentation fullResult = segmenter.apply(request);
            double iou = halfResult.mask().iou(fullResult.mask());
            System.out.printf("DeepLab half vs full on 000000000036.jpg: IoU %.3f%n", iou);
            assertThat(half.model().name()).isEqualTo("deeplabv3-mnv2-pascal-half");
            assertThat(half.model().weights()).startsWith("deeplabv3-pascal@a7246c69eed9");
            assertThat(iou).isGreaterThan(0.8);
        }
    }

    @Test
    void featherSoftensTheEdgeInsideTheMaskOnly() throws Exception {
        DecodedPhoto photo = LiteTestData.decode("000000000650.jpg");
        SegmentRequest request = new SegmentRequest(photo,
                new Detection("cat", 1, LiteTestData.box(largest("000000000650.jpg", CAT))));
        try (DeepLabSegmenter soft = DeepLabSegmenter.load(LiteTestData.modelsDir(),
                new DeepLabConfig(DeepLabConfig.Variant.FULL, new CutoutOptions(64, 3)))) {
            Segmentation result = soft.apply(request);
            BoundingBox bounds = result.mask().boundingBox().orElseThrow();
            int partial = 0;
            int opaque = 0;
            for (int y = 0; y < result.cutout().getHeight(); y++) {
                for (int x = 0; x < result.cutout().getWidth(); x++) {
                    int alpha = result.cutout().getRGB(x, y) >>> 24;
                    boolean inMask = result.mask().get(x + (int) bounds.x0(), y + (int) bounds.y0());
                    if (!inMask) {
                        assertThat(alpha).isZero();
                    } else if (alpha == 255) {
                        opaque++;
                    } else {
                        assertThat(alpha).isPositive();
                        partial++;
                    }
                }
            }
            assertThat(partial).isPositive();
            assertThat(opaque).isGreaterThan(partial);
            assertThat(Math.max(result.thumbnail().getWidth(), result.thumbnail().getHeight())).isEqualTo(64);
        }
    }
}
