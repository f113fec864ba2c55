package io.phototriage.models.ct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.testing.NeedsNatives;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java sliding window against the Python reference written from nnU-Net's description
 * (tools/export/phototriage_export/totalseg.py, golden/totalseg/sliding-window.json), on the tiny random-weight
 * fixture and a small synthetic CT.
 */
class TotalSegmentatorTest {
    /** Logit tolerance: float32 convolutions in libtorch 2.3.1 (DJL) against torch 2.13 (the reference). */
    static final double LOGIT_TOLERANCE = 1e-4;
    /** Labels may differ only where the reference's top two logits are closer than this. */
    static final double TIE_MARGIN = 1e-3;

    private static JsonNode golden;

    @BeforeAll
    static void readGolden() throws Exception {
        try (InputStream in = TotalSegmentatorTest.class.getResourceAsStream("/golden/totalseg/sliding-window.json")) {
            golden = new ObjectMapper().readTree(in);
        }
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(TotalSegmentatorTest.class.getResource(name).toURI());
    }

    @Test
    void stepsAreNnUnets() {
        for (JsonNode c : golden.get("step_cases")) {
            for (int a = 0; a < 3; a++) {
                int[] steps = SlidingWindow.steps(c.get("image").get(a).asInt(), c.get("tile").get(a).asInt(), 0.5);
                JsonNode expected = c.get("steps").get(a);
                assertThat(steps).hasSize(expected.size());
                for (int n = 0; n < steps.length; n++) {
                    assertThat(steps[n]).isEqualTo(expected.get(n).asInt());
                }
            }
        }
    }

    @Test
    void gaussianIsScipysSmoothedDelta() {
        golden.get("gaussian_cases").forEach(c -> {
            int[] tile = {c.get("tile").get(0).asInt(), c.get("tile").get(1).asInt(), c.get("tile").get(2).asInt()};
            float[] g = SlidingWindow.gaussian(tile, 0.125);
            double sum = 0;
            float min = Float.MAX_VALUE;
            for (float v : g) {
                sum += v;
                min = Math.min(min, v);
            }
            assertThat(sum).isCloseTo(c.get("sum").asDouble(), within(1e-5 * c.get("sum").asDouble()));
            assertThat((double) min).isCloseTo(c.get("min").asDouble(), within(1e-6 * c.get("min").asDouble() + 1e-30));
            JsonNode values = c.get("values");
            if (values != null && !values.isNull()) {
                for (int n = 0; n < g.length; n++) {
                    assertThat((double) g[n]).isCloseTo(values.get(n).asDouble(), within(1e-6));
                }
            }
        });
    }

    @Test
    @NeedsNatives
    void slidingWindowMatchesTheNnUnetReferenceOnTinyWeights() throws Exception {
        CtVolume volume = Nifti.readVolume(resource("/golden/totalseg/" + golden.get("input_file").asText()), 1_000_000);
        Path fixtures = resource("/fixtures");
        try (TotalSegmentator seg = TotalSegmentator.load(ModelStore.at(fixtures).resolve("totalseg-tiny"))) {
            TotalSegPlans plans = seg.config();
            VolumeGeometry g = volume.geometry();
            int[] size = {g.nz(), g.ny(), g.nx()};
            int[] modelSize = Resampling.sizeAtSpacing(size, new double[] {g.spacing()[2], g.spacing()[1], g.spacing()[0]},
                    new double[] {1.5, 1.5, 1.5});
            for (int a = 0; a < 3; a++) {
                assertThat(modelSize[a]).isEqualTo(golden.get("model_shape_zyx").get(a).asInt());
            }
            float[] resampled = Resampling.trilinear(plans.normalization().apply(volume.hu()), size, modelSize);
            for (JsonNode s : golden.get("resampled_samples")) {
                int v = index(s.get("zyx"), modelSize);
                assertThat((double) resampled[v]).isCloseTo(s.get("value").asDouble(), within(1e-5));
            }
            SlidingWindow.Result result = SlidingWindow.logits(resampled, modelSize, plans.patchSize(), plans.classes(), 0.5,
                    0.125, seg::patchLogits);
            assertThat(result.patches()).isEqualTo(golden.get("patches").asInt());
            int voxels = modelSize[0] * modelSize[1] * modelSize[2];
            double worst = 0;
            for (JsonNode s : golden.get("logit_samples")) {
                int v = index(s.get("zyx"), modelSize);
                for (int c = 0; c < plans.classes(); c++) {
                    worst = Math.max(worst, Math.abs(result.logits()[c * voxels + v] - s.get("logits").get(c).asDouble()));
                }
            }
            assertThat(worst).as("largest logit difference").isLessThan(LOGIT_TOLERANCE);
            short[] labels = result.argmax();
            JsonNode expected = golden.get("labels_model_zyx");
            JsonNode margins = golden.get("margin_model_zyx");
            int differ = 0;
            for (int v = 0; v < voxels; v++) {
                if (labels[v] != expected.get(v).asInt()) {
                    differ++;
                    assertThat(margins.get(v).asDouble()).as("label differs at %d away from a tie", v).isLessThan(TIE_MARGIN);
                }
            }
            assertThat(differ).as("labels that differ (near ties only)").isLessThanOrEqualTo(voxels / 1000);
            System.out.printf("totalseg parity: largest logit difference %.3g over %d sampled voxels x %d classes; %d of %d"
                    + " model-grid labels differ (all at near ties)%n", worst, golden.get("logit_samples").size(), plans.classes(),
                    differ, voxels);

            // labels back onto the input grid (nearest); segment() runs this whole path in CtCommandTest
            short[] back = Resampling.nearest(labels, modelSize, size);
            JsonNode expectedBack = golden.get("labels_input_zyx");
            int differBack = 0;
            for (int v = 0; v < back.length; v++) {
                if (back[v] != expectedBack.get(v).asInt()) {
                    differBack++;
                }
            }
            assertThat(differBack).isLessThanOrEqualTo(Math.max(differ * 8, back.length / 1000));
            System.out.printf("totalseg parity: %d of %d input-grid labels differ%n", differBack, back.length);
        }
    }

    private static int index(JsonNode zyx, int[] size) {
        return (zyx.get(0).asInt() * size[1] + zyx.get(1).asInt()) * size[2] + zyx.get(2).asInt();
    }
}
