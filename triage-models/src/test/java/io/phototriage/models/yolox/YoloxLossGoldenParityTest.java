package io.phototriage.models.yolox;

import static io.phototriage.core.testing.JsonArrays.ints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.models.djl.DjlRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SimOta} and {@link YoloxLoss} against the reference {@code YOLOXHead.get_losses} on a fixed batch (the
 * pretrained YOLOX-Nano's raw outputs on three coco128 photos, one without boxes; golden files by
 * {@code tools/export/export.py golden-yolox-loss}).
 */
@NeedsNatives
class YoloxLossGoldenParityTest {
    /** Loss terms: float32 sums over ~10k terms in another order than PyTorch's. */
    private static final double LOSS_RELATIVE_TOLERANCE = 1e-5;
    /** Assignment IoUs: the same float32 formula, exp may differ by an ulp. */
    private static final double IOU_TOLERANCE = 1e-5;
    /** Gradient entries (largest about 0.1): float32 rounding of the chain rule in another order. */
    private static final double GRADIENT_TOLERANCE = 1e-6;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIR = "/golden/yolox-loss/";

    @ParameterizedTest(name = "L1 {0}")
    @ValueSource(booleans = {false, true})
    void assignmentLossAndGradientMatchTheReference(boolean useL1) throws IOException {
        JsonNode golden = JSON.readTree(YoloxLossGoldenParityTest.class.getResourceAsStream(DIR + "loss.json"));
        JsonNode expected = golden.get(useL1 ? "with_l1" : "without_l1");
        float[] raw = floats("raw.f32");
        float[] expectedGrad = floats(useL1 ? "grad_l1.f32" : "grad.f32");
        List<List<SimOta.Box>> boxes = boxes(golden.get("labels"));
        YoloxLoss loss = new YoloxLoss(416, 3);
        try (NDManager manager = NDManager.newBaseManager(DjlRuntime.PYTORCH)) {
            NDArray input = manager.create(raw, new Shape(3, 3549, 8));
            input.setRequiresGradient(true);
            YoloxLoss.Terms terms;
            try (GradientCollector collector = Engine.getEngine(DjlRuntime.PYTORCH).newGradientCollector()) {
                terms = loss.compute(input, boxes, useL1);
                collector.backward(terms.total());
            }
            for (int b = 0; b < 2; b++) {
                JsonNode as = expected.get("assignments").get(b);
                SimOta.Assignment actual = terms.assignments().get(b);
                assertThat(actual.foreground()).as("foreground of image %d", b).containsExactly(ints(as.get("foreground")));
                assertThat(actual.matchedBox()).as("matched boxes of image %d", b).containsExactly(ints(as.get("matched_box")));
                for (int i = 0; i < actual.count(); i++) {
                    assertThat(actual.iou()[i]).isCloseTo((float) as.get("iou").get(i).asDouble(), within((float) IOU_TOLERANCE));
                }
            }
            assertThat(terms.assignments().get(2).count()).as("the image without boxes").isZero();
            assertThat(terms.foreground()).isEqualTo(expected.get("assignments").get(0).get("num_fg").asInt()
                    + expected.get("assignments").get(1).get("num_fg").asInt());
            assertRelative(terms.total().getFloat(), expected.get("total").asDouble(), "total");
            assertRelative(terms.iou(), expected.get("iou_weighted").asDouble(), "iou");
            assertRelative(terms.obj(), expected.get("obj").asDouble(), "obj");
            assertRelative(terms.cls(), expected.get("cls").asDouble(), "cls");
            if (useL1) {
                assertRelative(terms.l1(), expected.get("l1").asDouble(), "l1");
            } else {
                assertThat(terms.l1()).isZero();
            }
            float[] grad = input.getGradient().toFloatArray();
            double worst = 0;
            for (int i = 0; i < grad.length; i++) {
                worst = Math.max(worst, Math.abs(grad[i] - expectedGrad[i]));
            }
            assertThat(worst).as("max |gradient difference|").isLessThan(GRADIENT_TOLERANCE);
        }
    }

    private static void assertRelative(double actual, double expected, String what) {
        assertThat(actual).as(what).isCloseTo(expected, within(Math.abs(expected) * LOSS_RELATIVE_TOLERANCE));
    }

    static List<List<SimOta.Box>> boxes(JsonNode labels) {
        List<List<SimOta.Box>> out = new ArrayList<>();
        for (JsonNode image : labels) {
            List<SimOta.Box> list = new ArrayList<>();
            for (JsonNode l : image) {
                list.add(new SimOta.Box(l.get(0).asInt(), (float) l.get(1).asDouble(), (float) l.get(2).asDouble(),
                        (float) l.get(3).asDouble(), (float) l.get(4).asDouble()));
            }
            out.add(list);
        }
        return out;
    }

    static float[] floats(String name) throws IOException {
        try (InputStream in = YoloxLossGoldenParityTest.class.getResourceAsStream(DIR + name)) {
            ByteBuffer buffer = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[buffer.remaining() / 4];
            buffer.asFloatBuffer().get(out);
            return out;
        }
    }
}
