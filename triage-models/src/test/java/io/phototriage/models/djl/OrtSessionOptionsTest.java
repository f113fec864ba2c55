package io.phototriage.models.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ONNX Runtime options as DJL 0.29's engine reads them, including its intra-op quirk. */
class OrtSessionOptionsTest {
    @Test
    void anIntraOpCountAlwaysComesWithAnInterOpCountBecauseDjlAppliesItOnlyThen() {
        Map<String, String> options = new OrtSessionOptions(1, 0, "ALL_OPT", "SEQUENTIAL", true, true).djlOptions();
        // DJL 0.29 OrtModel: `if (interOpNumThreads != null) setIntraOpNumThreads(...)`: without the inter-op entry the
        // intra-op count would be dropped silently; 0 is ONNX Runtime's own default.
        assertThat(options).containsEntry("intraOpNumThreads", "1").containsEntry("interOpNumThreads", "0");
        assertThat(new OrtSessionOptions(2, 3, "ALL_OPT", "PARALLEL", true, true).djlOptions())
                .containsEntry("intraOpNumThreads", "2").containsEntry("interOpNumThreads", "3");
    }

    @Test
    void theDefaultsLeaveBothThreadCountsToOnnxRuntime() {
        assertThat(OrtSessionOptions.defaults().djlOptions())
                .doesNotContainKeys("intraOpNumThreads", "interOpNumThreads")
                .containsEntry("optLevel", "ALL_OPT").containsEntry("executionMode", "SEQUENTIAL");
    }

    @Test
    void defaultIntraOpThreadsSetsTheCountUnlessTheUserDid() {
        String key = OrtSessionOptions.PREFIX + "intraOpThreads";
        String before = System.getProperty(key);
        try {
            System.clearProperty(key);
            assertThat(OrtSessionOptions.defaultIntraOpThreads(1)).isEqualTo(1);
            assertThat(OrtSessionOptions.fromSystemProperties().djlOptions())
                    .containsEntry("intraOpNumThreads", "1").containsEntry("interOpNumThreads", "0");
            System.setProperty(key, "3");
            assertThat(OrtSessionOptions.defaultIntraOpThreads(1)).as("the user's value wins").isEqualTo(3);
            assertThatThrownBy(() -> OrtSessionOptions.defaultIntraOpThreads(0)).isInstanceOf(IllegalArgumentException.class);
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }

    @Test
    void invalidValuesAreRefusedNamingWhatIsAllowed() {
        assertThatThrownBy(() -> new OrtSessionOptions(-1, 0, "ALL_OPT", "SEQUENTIAL", true, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("thread counts");
        assertThatThrownBy(() -> new OrtSessionOptions(0, 0, "FAST", "SEQUENTIAL", true, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ALL_OPT");
    }
}
