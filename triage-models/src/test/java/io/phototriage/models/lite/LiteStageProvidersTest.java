package io.phototriage.models.lite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.Stylizer;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.models.deeplab.DeepLabSegmenter;
import io.phototriage.models.faststyle.FastStyleStylizer;
import io.phototriage.models.selfie.SelfieSegmenter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LiteStageProvidersTest {
    private static final StageRegistry REGISTRY = StageRegistry.load();

    @ParameterizedTest(name = "{0}")
    @CsvSource({"deeplab, Segmenter", "selfie, Segmenter", "fast-style, Stylizer"})
    void providerIsListedOnTheClassPathWithItsKind(String name, String kind) {
        StageProvider provider = REGISTRY.find(kind.equals("Segmenter") ? Segmenter.class : Stylizer.class, name);
        assertThat(provider.name()).isEqualTo(name);
        assertThat(provider.kind().getSimpleName()).isEqualTo(kind);
        assertThat(provider.description()).startsWith(name + ":");
    }

    @Test
    @NeedsNatives
    void registryCreatesEachStageFromTheLiteModelsFolderWithOptions() throws Exception {
        StageSettings settings = StageSettings.ofModelsDir(LiteTestData.modelsDir());
        try (Segmenter deeplab = REGISTRY.create(Segmenter.class, "deeplab", settings.withOption("variant", "half"));
                Segmenter selfie = REGISTRY.create(Segmenter.class, "selfie", settings.withOption("margin", "0.1"));
                Stylizer style = REGISTRY.create(Stylizer.class, "fast-style", settings.withOption("style", "udnie")
                        .withOption("max-side", "256").withOption("threads", "1"))) {
            assertThat(deeplab).isInstanceOf(DeepLabSegmenter.class);
            assertThat(deeplab.model().name()).isEqualTo("deeplabv3-mnv2-pascal-half");
            assertThat(((SelfieSegmenter) selfie).config().margin()).isEqualTo(0.1);
            assertThat(((FastStyleStylizer) style).config().maxSide()).isEqualTo(256);
            assertThat(((FastStyleStylizer) style).config().sessionThreads()).isEqualTo(1);
            assertThat(style.model().name()).isEqualTo("fast-neural-style-udnie");
            assertThat(style.model().engine()).isEqualTo("OnnxRuntime");
        }
    }

    @ParameterizedTest(name = "{0} {1}={2}")
    @CsvSource({
        "deeplab, variant, quarter, unknown DeepLab variant 'quarter'",
        "deeplab, thumbnail, big, thumbnail=big is not a whole number",
        "deeplab, feather, -1, feather radius must be 0..64",
        "deeplab, min-size, 0, min-size must be 1..4096",
        "deeplab, fallbacks, blur, unknown DeepLab fallback 'blur'",
        "selfie, margin, 5, selfie margin must be in [0, 2]",
        "fast-style, style, starry, unknown fast-neural-style style 'starry'",
        "fast-style, max-side, 2, max side must be 4..4096",
        "fast-style, threads, -1, threads must be 0 (one per core) or more",
        "fast-style, threads, all, threads=all is not a whole number",
    })
    void badOptionIsAStageExceptionThatNamesIt(String provider, String key, String value, String message) {
        StageSettings settings = StageSettings.ofModelsDir(LiteTestData.modelsDir()).withOption(key, value);
        assertThatThrownBy(() -> REGISTRY.find(provider.equals("fast-style") ? Stylizer.class : Segmenter.class, provider)
                .create(settings))
                .isInstanceOf(StageException.class)
                .hasMessageStartingWith(provider + ": ")
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"deeplab, deeplabv3-pascal", "selfie, selfie-segmentation", "fast-style, fast-neural-style"})
    void missingModelFolderSaysWhereItLookedAndWhatToDo(String provider, String folder, @TempDir Path empty) {
        StageSettings settings = StageSettings.ofModelsDir(empty);
        assertThatThrownBy(() -> REGISTRY.find(provider.equals("fast-style") ? Stylizer.class : Segmenter.class, provider)
                .create(settings))
                .isInstanceOf(StageException.class)
                .hasMessageContaining(empty.resolve(folder).toString())
                .hasMessageContaining("io.phototriage:triage-models-lite");
    }

    @Test
    void corruptWeightsFailTheSha256Check(@TempDir Path models) throws Exception {
        Path folder = Files.createDirectories(models.resolve("selfie-segmentation"));
        Files.write(folder.resolve("selfie_segmentation.onnx"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> SelfieSegmenter.load(models, io.phototriage.models.selfie.SelfieConfig.defaults()))
                .isInstanceOf(StageException.class)
                .hasMessageContaining("selfie_segmentation.onnx is corrupt or a different version");
    }
}
