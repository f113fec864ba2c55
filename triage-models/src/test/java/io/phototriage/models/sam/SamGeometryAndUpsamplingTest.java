package io.phototriage.models.sam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.phototriage.core.stage.BoundingBox;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pure-Java parts of SAM: no native engine. */
class SamGeometryAndUpsamplingTest {
    private static final Offset<Float> EXACT = within(1e-6f);

    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
    @CsvSource({
        "640, 478, 1024, 765",   // 478 * 1.6 = 764.8
        "333, 500, 682, 1024",   // upscale: 333 * 2.048 = 681.98
        "640, 426, 1024, 682",   // 681.6
        "1024, 1024, 1024, 1024",
        "4000, 3, 1024, 1",      // 0.77 rounds to 1
    })
    void fitResizesTheLongerSideTo1024AsSamImageProcessor(int w, int h, int expectedW, int expectedH) {
        ResizeGeometry g = ResizeGeometry.fit(w, h, 1024);

        assertThat(g.resizedWidth()).isEqualTo(expectedW);
        assertThat(g.resizedHeight()).isEqualTo(expectedH);
        assertThat(g.inputSize()).isEqualTo(1024);
    }

    @Test
    void boxIsScaledPerAxisIntoTheInputFrame() {
        ResizeGeometry g = ResizeGeometry.fit(640, 478, 1024);

        float[] box = g.toInputFrame(new BoundingBox(0, 0, 640, 478));

        assertThat(box).containsExactly(new float[] {0f, 0f, 1024f, 765f}, EXACT);
    }

    @Test
    void bilinearUpsamplingMatchesTorchInterpolate() {
        // torch.nn.functional.interpolate(torch.tensor([[[[0., 1.], [2., 3.]]]]), size=(4, 4), mode="bilinear",
        // align_corners=False)
        float[] expected = {
            0.00f, 0.25f, 0.75f, 1.00f,
            0.50f, 0.75f, 1.25f, 1.50f,
            1.50f, 1.75f, 2.25f, 2.50f,
            2.00f, 2.25f, 2.75f, 3.00f,
        };

        float[] actual = MaskUpsampler.resize(new float[] {0, 1, 2, 3}, 2, 2, 4, 4, 4, 4);

        assertThat(actual).containsExactly(expected, EXACT);
    }

    @Test
    void upsamplingKeepsOnlyTheUnpaddedRegionAtTheOriginalSize() {
        // A 4x4 low-res mask over a 16x16 input; the image is 16x8 (resized 16x8): rows 0-1 of the low-res
        // mask are the image, rows 2-3 padding set to a value that must not leak in far from the border.
        float[] lowRes = new float[16];
        for (int i = 0; i < 8; i++) {
            lowRes[i] = 1f;
        }
        for (int i = 8; i < 16; i++) {
            lowRes[i] = -100f;
        }
        ResizeGeometry g = new ResizeGeometry(32, 16, 16, 8, 16);

        float[] up = MaskUpsampler.upsample(lowRes, 4, g);

        assertThat(up).hasSize(32 * 16);
        assertThat(up[0]).isEqualTo(1f, EXACT);
        assertThat(up[5 * 32 + 7]).isEqualTo(1f, EXACT);
        assertThat(up[15 * 32 + 31]).isLessThan(0f);
    }

    @Test
    void bestIndexIsTheHighestPredictedIou() {
        MaskPrediction p = new MaskPrediction(new float[3 * 4], new float[] {0.1f, 0.7f, 0.3f}, 2);

        assertThat(p.bestIndex()).isEqualTo(1);
        assertThatThrownBy(() -> p.logits(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new MaskPrediction(new float[5], new float[] {1f}, 2))
                .hasMessageContaining("expected 4 logits");
    }

    @Test
    void contractOfTheTinyFixtureIsSamProcessors() throws Exception {
        SamContract c = SamContract.of(io.phototriage.core.model.ModelManifest.read(
                SamGeometryAndUpsamplingTest.class.getResourceAsStream("/fixtures/sam-tiny/manifest.json")));

        assertThat(c.longestSide()).isEqualTo(1024);
        assertThat(c.pixelMean()).containsExactly(SamContract.defaults().pixelMean());
        assertThat(c.pixelStd()).containsExactly(SamContract.defaults().pixelStd());
        assertThat(c.maskThreshold()).isZero();
    }
}
