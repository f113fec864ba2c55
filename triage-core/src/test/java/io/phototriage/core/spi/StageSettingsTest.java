package io.phototriage.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StageSettingsTest {

    @Test
    void modelFolderIsTheProvidersDefaultUnlessAFolderIsNamed() {
        StageSettings plain = StageSettings.ofModelsDir(Path.of("models"));

        assertThat(plain.modelFolder("sam-vit-base")).isEqualTo("sam-vit-base");
        assertThat(plain.withOption(StageSettings.MODEL_OPTION, "sam-tiny").modelFolder("sam-vit-base")).isEqualTo("sam-tiny");
    }

    @Test
    void forStageKeepsOnlyThatStagesOptionsUnprefixed() {
        StageSettings wide = StageSettings.ofModelsDir(Path.of("/m"))
                .withOption("detect.threshold", "0.3")
                .withOption("detect.model", "my-dino")
                .withOption("classify.prompts.pets", "a dog")
                .withOption("detection.x", "not detect's")
                .withOption("detect.", "empty option name");

        StageSettings detect = wide.forStage("detect");
        assertThat(detect.options()).containsOnly(Map.entry("threshold", "0.3"), Map.entry("model", "my-dino"));
        assertThat(detect.modelsDir()).contains(Path.of("/m"));
        assertThat(wide.forStage("classify").options()).containsOnly(Map.entry("prompts.pets", "a dog"));
        assertThat(wide.forStage("segment").options()).isEmpty();
    }

    @Test
    void wholeNumberOptionIsParsedTrimmedOrFallsBackAndABadOneIsNamed() {
        StageSettings settings = StageSettings.defaults().withOption("size", " 42 ").withOption("big", "4.5");

        assertThat(settings.wholeNumber("size", 7)).isEqualTo(42);
        assertThat(settings.wholeNumber("absent", 7)).isEqualTo(7);
        assertThatThrownBy(() -> settings.wholeNumber("big", 7))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option big=4.5 is not a whole number");
    }

    @Test
    void numberAndFlagOptionsAreParsedOrFallBackAndABadOneIsNamed() {
        StageSettings settings = StageSettings.defaults().withOption("margin", " 0.25 ").withOption("soft", "TRUE")
                .withOption("wide", "lots").withOption("carry", "yes");

        assertThat(settings.number("margin", 1)).isEqualTo(0.25);
        assertThat(settings.number("absent", 1.5)).isEqualTo(1.5);
        assertThat(settings.flag("soft", false)).isTrue();
        assertThat(settings.flag("absent", true)).isTrue();
        assertThatThrownBy(() -> settings.number("wide", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("option wide=lots is not a number");
        assertThatThrownBy(() -> settings.flag("carry", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("option carry=yes must be true or false");
    }

    @Test
    void nullsAreRejectedNamingTheArgument() {
        assertThatThrownBy(() -> StageSettings.ofModelsDir(null)).isInstanceOf(NullPointerException.class).hasMessage("modelsDir");
        assertThatThrownBy(() -> StageSettings.defaults().withOption(null, "v")).hasMessage("key");
        assertThatThrownBy(() -> StageSettings.defaults().withOption("k", null)).hasMessage("value");
        assertThatThrownBy(() -> new StageSettings(Optional.empty(), null)).hasMessage("options");
        java.util.Map<String, String> withNull = new java.util.HashMap<>();
        withNull.put("detect.threshold", null);
        assertThatThrownBy(() -> new StageSettings(Optional.empty(), withNull)).hasMessageContaining("detect.threshold");
    }

    @Test
    void explicitModelsFolderWinsAndOptionsAreCopied() {
        Map<String, String> options = new java.util.HashMap<>(Map.of("threshold", "0.4"));
        StageSettings settings = new StageSettings(Optional.of(Path.of("/m")), options);
        options.put("threshold", "0.9");

        assertThat(settings.requireModelsDir()).isEqualTo(Path.of("/m"));
        assertThat(settings.option("threshold")).contains("0.4");
        assertThat(settings.withOption("threshold", "0.5").option("threshold")).contains("0.5");
        assertThat(settings.option("threshold")).contains("0.4");
    }
}
