package io.phototriage.models.lite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.Mask;
import io.phototriage.core.stage.SegmentRequest;
import io.phototriage.core.stage.Segmentation;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.stage.StyleRequest;
import io.phototriage.core.stage.Stylized;
import io.phototriage.core.testing.MaskImages;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.models.deeplab.DeepLabConfig;
import io.phototriage.models.deeplab.DeepLabSegmenter;
import io.phototriage.models.faststyle.FastStyleConfig;
import io.phototriage.models.faststyle.FastStyleStylizer;
import io.phototriage.models.selfie.SelfieConfig;
import io.phototriage.models.selfie.SelfieSegmenter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java stages against the Python reference (tools/export/phototriage_export/golden_lite_seg.py: onnxruntime with
 * the same pre/post-processing, PIL BILINEAR resize,
 * reproduced bit for bit by core's Resize). Both sides ignore embedded ICC profiles, so the decoded pixels are
 * identical; what remains are float differences between the two OnnxRuntime builds, hence an IoU and pixel
 * tolerances rather than equality.
 */
@NeedsNatives
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiteGoldenParityTest {
    @AutoClose
    private DeepLabSegmenter deeplab;
    @AutoClose
    private SelfieSegmenter selfie;

    @BeforeAll
    void load() throws Exception {
        deeplab = DeepLabSegmenter.load(LiteTestData.modelsDir(), DeepLabConfig.defaults());
        selfie = SelfieSegmenter.load(LiteTestData.modelsDir(), SelfieConfig.defaults());
    }

    static Stream<Arguments> segmentCases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : LiteTestData.goldenCases().get("segment")) {
            out.add(Arguments.of(c.get("photo").asText(), c.get("segmenter").asText(), c));
        }
        return out.stream();
    }

    static Stream<Arguments> styleCases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : LiteGoldenParityTestSupport.styles()) {
            out.add(Arguments.of(c.get("photo").asText(), c.get("style").asText(), c));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("segmentCases")
    void maskMatchesPythonReference(String photo, String segmenterName, JsonNode golden) throws Exception {
        DecodedPhoto decoded = LiteTestData.decode(photo);
        JsonNode b = golden.get("box");
        BoundingBox box = new BoundingBox(b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble());
        Segmenter segmenter = segmenterName.equals("deeplab") ? deeplab : selfie;

        Segmentation result = segmenter.apply(new SegmentRequest(decoded, new Detection(golden.get("label").asText(), 1, box)));

        Mask expected = MaskImages.nonBlack(LiteTestData.goldenImage(golden.get("mask").asText()));
        double iou = result.mask().iou(expected);
        System.out.printf("golden %s %s: IoU %.5f, area %d vs %d, score %.4f vs %.4f%n", photo, segmenterName, iou,
                result.mask().area(), expected.area(), result.score(), golden.get("score").asDouble());
        assertThat(iou).as("mask IoU with the Python reference").isGreaterThanOrEqualTo(0.99);
        // The score is a mean probability over ~10^5 pixels: one-level input differences move it by < 1e-4.
        assertThat(result.score()).isCloseTo(golden.get("score").asDouble(), org.assertj.core.data.Offset.offset(1e-3));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("styleCases")
    void fastStyleMatchesPythonReference(String photo, String style, JsonNode golden) throws Exception {
        DecodedPhoto decoded = LiteTestData.decode(photo);
        BufferedImage expected = LiteTestData.goldenImage(golden.get("image").asText());
        Stylized result;
        try (FastStyleStylizer stylizer = FastStyleStylizer.load(LiteTestData.modelsDir(),
                new FastStyleConfig(style, golden.get("max_side").asInt()))) {
            result = stylizer.apply(new StyleRequest(decoded, Optional.empty(), "ignored prompt", 0));
        }

        assertThat(result.prompt()).isEmpty();
        assertThat(result.image().getWidth()).isEqualTo(expected.getWidth());
        assertThat(result.image().getHeight()).isEqualTo(expected.getHeight());
        double[] diff = LiteGoldenParityTestSupport.absDiff(result.image(), expected);
        System.out.printf("golden %s %s: mean |diff| %.3f, p99 %.1f, max %.0f (0..255)%n", photo, style, diff[0], diff[1],
                diff[2]);
        // Tolerance (0..255 levels, per channel): measured 0 on every photo once both sides ignore ICC profiles. Allow
        // mean <= 0.2, 99% of values within 1 level, none beyond 3.
        assertThat(diff[0]).as("mean absolute difference").isLessThanOrEqualTo(0.2);
        assertThat(diff[1]).as("99th percentile of absolute difference").isLessThanOrEqualTo(1);
        assertThat(diff[2]).as("max absolute difference").isLessThanOrEqualTo(3);
    }
}
