package io.phototriage.models.resnet;

import static io.phototriage.core.testing.ProviderAssertions.assertCreateFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.testing.NeedsNatives;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResNetClassifierProviderTest {
    @TempDir
    Path temp;

    @Test
    void providerIsListedAsAClassifierNamedResnet() {
        StageProvider provider = StageRegistry.load().find(Classifier.class, "resnet");
        assertThat(provider).isInstanceOf(ResNetClassifierProvider.class);
        assertThat(provider.description()).startsWith("resnet:");
    }

    @Test
    void missingDefaultFolderFailsNamingItAndHowToMakeIt() {
        assertCreateFails(new ResNetClassifierProvider(), StageSettings.ofModelsDir(temp))
                .hasMessageContaining(temp.resolve(ResNetClassifier.DEFAULT_FOLDER).toString())
                .hasMessageContaining("ResNetTrainer");
    }

    @Test
    @NeedsNatives
    void backboneFolderIsRefusedAsNotFineTuned() {
        assertCreateFails(new ResNetClassifierProvider(),
                StageSettings.ofModelsDir(ResNetTestData.fixtures()).withOption("model", ResNetTestData.TINY))
                .hasMessageContaining("not a fine-tuned classifier")
                .hasMessageContaining("ResNetTrainer");
    }
}
