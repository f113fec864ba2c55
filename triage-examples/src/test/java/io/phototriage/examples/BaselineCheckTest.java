package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tolerances of the baseline comparison (docs/eval.md). */
class BaselineCheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}: {1} -> {2} regressed={3}")
    @CsvSource({
        "classify.accuracy, 0.90, 0.881, false",
        "classify.accuracy, 0.90, 0.879, true",
        "detect.mAP50, 0.70, 0.75, false",
        "detect.perClass.dog.ap, 0.50, 0.47, true",
        "segment.meanIoU, 0.65, 0.6301, false",
        "segment.meanIoUDetected, 0.65, 0.62, true",
        "segment.latencyMsP50, 100, 124, false",
        "segment.latencyMsP50, 100, 126, true",
        "detect.latencyMsP95, 2.0, 2.9, false",
        "detect.latencyMsP95, 2.0, 3.1, true",
        "classify.confusion.total, 10, 0, false",
        "detect.perClass.cat.ap, -1, 0, false",
    })
    void comparesQualityByAbsoluteDropAndLatencyByRelativeRise(String key, double before, double after, boolean regressed) {
        List<BaselineCheck.Regression> r = BaselineCheck.compare(doc(key, before), doc(key, after));

        assertThat(r).hasSize(regressed ? 1 : 0);
        if (regressed) {
            assertThat(r.get(0).stage()).isEqualTo(key.substring(0, key.indexOf('.')));
            assertThat(r.get(0).metric()).isEqualTo(key);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"stylize.clipScore", "detect.mAP"})
    void aMetricTheBaselineHasAndTheNewRunLacksIsARegression(String key) {
        JsonNode baseline = doc(key, 0.3);
        JsonNode current = JSON.createObjectNode().set(key.substring(0, key.indexOf('.')),
                JSON.createObjectNode().putNull(key.substring(key.indexOf('.') + 1)));

        assertThat(BaselineCheck.compare(baseline, current)).singleElement()
                .satisfies(r -> assertThat(r.describe()).contains("is missing"));
    }

    /** A metrics document with one value at a dotted key. */
    private static JsonNode doc(String dotted, double value) {
        var root = JSON.createObjectNode();
        var node = root;
        String[] parts = dotted.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.putObject(parts[i]);
        }
        node.put(parts[parts.length - 1], value);
        return root;
    }
}
