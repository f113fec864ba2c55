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
import io.phototriage.core.stage.StageSkipException;
import io.phototriage.core.testing.MaskImages;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.models.lite.CocoPolygons;
import io.phototriage.models.lite.CutoutOptions;
import io.phototriage.models.lite.LiteTestData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@NeedsNatives
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeepLabSegmenterTest {
    private static final int PERSON = 1;
    private static final int CAT = 17;
    private static final int DOG = 18;
    private final List<Double> cocoIous = new ArrayList<>();
    @AutoClose
    private DeepLabSegmenter segmenter;

    @BeforeAll
    void load() throws Exception {
        segmenter = DeepLabSegmenter.load(LiteTestData.modelsDir(), DeepLabConfig.defaults());
    }

    @AfterAll
    void reportCocoIou() {
        if (!cocoIous.isEmpty()) {
            System.out.printf("DeepLab (full) vs COCO GT: mean IoU %.3f over %d instances%n",
                    cocoIous.stream().mapToDouble(Double::doubleValue).average().orElse(0), cocoIous.size());
        }
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
        JsonNode instance = LiteTestData.largestInstance(photo, category);

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
                new Detection("dog", 1, LiteTestData.box(LiteTestData.largestInstance("000000000042.jpg", DOG)))));

        assertThat(MaskImages.assertCutoutOfMask(result, photo.image())).isPositive();
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
        LiteTestData.assertSegmentFails(segmenter, photo, "giraffe", new BoundingBox(10, 10, 200, 200))
                .hasMessageContaining("'giraffe'")
                .hasMessageContaining("000000000025.jpg")
                .hasMessageContaining("person");
    }

    @Test
    void noPixelsOfTheClassAndNoFallbackDeclinesThePhotoInsteadOfFailingIt() throws Exception {
        // A food photo: DeepLab sees no dog anywhere in it.
        DecodedPhoto photo = LiteTestData.decode("000000000009.jpg");
        try (DeepLabSegmenter strict = DeepLabSegmenter.load(LiteTestData.modelsDir(), noFallbacks(CutoutOptions.defaults()))) {
            assertThat(strict.hasSelfieFallback()).isFalse();
            assertThatThrownBy(() -> strict.apply(new SegmentRequest(photo,
                    new Detection("dog", 1, new BoundingBox(0, 0, photo.width(), photo.height())))))
                    .isInstanceOf(StageSkipException.class)
                    .hasMessageContaining("'dog' mask is empty")
                    .hasMessageContaining("fallbacks []");
        }
    }

    // The fallback paths, each on a coco128 photo where the lite chain's YOLOX box (copied from a run) hits it.

    @Test
    void emptyPersonMaskFallsBackToTheSelfieMatteOfTheSameBox() throws Exception {
        // 000000000360.jpg: DeepLab labels no pixel of YOLOX's person box as person (was an ERROR before #12).
        assertThat(segmenter.hasSelfieFallback()).isTrue();
        DecodedPhoto photo = LiteTestData.decode("000000000360.jpg");
        Detection person = new Detection("person", 0.5, new BoundingBox(240.95, 126.94, 312.86, 236.04));

        Segmentation result = segmenter.apply(new SegmentRequest(photo, person));

        assertThat(result.source().method()).isEqualTo(Segmentation.Method.FALLBACK_MODEL);
        assertThat(result.source().subjectRank()).isZero();
        assertThat(result.source().label()).isEqualTo("person");
        assertThat(result.source().reason()).contains("'person' mask is empty");
        assertThat(result.approximate()).isFalse();
        assertInsideAndAtLeast(result, person.box(), 16);
    }

    @Test
    void emptyOwnClassMaskFallsBackToTheClassDeepLabSeesInTheBox() throws Exception {
        // 000000000575.jpg: YOLOX calls the cat a dog; DeepLab sees a cat there (COCO's label is cat too).
        DecodedPhoto photo = LiteTestData.decode("000000000575.jpg");
        Detection dog = new Detection("dog", 0.5, new BoundingBox(2.05, 42.06, 368.06, 409.06));

        Segmentation result = segmenter.apply(new SegmentRequest(photo, dog));

        assertThat(result.source().method()).isEqualTo(Segmentation.Method.OTHER_CLASS);
        assertThat(result.source().label()).isEqualTo("cat");
        assertThat(result.source().reason()).contains("'dog' mask is empty");
        Mask truth = CocoPolygons.mask(LiteTestData.largestInstance("000000000575.jpg", CAT), photo.width(), photo.height());
        assertThat(result.mask().iou(truth)).isGreaterThan(0.7);
    }

    @Test
    void degenerateMaskIsReplacedByTheNextBoxsMask() throws Exception {
        // 000000000036.jpg: a "dog" box on the woman gives no dog pixels; the next box (the woman, as COCO draws her)
        // gives a good person mask. No fallback is enabled, so only the next box can help.
        DecodedPhoto photo = LiteTestData.decode("000000000036.jpg");
        JsonNode woman = LiteTestData.largestInstance("000000000036.jpg", PERSON);
        Detection wrongDog = new Detection("dog", 0.9, LiteTestData.box(woman));
        Detection person = new Detection("person", 0.8, LiteTestData.box(woman));
        try (DeepLabSegmenter strict = DeepLabSegmenter.load(LiteTestData.modelsDir(), noFallbacks(CutoutOptions.defaults()))) {
            Segmentation result = strict.apply(new SegmentRequest(photo, wrongDog, List.of(wrongDog, person)));

            assertThat(result.source().method()).isEqualTo(Segmentation.Method.MODEL);
            assertThat(result.source().subjectRank()).isEqualTo(1);
            assertThat(result.source().reason()).contains("box 1 dog").contains("'dog' mask is empty");
            Mask truth = CocoPolygons.mask(woman, photo.width(), photo.height());
            assertThat(result.mask().iou(truth)).isGreaterThan(0.7);
        }
    }

    @Test
    void slivers1x21And6x1AreNeverReturnedAsCutouts() throws Exception {
        // The two degenerate cut-outs reported as "ok" before #12, with YOLOX's boxes of the lite run.
        DecodedPhoto people = LiteTestData.decode("000000000109.jpg");
        List<Detection> persons = List.of(
                new Detection("person", 0.68, new BoundingBox(514.0, 270.2, 531.78, 309.88)),
                new Detection("person", 0.54, new BoundingBox(589.0, 267.0, 607.0, 292.0)));
        DecodedPhoto dogs = LiteTestData.decode("000000000309.jpg");
        List<Detection> dogBoxes = List.of(
                new Detection("dog", 0.40, new BoundingBox(173.86, 213.41, 392.37, 435.85)),
                new Detection("dog", 0.33, new BoundingBox(421.96, 75.36, 509.7, 194.98)));
        try (DeepLabSegmenter strict = DeepLabSegmenter.load(LiteTestData.modelsDir(), noFallbacks(CutoutOptions.defaults()))) {
            assertThatThrownBy(() -> strict.apply(new SegmentRequest(dogs, dogBoxes.get(0), dogBoxes)))
                    .isInstanceOf(StageSkipException.class)
                    .hasMessageContaining("'dog' mask is 6x1 px, under min-size 16")
                    .hasMessageContaining("box 2 dog");
            assertThatThrownBy(() -> strict.apply(new SegmentRequest(people, persons.get(0), persons)))
                    .isInstanceOf(StageSkipException.class)
                    .hasMessageContaining("'person' mask is 1x21 px, under min-size 16")
                    .hasMessageContaining("box 2 person");
        }
        // With the default fallbacks the Selfie matte of the second box is the cut-out (as in the lite coco128 run).
        Segmentation matte = segmenter.apply(new SegmentRequest(people, persons.get(0), persons));
        assertThat(matte.source().method()).isEqualTo(Segmentation.Method.FALLBACK_MODEL);
        assertThat(matte.source().subjectRank()).isEqualTo(1);
        assertInsideAndAtLeast(matte, persons.get(1).box(), 16);
        // With min-size 1 the same sliver is accepted: the option is what rejects it.
        try (DeepLabSegmenter lax = DeepLabSegmenter.load(LiteTestData.modelsDir(),
                noFallbacks(new CutoutOptions(256, 0, 1)))) {
            Segmentation sliver = lax.apply(new SegmentRequest(people, persons.get(0), persons));
            assertThat(sliver.source()).isEqualTo(Segmentation.Source.PROMPT);
            assertThat(sliver.cutout().getWidth()).isEqualTo(1);
            assertThat(sliver.cutout().getHeight()).isEqualTo(21);
        }
    }

    @Test
    void whenNoMaskIsUsableTheBoxIsTheCutoutFlaggedApproximate() throws Exception {
        // 000000000520.jpg: a 21x31 px person among birds; no DeepLab person pixels, the selfie matte is too small.
        DecodedPhoto photo = LiteTestData.decode("000000000520.jpg");
        Detection person = new Detection("person", 0.32, new BoundingBox(234.02, 313.9, 254.67, 343.36));

        Segmentation result = segmenter.apply(new SegmentRequest(photo, person));

        assertThat(result.approximate()).isTrue();
        assertThat(result.source().method()).isEqualTo(Segmentation.Method.BOX);
        assertThat(result.source().reason()).contains("'person' mask is empty").contains("selfie");
        assertThat(result.mask().area()).isEqualTo(21L * 31);
        assertThat(result.score()).isNaN();
        assertThat(result.cutout().getRGB(0, 0) >>> 24).isEqualTo(255);
    }

    @Test
    void aBoxTooSmallForEveryWayIsDeclinedWithTheReasonNotAnError() throws Exception {
        // 000000000149.jpg: a 14x28 px person: no mask, and the box itself is under min-size (was an ERROR before #12).
        DecodedPhoto photo = LiteTestData.decode("000000000149.jpg");
        Detection person = new Detection("person", 0.4, new BoundingBox(536.49, 317.47, 549.31, 344.61));

        assertThatThrownBy(() -> segmenter.apply(new SegmentRequest(photo, person)))
                .isInstanceOf(StageSkipException.class)
                .hasMessageContaining("'person' mask is empty")
                .hasMessageContaining("no box is at least 16x16 px");
    }

    @Test
    void fallbacksOptionParsesAListOrNoneAndRejectsUnknownNames() {
        assertThat(DeepLabConfig.Fallback.listOf("box, selfie")).containsExactly(DeepLabConfig.Fallback.BOX,
                DeepLabConfig.Fallback.SELFIE);
        assertThat(DeepLabConfig.Fallback.listOf("none")).isEmpty();
        assertThatThrownBy(() -> DeepLabConfig.Fallback.listOf("box,blur")).hasMessageContaining("unknown DeepLab fallback 'blur'");
        assertThatThrownBy(() -> DeepLabConfig.Fallback.listOf("box,box")).hasMessageContaining("listed twice");
    }

    private static DeepLabConfig noFallbacks(CutoutOptions cutout) {
        return new DeepLabConfig(DeepLabConfig.Variant.FULL, cutout, List.of());
    }

    private static void assertInsideAndAtLeast(Segmentation result, BoundingBox box, int minSide) {
        BoundingBox bounds = result.mask().boundingBox().orElseThrow();
        assertThat(bounds.width()).isGreaterThanOrEqualTo(minSide);
        assertThat(bounds.height()).isGreaterThanOrEqualTo(minSide);
        assertThat(bounds.x0()).isGreaterThanOrEqualTo(Math.floor(box.x0()));
        assertThat(bounds.y0()).isGreaterThanOrEqualTo(Math.floor(box.y0()));
        assertThat(bounds.x1()).isLessThanOrEqualTo(Math.ceil(box.x1()));
        assertThat(bounds.y1()).isLessThanOrEqualTo(Math.ceil(box.y1()));
    }

    @Test
    void halfWidthVariantSegmentsTheSameSubject() throws Exception {
        DecodedPhoto photo = LiteTestData.decode("000000000036.jpg");
        JsonNode person = LiteTestData.largestInstance("000000000036.jpg", PERSON);
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
                new Detection("cat", 1, LiteTestData.box(LiteTestData.largestInstance("000000000650.jpg", CAT))));
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
