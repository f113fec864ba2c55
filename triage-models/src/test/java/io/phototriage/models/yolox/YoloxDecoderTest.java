package io.phototriage.models.yolox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Detection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Post-processing on canned tensors (no model): grid decode, score, class-wise NMS, cap, scale back, clip. */
class YoloxDecoderTest {
    private static final int SIZE = 416;
    private static final int CLASSES = 80;
    private static final int ROW = 5 + CLASSES;
    private static final int PERSON = 0;
    private static final int CAT = 15;
    private static final int DOG = 16;
    /** Letterbox of a 832x600 image: ratio 0.5. */
    private static final Letterbox HALF = new Letterbox(new float[0], 0.5, 832, 600);

    private final YoloxDecoder decoder = new YoloxDecoder(SIZE, new int[] {PERSON, DOG, CAT}, List.of("person", "dog", "cat"));
    private final float[] raw = new float[decoder.anchors() * ROW];

    @Test
    void hasOneAnchorPerCellOfTheThreeStrides() {
        assertThat(decoder.anchors()).isEqualTo(52 * 52 + 26 * 26 + 13 * 13);
    }

    @Test
    void decodesGridOffsetsAndLogSizesIntoImagePixels() {
        // stride 8, cell (x=3, y=2): cx = (0.5 + 3) * 8 = 28, cy = (0.25 + 2) * 8 = 18, w = 2 * 8, h = 4 * 8
        set(2 * 52 + 3, 0.5f, 0.25f, (float) Math.log(2), (float) Math.log(4), 0.9f, PERSON, 0.8f);
        // stride 32, cell (x=1, y=0): index after both finer levels
        set(52 * 52 + 26 * 26 + 1, 0f, 0f, 0f, 0f, 0.5f, DOG, 0.5f);

        List<Detection> out = decoder.decode(raw, HALF, EvalSettings.coco());

        assertThat(out).hasSize(2);
        assertThat(out.get(0).label()).isEqualTo("person");
        assertThat(out.get(0).score()).isCloseTo(0.72, within(1e-6));
        assertBox(out.get(0).box(), (28 - 8) / 0.5, (18 - 16) / 0.5, (28 + 8) / 0.5, (18 + 16) / 0.5);
        assertThat(out.get(1).label()).isEqualTo("dog");
        assertThat(out.get(1).score()).isCloseTo(0.25, within(1e-6));
        assertBox(out.get(1).box(), (32 - 16) / 0.5, 0, (32 + 16) / 0.5, 16 / 0.5);
    }

    @Test
    void suppressesOverlapsWithinAClassOnlyAndKeepsOtherClasses() {
        // 8 * e^2 = 59 px squares one cell (8 px) apart: IoU 51 / 67 = 0.76 > 0.65
        set(100, 0f, 0f, 2f, 2f, 0.9f, PERSON, 0.9f);
        set(101, 0f, 0f, 2f, 2f, 0.9f, PERSON, 0.8f);
        set(101, 0f, 0f, 2f, 2f, 0.9f, DOG, 0.7f);    // same anchor, another class: not suppressed by the person

        List<Detection> out = decoder.decode(raw, HALF, EvalSettings.coco());

        assertThat(out).extracting(Detection::label).containsExactly("person", "dog");
    }

    @Test
    void keepsOverlapsBelowTheNmsIou() {
        set(100, 0f, 0f, 0f, 0f, 0.9f, PERSON, 0.9f);
        set(101, 0f, 0f, 0f, 0f, 0.9f, PERSON, 0.8f); // 8x8 boxes one cell apart do not overlap

        assertThat(decoder.decode(raw, HALF, EvalSettings.coco())).hasSize(2);
    }

    @Test
    void dropsScoresAtOrBelowTheFloorAndClassesNotKept() {
        set(10, 0f, 0f, 0f, 0f, 0.1f, PERSON, 0.005f); // 0.0005: not above the 0.001 floor
        set(11, 0f, 0f, 0f, 0f, 0.9f, 2, 0.9f);       // car: not a kept class

        assertThat(decoder.decode(raw, HALF, EvalSettings.coco())).isEmpty();
    }

    @Test
    void capsTheNumberOfBoxesKeepingTheBest() {
        float[] classScores = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 0.95f};
        for (int i = 0; i < classScores.length; i++) {
            set(i * 3, 0f, 0f, 0f, 0f, 0.5f, PERSON, classScores[i]);
        }

        List<Detection> out = decoder.decode(raw, HALF, new EvalSettings(0.001, 0.65, 4));

        // obj * cls in float, as the model's float32 outputs are multiplied
        assertThat(out).extracting(Detection::score)
                .containsExactly((double) (0.5f * 0.95f), (double) (0.5f * 0.9f), (double) (0.5f * 0.8f), (double) (0.5f * 0.7f));
    }

    @Test
    void clipsBoxesToTheImage() {
        // stride 8, cell (0, 0), 64x64 box centred at (4, 4): extends beyond the top-left corner
        set(0, 0.5f, 0.5f, (float) Math.log(8), (float) Math.log(8), 0.9f, CAT, 0.9f);

        Detection d = decoder.decode(raw, HALF, EvalSettings.coco()).get(0);

        assertBox(d.box(), 0, 0, (4 + 32) / 0.5, (4 + 32) / 0.5);
    }

    private void set(int anchor, float dx, float dy, float logW, float logH, float obj, int cls, float clsScore) {
        int o = anchor * ROW;
        raw[o] = dx;
        raw[o + 1] = dy;
        raw[o + 2] = logW;
        raw[o + 3] = logH;
        raw[o + 4] = obj;
        raw[o + 5 + cls] = clsScore;
    }

    private static void assertBox(BoundingBox box, double x0, double y0, double x1, double y1) {
        assertThat(new double[] {box.x0(), box.y0(), box.x1(), box.y1()})
                .containsExactly(new double[] {x0, y0, x1, y1}, within(1e-4));
    }
}
