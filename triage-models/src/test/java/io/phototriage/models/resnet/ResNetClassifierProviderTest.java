package io.phototriage.models.resnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.StageException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
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
        assertThatThrownBy(() -> new ResNetClassifierProvider().create(StageSettings.ofModelsDir(temp)))
                .isInstanceOf(StageException.class)
                .hasMessageContaining(temp.resolve(ResNetClassifier.DEFAULT_FOLDER).toString())
                .hasMessageContaining("ResNetTrainer");
    }

    @Test
    @DisabledIfSystemProperty(named = "skip.native.tests", matches = "true")
    void backboneFolderIsRefusedAsNotFineTuned() {
        assertThatThrownBy(() -> new ResNetClassifierProvider().create(
                StageSettings.ofModelsDir(ResNetTestData.fixtures()).withOption("model", ResNetTestData.TINY)))
                .isInstanceOf(StageException.class)
                .hasMessageContaining("not a fine-tuned classifier")
                .hasMessageContaining("ResNetTrainer");
    }
}
