package io.phototriage.models.groundingdino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.testing.NeedsNatives;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity of the Java detector with the Python reference (transformers' processor, the same traced tiny model run
 * by torch 2.13, reference post-processing), on the golden photos and two different prompts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@NeedsNatives
class GroundingDinoGoldenParityTest {
    /** Pillow-exact resize and transformers' rescale/normalise arithmetic: measured max diff 0. */
    private static final float PIXEL_TOLERANCE = 0f;
    /** Same TorchScript run by libtorch 2.3.1 (DJL) instead of torch 2.13: measured max diff 6.6e-7 on logits. */
    private static final double LOGIT_TOLERANCE = 1e-5;
    private static final double BOX_TOLERANCE = 1e-5;
    /** Final detections: boxes in photo pixels, scores after sigmoid (every score is >= 4e-4 from the threshold). */
    private static final double DETECTION_BOX_TOLERANCE_PX = 0.01;
    private static final double DETECTION_SCORE_TOLERANCE = 1e-5;

    private ResolvedModel model;
    private final List<GroundingDinoDetector> detectors = new ArrayList<>();

    @BeforeAll
    void loadModel() throws Exception {
        model = GoldenCases.tinyModel();
    }

    @AfterAll
    void closeDetectors() {
        detectors.forEach(GroundingDinoDetector::close);
    }

    Stream<GoldenCases.Case> cases() {
        return GoldenCases.all().stream();
    }

    Stream<GoldenCases.Case> casesWithPixels() {
        return cases().filter(c -> !c.json().get("pixel_values").isNull());
    }

    /** A golden case's detector (one per class list), its photo, and the frame the detector puts the photo in. */
    private record Framed(GroundingDinoDetector detector, BufferedImage photo, ImageFrame frame) {
        float[] pixelValues() {
            return frame.pixelValues(photo, detector.contract());
        }
    }

    private Framed framed(GoldenCases.Case golden) throws Exception {
        GroundingDinoDetector detector = detector(golden.classes());
        BufferedImage photo = GoldenCases.photo(golden.photo());
        return new Framed(detector, photo, ImageFrame.of(photo.getWidth(), photo.getHeight(), detector.contract()));
    }

    private GroundingDinoDetector detector(List<String> classes) throws Exception {
        for (GroundingDinoDetector d : detectors) {
            if (d.prompt().classes().equals(classes)) {
                return d;
            }
        }
        GroundingDinoDetector d = GroundingDinoDetector.builder().setModel(model).optClasses(classes).build();
        detectors.add(d);
        return d;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void promptTokensEqualPythonTokenizer(GoldenCases.Case golden) throws Exception {
        Prompt prompt = detector(golden.classes()).prompt();
        assertThat(prompt.caption()).isEqualTo(golden.json().get("caption").asText());
        assertThat(prompt.inputIds()).containsExactly(golden.inputIds());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void frameMatchesProcessorResizeAndPixelMask(GoldenCases.Case golden) throws Exception {
        JsonNode j = golden.json();
        ImageFrame frame = framed(golden).frame();
        assertThat(new int[] {frame.resizedHeight(), frame.resizedWidth()})
                .containsExactly(j.get("resized_height").asInt(), j.get("resized_width").asInt());
        long[] mask = frame.pixelMask();
        assertThat(java.util.Arrays.stream(mask).sum()).isEqualTo(j.get("pixel_mask_sum").asLong());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("casesWithPixels")
    void pixelValuesEqualProcessorOutput(GoldenCases.Case golden) throws Exception {
        Framed framed = framed(golden);
        String file = golden.json().get("pixel_values").asText();
        float[] expected = GoldenCases.tensor(file);
        float[] actual = framed.pixelValues();
        assertThat(GoldenCases.shape(file)).containsExactly(3, framed.frame().frameHeight(), framed.frame().frameWidth());
        assertThat(actual).hasSameSizeAs(expected);
        assertThat(maxAbsDiff(actual, expected)).isLessThanOrEqualTo(PIXEL_TOLERANCE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rawOutputsEqualTracedModelInPythonAsSetsOfQueries(GoldenCases.Case golden) throws Exception {
        Framed framed = framed(golden);
        GroundingDinoDetector detector = framed.detector();
        GroundingDinoPostprocessor.RawOutputs raw = detector.run(framed.pixelValues(), framed.frame());

        int n = golden.inputIds().length;
        float[] expectedLogits = GoldenCases.tensor(golden.json().get("logits").asText());
        float[] expectedBoxes = GoldenCases.tensor(golden.json().get("pred_boxes").asText());
        int queries = expectedBoxes.length / 4;
        assertThat(raw.queries()).isEqualTo(queries);
        assertThat(raw.textSlots()).isEqualTo(detector.contract().maxTextLen());
        float[] actualLogits = new float[queries * n];
        for (int q = 0; q < queries; q++) {
            System.arraycopy(raw.logits(), q * raw.textSlots(), actualLogits, q * n, n);
            for (int t = n; t < raw.textSlots(); t++) {
                assertThat(raw.logits()[q * raw.textSlots() + t]).as("padded text slot %d of query %d", t, q)
                        .isEqualTo(Float.NEGATIVE_INFINITY);
            }
        }
        // The 900 rows may come out in another order on another backend (top-k over tied proposal scores):
        // each row on either side is paired with its nearest row on the other.
        double[] diffs = QuerySets.maxDiffs(actualLogits, raw.boxes(), expectedLogits, expectedBoxes, n);
        assertThat(diffs[0]).as("logits").isLessThanOrEqualTo(LOGIT_TOLERANCE);
        assertThat(diffs[1]).as("pred_boxes").isLessThanOrEqualTo(BOX_TOLERANCE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void detectionsEqualPythonPostProcessing(GoldenCases.Case golden) throws Exception {
        double threshold = golden.json().get("threshold").asDouble();
        List<Detection> actual;
        try (GroundingDinoDetector detector = GroundingDinoDetector.builder()
                .setModel(model)
                .optClasses(golden.classes())
                .optThreshold(threshold)
                .build()) {
            assertThat(detector.threshold()).isEqualTo(threshold);
            actual = detector.detect(GoldenCases.photo(golden.photo()));
        }

        List<JsonNode> expected = new ArrayList<>();
        golden.json().get("detections").forEach(expected::add);
        assertThat(expected).as("golden case must exercise detections").isNotEmpty();
        assertThat(actual).hasSameSizeAs(expected);
        // compared as sets: each expected detection has one with the same label, score and box
        List<Detection> unmatched = new ArrayList<>(actual);
        for (JsonNode e : expected) {
            JsonNode box = e.get("box");
            Detection match = unmatched.stream()
                    .filter(d -> d.label().equals(e.get("label").asText()))
                    .filter(d -> Math.abs(d.score() - e.get("score").asDouble()) <= DETECTION_SCORE_TOLERANCE)
                    .filter(d -> Math.abs(d.box().x0() - box.get(0).asDouble()) <= DETECTION_BOX_TOLERANCE_PX
                            && Math.abs(d.box().y0() - box.get(1).asDouble()) <= DETECTION_BOX_TOLERANCE_PX
                            && Math.abs(d.box().x1() - box.get(2).asDouble()) <= DETECTION_BOX_TOLERANCE_PX
                            && Math.abs(d.box().y1() - box.get(3).asDouble()) <= DETECTION_BOX_TOLERANCE_PX)
                    .findFirst()
                    .orElse(null);
            assertThat(match).as("Java detection for Python's %s", e).isNotNull();
            unmatched.remove(match);
        }
        assertThat(actual).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));
        assertThat(actual.get(0).score()).isCloseTo(expected.get(0).get("score").asDouble(), within(DETECTION_SCORE_TOLERANCE));
    }

    private static float maxAbsDiff(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
