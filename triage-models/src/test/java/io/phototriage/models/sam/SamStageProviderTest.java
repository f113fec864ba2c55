package io.phototriage.models.sam;

import static io.phototriage.core.testing.ProviderAssertions.assertCreateFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.phototriage.core.model.ModelStore;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.testing.NeedsNatives;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SamStageProviderTest {
    @Test
    void samIsDiscoveredAsTheDefaultSegmenter() {
        StageRegistry registry = StageRegistry.load();

        assertThat(registry.find(Segmenter.class, "sam")).isInstanceOf(SamStageProvider.class);
        assertThat(registry.find(Segmenter.class, null).name()).isEqualTo("sam");
        assertThat(new SamStageProvider().isDefault()).isTrue();
    }

    @Test
    @NeedsNatives
    void createsTheSegmenterFromTheModelOption() throws Exception {
        StageSettings settings = StageSettings.ofModelsDir(SamFixtures.fixturesDir()).withOption("model", SamFixtures.MODEL);

        try (Segmenter segmenter = StageRegistry.load().create(Segmenter.class, "sam", settings)) {
            assertThat(segmenter).isInstanceOf(SamSegmenter.class);
            assertThat(segmenter.model().name()).isEqualTo(SamFixtures.MODEL);
        }
    }

    @Test
    void missingModelFolderSaysWhereItLookedAndWhatToDo() {
        StageSettings settings = StageSettings.ofModelsDir(SamFixtures.fixturesDir());

        assertCreateFails(new SamStageProvider(), settings)
                .hasMessageContaining(SamStageProvider.DEFAULT_MODEL)
                .hasMessageContaining(SamFixtures.fixturesDir().toString())
                .hasMessageContaining(ModelStore.HOW_TO_GET);
    }

    @ParameterizedTest
    @CsvSource({"thumbnail, 0", "thumbnail, big", "softEdges, yes"})
    void badOptionsFailBeforeAnyModelIsLoaded(String key, String value) {
        StageSettings settings = StageSettings.ofModelsDir(SamFixtures.fixturesDir())
                .withOption("model", SamFixtures.MODEL)
                .withOption(key, value);

        assertCreateFails(new SamStageProvider(), settings)
                .hasMessageContaining("sam: bad option");
    }
}
