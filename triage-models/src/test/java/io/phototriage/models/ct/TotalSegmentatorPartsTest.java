package io.phototriage.models.ct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelManifest;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.testing.NeedsNatives;
import java.io.InputStream;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The multi-part merge against the Python reference written from TotalSegmentator's nnunet.py
 * (tools/export/phototriage_export/totalseg.py {@code golden_parts}, golden/totalseg/parts-merge.json), on the
 * three-part tiny fixture {@code fixtures/totalseg-tiny-parts} and the synthetic CT.
 */
class TotalSegmentatorPartsTest {
    private static JsonNode golden;

    @BeforeAll
    static void readGolden() throws Exception {
        try (InputStream in = TotalSegmentatorPartsTest.class.getResourceAsStream("/golden/totalseg/parts-merge.json")) {
            golden = new ObjectMapper().readTree(in);
        }
    }

    private static ResolvedModel fixture() throws Exception {
        return ModelStore.at(TotalSegmentatorTest.resource("/fixtures")).resolve("totalseg-tiny-parts");
    }

    @Test
    @NeedsNatives
    void mergedLabelsMatchTheReferenceLaterPartsOverwriting() throws Exception {
        assertThat(golden.get("overwritten_model_voxels").asInt()).as("the fixture exercises the overlap rule").isPositive();
        CtVolume volume = Nifti.readVolume(TotalSegmentatorTest.resource("/golden/totalseg/"
                + golden.get("input_file").asText()), 1_000_000);
        ResolvedModel model = fixture();
        assertThat(TotalSegmentatorParts.isMultiPart(model.manifest())).isTrue();
        try (TotalSegmentatorParts seg = TotalSegmentatorParts.load(model)) {
            assertThat(seg.parts()).isEqualTo(3);
            CtSegmentation result = seg.segment(volume, Set.of());
            assertThat(result.patches()).isEqualTo(golden.get("patches").asInt());
            assertThat(result.modelGrid().nz()).isEqualTo(golden.get("model_shape_zyx").get(0).asInt());
            short[] labels = result.labels().data();
            JsonNode expected = golden.get("labels_input_zyx");
            JsonNode margins = golden.get("margin_input_zyx");
            assertThat(labels).hasSize(expected.size());
            int differ = 0;
            for (int v = 0; v < labels.length; v++) {
                if (labels[v] != expected.get(v).asInt()) {
                    differ++;
                    assertThat(margins.get(v).asDouble()).as("label differs at %d away from a tie", v)
                            .isLessThan(TotalSegmentatorTest.TIE_MARGIN);
                }
            }
            assertThat(differ).as("labels that differ (near ties only)").isLessThanOrEqualTo(labels.length / 1000);
            java.util.SortedSet<Integer> present = new java.util.TreeSet<>();
            expected.forEach(n -> present.add(n.asInt()));
            present.remove(0);
            assertThat(result.labels().counts().keySet()).containsExactlyElementsOf(present);
            System.out.printf("totalseg parts parity: %d of %d merged labels differ; labels %s%n", differ, labels.length,
                    result.labels().counts().keySet());

        }
    }

    @Test
    void laterPartsOverwriteAndKeepFiltersTheMergedIds() {
        short[] merged = new short[6];
        TotalSegmentatorParts.mergeInto(merged, new short[] {0, 1, 2, 1, 0, 2}, new short[] {0, 5, 7});
        assertThat(merged).containsExactly(0, 5, 7, 5, 0, 7);
        // a later part: its background leaves earlier labels, its labels overwrite them
        TotalSegmentatorParts.mergeInto(merged, new short[] {1, 0, 1, 0, 0, 2}, new short[] {0, 90, 117});
        assertThat(merged).containsExactly(90, 5, 90, 5, 0, 117);
        // --organs after the merge: an overwritten voxel does not fall back to the earlier part's label
        TotalSegmentatorParts.keepOnly(merged, Set.of(7, 5));
        assertThat(merged).containsExactly(0, 5, 0, 5, 0, 0);
        assertThatThrownBy(() -> TotalSegmentatorParts.mergeInto(new short[1], new short[] {3}, new short[] {0, 5, 7}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 3 is over the part's 2 classes");
    }

    @Test
    void aPartWithAnIncompleteLabelMapIsRefused() throws Exception {
        ResolvedModel model = fixture();
        ObjectNode contract = model.manifest().contract().deepCopy();
        ((ObjectNode) contract.get("parts").get(1).get("labels")).remove("2");
        assertThatThrownBy(() -> TotalSegmentatorParts.load(with(model, contract))).isInstanceOf(ModelException.class)
                .hasMessageContaining("part part2 does not map its local id 2");
        ((ObjectNode) contract.get("parts").get(1).get("labels")).put("2", 118);
        assertThatThrownBy(() -> TotalSegmentatorParts.load(with(model, contract))).isInstanceOf(ModelException.class)
                .hasMessageContaining("maps local id 2 to 118");
        ((ObjectNode) contract.get("parts").get(1).get("labels")).put("2", 10);
        ((ObjectNode) contract.get("parts").get(2)).putArray("spacing_mm").add(3.0).add(3.0).add(3.0);
        assertThatThrownBy(() -> TotalSegmentatorParts.load(with(model, contract))).isInstanceOf(ModelException.class)
                .hasMessageContaining("share one spacing");
        contract.remove("parts");
        assertThat(TotalSegmentatorParts.isMultiPart(with(model, contract).manifest())).isFalse();
    }

    private static ResolvedModel with(ResolvedModel model, JsonNode contract) {
        ModelManifest m = model.manifest();
        return new ResolvedModel(new ModelManifest(m.name(), m.engine(), m.files(), contract.deepCopy(), m.source()),
                model.dir());
    }
}
