package io.phototriage.core.eval;

import static io.phototriage.core.testing.JsonArrays.doubles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** CocoEvaluator against pycocotools' COCOeval(iouType='bbox') on coco128 (golden/eval/bbox-eval.json). */
class CocoEvaluatorGoldenTest {
    /** The brief's tolerance for every summary number and per-category AP/AR (means over many values). */
    private static final double STAT_TOLERANCE = 1e-4;
    /** Curve points are single divisions done in the same order as numpy, so they agree to rounding. */
    private static final double CURVE_TOLERANCE = 1e-12;

    static Stream<Arguments> cases() {
        JsonNode cases = Golden.json("bbox-eval.json").get("cases");
        return StreamSupport.stream(cases.spliterator(), false).map(c -> Arguments.of(c.get("name").asText(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void summaryStatsAndPerCategoryMetricsEqualPycocotools(String name, JsonNode golden) throws IOException {
        CocoEvalResult result = new CocoEvaluator(Golden.coco128()).evaluate(detections(golden), params(golden));

        SoftAssertions soft = new SoftAssertions();
        double[] expectedStats = doubles(golden.get("stats"));
        double[] actualStats = result.stats().toArray();
        for (int i = 0; i < expectedStats.length; i++) {
            soft.assertThat(actualStats[i]).as("stats[%d]", i).isCloseTo(expectedStats[i], within(STAT_TOLERANCE));
        }
        soft.assertThat(result.mAP()).as("mAP").isCloseTo(expectedStats[0], within(STAT_TOLERANCE));
        soft.assertThat(result.mAP50()).as("mAP50").isCloseTo(expectedStats[1], within(STAT_TOLERANCE));
        soft.assertThat(result.mAP75()).as("mAP75").isCloseTo(expectedStats[2], within(STAT_TOLERANCE));

        JsonNode perCategory = golden.get("per_category");
        soft.assertThat(result.perCategory()).hasSize(perCategory.size());
        for (JsonNode expected : perCategory) {
            int id = expected.get("category_id").asInt();
            CategoryMetrics actual = result.category(id).orElseThrow();
            soft.assertThat(actual.ap()).as("AP of category %d", id)
                    .isCloseTo(expected.get("ap").asDouble(), within(STAT_TOLERANCE));
            soft.assertThat(actual.ap50()).as("AP50 of category %d", id)
                    .isCloseTo(expected.get("ap50").asDouble(), within(STAT_TOLERANCE));
            soft.assertThat(actual.ap75()).as("AP75 of category %d", id)
                    .isCloseTo(expected.get("ap75").asDouble(), within(STAT_TOLERANCE));
            soft.assertThat(actual.recall()).as("AR@100 of category %d", id)
                    .isCloseTo(expected.get("ar100").asDouble(), within(STAT_TOLERANCE));
            soft.assertThat(actual.curve50().isPresent()).as("curve of category %d", id)
                    .isEqualTo(expected.get("ap50").asDouble() > -1);
            if (expected.has("precision50")) {
                PrecisionRecallCurve curve = actual.curve50().orElseThrow();
                soft.assertThat(curve.precision()).as("precision curve of category %d", id)
                        .containsExactly(doubles(expected.get("precision50")), within(CURVE_TOLERANCE));
                soft.assertThat(curve.scores()).as("score curve of category %d", id)
                        .containsExactly(doubles(expected.get("scores50")), within(CURVE_TOLERANCE));
            }
        }
        soft.assertAll();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyPrecisionCurveReproducesItsCategoryAp50(String name, JsonNode golden) throws IOException {
        CocoEvalResult result = new CocoEvaluator(Golden.coco128()).evaluate(detections(golden), params(golden));

        for (CategoryMetrics c : result.perCategory()) {
            c.curve50().ifPresent(curve -> assertThat(curve.averagePrecision()).as(c.name())
                    .isCloseTo(c.ap50(), within(1e-12)));
        }
    }

    static List<CocoDetection> detections(JsonNode golden) throws IOException {
        String file = golden.get("detections").asText();
        try (InputStream in = Golden.stream(file)) {
            return CocoDetections.read(in, file);
        }
    }

    static CocoEvalParams params(JsonNode golden) {
        CocoEvalParams params = CocoEvalParams.defaults();
        if (!golden.get("category_ids").isNull()) {
            Set<Integer> ids = new HashSet<>();
            golden.get("category_ids").forEach(n -> ids.add(n.asInt()));
            params = params.withCategoryIds(ids);
        }
        if (!golden.get("image_ids").isNull()) {
            List<Long> ids = new ArrayList<>();
            golden.get("image_ids").forEach(n -> ids.add(n.asLong()));
            params = params.withImageIds(ids);
        }
        return params;
    }
}
