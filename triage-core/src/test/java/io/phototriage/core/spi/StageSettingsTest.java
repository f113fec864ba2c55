package io.phototriage.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StageSettingsTest {

    @Test
    void modelFolderIsTheRealModelUnlessTinyIsAskedForOrAFolderIsNamed() {
        StageSettings plain = StageSettings.ofModelsDir(Path.of("models"));

        assertThat(plain.modelFolder("sam-vit-base", "sam-tiny")).isEqualTo("sam-vit-base");
        assertThat(plain.withOption(StageSettings.TINY_OPTION, "true").modelFolder("sam-vit-base", "sam-tiny")).isEqualTo("sam-tiny");
        assertThat(plain.withOption(StageSettings.TINY_OPTION, "false").modelFolder("sam-vit-base", "sam-tiny")).isEqualTo("sam-vit-base");
        assertThat(plain.withOption(StageSettings.TINY_OPTION, "true").withOption(StageSettings.MODEL_OPTION, "my-sam")
                .modelFolder("sam-vit-base", "sam-tiny")).isEqualTo("my-sam");
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
