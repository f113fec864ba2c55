package io.phototriage.models.groundingdino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.phototriage.core.stage.Detection;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Post-processing on canned tensors (no model): scores, labels, box mapping, threshold and NMS. */
class GroundingDinoPostprocessorTest {
    private static final int SLOTS = 8;
    /** "person . dog . cat ." : [CLS] person . dog . cat . [SEP] */
    private static final Prompt PROMPT = new Prompt(List.of("person", "dog", "cat"), "person . dog . cat .",
            new long[] {101, 2711, 1012, 3899, 1012, 4937, 1012, 102}, Prompt.spans(new long[] {101, 2711, 1012, 3899, 1012, 4937, 1012, 102}));
    /** A 640x480 photo resized to 320x240 in a 320x256 frame: boxes are normalised to the padded frame. */
    private static final ImageFrame FRAME = new ImageFrame(640, 480, 320, 240, 320, 256);

    private static float logit(double p) {
        return (float) Math.log(p / (1 - p));
    }

    private static float[] row(double... probsBySlot) {
        float[] r = new float[SLOTS];
        Arrays.fill(r, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < probsBySlot.length; i++) {
            r[i] = logit(probsBySlot[i]);
        }
        return r;
    }

    private static GroundingDinoPostprocessor.RawOutputs raw(float[][] rows, float[][] boxes) {
        float[] logits = new float[rows.length * SLOTS];
        float[] flatBoxes = new float[rows.length * 4];
        for (int q = 0; q < rows.length; q++) {
            System.arraycopy(rows[q], 0, logits, q * SLOTS, SLOTS);
            System.arraycopy(boxes[q], 0, flatBoxes, q * 4, 4);
        }
        return new GroundingDinoPostprocessor.RawOutputs(logits, SLOTS, flatBoxes);
    }

    @Test
    void spansGroupTokensBetweenSeparators() {
        assertThat(PROMPT.spans()).containsExactly(new int[] {1}, new int[] {3}, new int[] {5});
        // "a red car . tree ." : [CLS] a red car . tree . [SEP]
        assertThat(Prompt.spans(new long[] {101, 1037, 2417, 2482, 1012, 3392, 1012, 102}))
                .containsExactly(new int[] {1, 2, 3}, new int[] {5});
    }

    @Test
    void labelIsTheClassWithTheHighestTokenAndSpecialTokensDoNotCount() {
        // [CLS] and "." score 0.99 but belong to no class; dog (slot 3) is the best class at 0.8
        float[][] rows = {row(0.99, 0.3, 0.99, 0.8, 0.99, 0.5, 0.99, 0.99)};
        float[][] boxes = {{0.5f, 0.5f, 0.2f, 0.2f}};
        List<Detection> out = GroundingDinoPostprocessor.detections(raw(rows, boxes), PROMPT, FRAME, 0.5, 0.5);
        assertThat(out).singleElement().satisfies(d -> {
            assertThat(d.label()).isEqualTo("dog");
            assertThat(d.score()).isCloseTo(0.8, within(1e-6));
        });
    }

    @Test
    void boxesAreMappedFromThePaddedFrameToPhotoPixels() {
        // cx 0.5, cy 0.5 of the 320x256 frame = (160, 128) in frame pixels = (320, 256) in the 640x480 photo
        float[][] rows = {row(0.1, 0.9)};
        float[][] boxes = {{0.5f, 0.5f, 0.25f, 0.125f}};
        Detection d = GroundingDinoPostprocessor.detections(raw(rows, boxes), PROMPT, FRAME, 0.5, 0.5).get(0);
        assertThat(d.box().x0()).isCloseTo(240, within(1e-4));
        assertThat(d.box().x1()).isCloseTo(400, within(1e-4));
        assertThat(d.box().y0()).isCloseTo(224, within(1e-4));
        assertThat(d.box().y1()).isCloseTo(288, within(1e-4));
    }

    @Test
    void boxesAreClippedAndBoxesInThePaddingVanish() {
        float[][] rows = {row(0.1, 0.9), row(0.1, 0.8)};
        // first straddles the right edge; second lies wholly in the bottom padding (frame rows 240..256)
        float[][] boxes = {{0.95f, 0.5f, 0.2f, 0.2f}, {0.5f, 0.97f, 0.2f, 0.04f}};
        List<Detection> out = GroundingDinoPostprocessor.detections(raw(rows, boxes), PROMPT, FRAME, 0.5, 0.5);
        assertThat(out).singleElement().satisfies(d -> assertThat(d.box().x1()).isEqualTo(640.0));
    }

    @Test
    void thresholdIsStrictAndNmsIsPerClass() {
        float[][] rows = {
            row(0.1, 0.9), // person
            row(0.1, 0.85), // person, same box: suppressed
            row(0.1, 0.1, 0.1, 0.7), // dog, same box: kept (another class)
            row(0.1, 0.6), // person at exactly the threshold: dropped
        };
        float[] same = {0.5f, 0.5f, 0.2f, 0.2f};
        float[][] boxes = {same, same.clone(), same.clone(), {0.2f, 0.2f, 0.1f, 0.1f}};
        List<Detection> out = GroundingDinoPostprocessor.detections(raw(rows, boxes), PROMPT, FRAME, sigmoidOfLogit(0.6), 0.5);
        assertThat(out).extracting(Detection::label).containsExactly("person", "dog");
    }

    private static double sigmoidOfLogit(double p) {
        return 1.0 / (1.0 + Math.exp(-(double) logit(p)));
    }
}
