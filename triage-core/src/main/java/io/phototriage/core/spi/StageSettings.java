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
    /** Option that selects the tiny random-weight test fixtures instead of the real exports ({@code tiny=true}). */
    public static final String TINY_OPTION = "tiny";
    /** Option that names the model folder explicitly. */
    public static final String MODEL_OPTION = "model";

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
     * The model folder name a provider should resolve: the {@value #MODEL_OPTION} option if given, else
     * {@code tinyFixture} when {@value #TINY_OPTION}{@code =true} (the tiny random-weight export of the same
     * architecture, for wiring checks), else {@code realModel}.
     */
    public String modelFolder(String realModel, String tinyFixture) {
        return option(MODEL_OPTION).orElseGet(() -> Boolean.parseBoolean(options.getOrDefault(TINY_OPTION, "false")) ? tinyFixture : realModel);
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
