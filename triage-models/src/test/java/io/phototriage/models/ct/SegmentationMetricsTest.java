package io.phototriage.models.ct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dice and volumes against numpy (golden-ct.json) and a hand-computed case. */
class SegmentationMetricsTest {

    @Test
    void handComputedDiceAndVolumes() {
        VolumeGeometry g = VolumeGeometry.axisAligned(4, 1, 1, new double[] {2, 5, 10}, new double[] {0, 0, 0});
        LabelVolume pred = new LabelVolume(g, new short[] {1, 1, 2, 0});
        LabelVolume ref = new LabelVolume(g, new short[] {1, 0, 0, 3});
        SegmentationMetrics m = SegmentationMetrics.compare(pred, ref);
        assertThat(m.voxelMl()).isEqualTo(0.1);
        assertThat(m.dice()).containsExactly(Map.entry(1, 2.0 / 3.0), Map.entry(2, 0.0), Map.entry(3, 0.0));
        assertThat(m.volumes().get(1).predictionMl()).isCloseTo(0.2, within(1e-12));
        assertThat(m.volumes().get(1).differenceMl()).isCloseTo(0.1, within(1e-12));
        assertThat(m.volumes().get(3).differenceMl()).isCloseTo(-0.1, within(1e-12));
    }

    @Test
    void differentGridsAreRefused() {
        LabelVolume a = new LabelVolume(VolumeGeometry.axisAligned(2, 1, 1, new double[] {1, 1, 1}, new double[] {0, 0, 0}), new short[2]);
        LabelVolume b = new LabelVolume(VolumeGeometry.axisAligned(2, 1, 1, new double[] {1, 1, 1}, new double[] {0, 0, 1}), new short[2]);
        assertThatThrownBy(() -> SegmentationMetrics.compare(a, b)).hasMessageContaining("not on the same grid");
    }

    @Test
    void fastAgainstTotalMatchesNumpy() throws Exception {
        assumeTrue(CtGolden.hasSharedCt(), "../shared/data/ct is absent: the real metrics test is skipped");
        JsonNode expected = CtGolden.golden().get("real").get("metrics_fast_vs_total");
        SegmentationMetrics m = SegmentationMetrics.compare(
                Nifti.readLabels(CtGolden.sharedCt().resolve("example_seg_fast.nii.gz"), CtReadOptions.DEFAULT_VOXEL_BUDGET),
                Nifti.readLabels(CtGolden.sharedCt().resolve("example_seg.nii.gz"), CtReadOptions.DEFAULT_VOXEL_BUDGET));
        assertThat(m.voxelMl()).isCloseTo(expected.get("voxel_ml").asDouble(), within(1e-12));
        assertThat(m.dice()).hasSize(expected.get("dice").size());
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.get("dice").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int label = Integer.parseInt(e.getKey());
            assertThat(m.dice().get(label)).as("dice %d", label).isCloseTo(e.getValue().asDouble(), within(1e-12));
            JsonNode v = expected.get("volume").get(e.getKey());
            assertThat(m.volumes().get(label).differenceMl()).isCloseTo(v.get("difference_ml").asDouble(), within(1e-9));
            assertThat(m.volumes().get(label).referenceMl()).isCloseTo(v.get("reference_ml").asDouble(), within(1e-9));
        }
    }
}
