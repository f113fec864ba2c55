package io.phototriage.core.spi;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link StageProvider} is given to create its stage.
 *
 * @param modelsDir where model folders are looked up (see {@link io.phototriage.core.model.ModelStore}); empty
 *                  means {@code $PHOTOTRIAGE_MODELS}
 * @param options   provider-specific options, e.g. {@code threshold=0.35}; unknown keys are ignored
 */
public record StageSettings(Optional<Path> modelsDir, Map<String, String> options) {
    /** The environment variable that names the models folder when no folder is given. */
    public static final String MODELS_ENV = "PHOTOTRIAGE_MODELS";

    public StageSettings {
        Objects.requireNonNull(modelsDir, "modelsDir");
        options = Map.copyOf(options);
    }

    /** No folder (so {@code $PHOTOTRIAGE_MODELS}), no options. */
    public static StageSettings defaults() {
        return new StageSettings(Optional.empty(), Map.of());
    }

    public static StageSettings ofModelsDir(Path modelsDir) {
        return new StageSettings(Optional.of(modelsDir), Map.of());
    }

    public StageSettings withOption(String key, String value) {
        Map<String, String> copy = new java.util.HashMap<>(options);
        copy.put(key, value);
        return new StageSettings(modelsDir, copy);
    }

    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key));
    }

    /**
     * The models folder: the explicit one, else {@code $PHOTOTRIAGE_MODELS}.
     *
     * @throws IllegalStateException if neither is set, naming both ways to set it
     */
    public Path requireModelsDir() {
        if (modelsDir.isPresent()) {
            return modelsDir.get();
        }
        String env = System.getenv(MODELS_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        throw new IllegalStateException("no models folder: pass one (--models DIR, or StageSettings.ofModelsDir) or set "
                + MODELS_ENV);
    }
}
