package io.phototriage.core.spi;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a {@link StageProvider} is given to create its stage: where the models are and the options.
 *
 * <p>Two scopes use this record. The settings given to {@code Pipeline.Builder#settings} are pipeline-wide: every
 * option key names its stage, {@code STAGE.OPTION} (for example {@code detect.threshold=0.3},
 * {@code classify.probe=FILE}, {@code mystage.x=1} for a custom stage); {@link #forStage(String)} cuts out one stage's
 * options, unprefixed, and that is what the stage's provider receives ({@code settings.option("threshold")}). The
 * settings given to {@link StageRegistry#create} directly are one provider's own, already unprefixed.
 *
 * @param modelsDir where model folders are looked up (see {@link io.phototriage.core.model.ModelStore}); empty
 *                  means {@code $PHOTOTRIAGE_MODELS}
 * @param options   option keys and values, e.g. {@code threshold=0.35}
 */
public record StageSettings(Optional<Path> modelsDir, Map<String, String> options) {
    /** The environment variable that names the models folder when no folder is given. */
    public static final String MODELS_ENV = "PHOTOTRIAGE_MODELS";
    /** Option that names the model folder explicitly (under the models folder). */
    public static final String MODEL_OPTION = "model";

    /**
     * Validates and copies.
     *
     * @param modelsDir where model folders are looked up (see {@link io.phototriage.core.model.ModelStore}); empty means {@code $PHOTOTRIAGE_MODELS}
     * @param options option keys and values, e.g. {@code threshold=0.35}
     * @throws NullPointerException if an argument, an option key or an option value is null
     */
    public StageSettings {
        Objects.requireNonNull(modelsDir, "modelsDir");
        Objects.requireNonNull(options, "options");
        options.forEach((k, v) -> {
            Objects.requireNonNull(k, "option key");
            Objects.requireNonNull(v, () -> "value of option '" + k + "'");
        });
        options = Map.copyOf(options);
    }

    /**
     * No folder (so {@code $PHOTOTRIAGE_MODELS}), no options.
     *
     * @return the default settings
     */
    public static StageSettings defaults() {
        return new StageSettings(Optional.empty(), Map.of());
    }

    /**
     * Models from {@code modelsDir}, no options.
     *
     * @param modelsDir the models folder
     * @return the settings
     * @throws NullPointerException if {@code modelsDir} is null
     */
    public static StageSettings ofModelsDir(Path modelsDir) {
        return new StageSettings(Optional.of(Objects.requireNonNull(modelsDir, "modelsDir")), Map.of());
    }

    /**
     * A copy with one more option (replacing an earlier value of the same key).
     *
     * @param key   the option key ({@code detect.threshold} in pipeline-wide settings, {@code threshold} in a provider's)
     * @param value its value
     * @return the new settings
     * @throws NullPointerException if {@code key} or {@code value} is null
     */
    public StageSettings withOption(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Map<String, String> copy = new HashMap<>(options);
        copy.put(key, value);
        return new StageSettings(modelsDir, copy);
    }

    /**
     * The value of one option.
     *
     * @param key the option key
     * @return its value, or empty when it is not set
     */
    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(Objects.requireNonNull(key, "key")));
    }

    /**
     * The value of a whole-number option.
     *
     * @param key      the option key
     * @param fallback the value when the option is not set
     * @return the option's value, or {@code fallback}
     * @throws IllegalArgumentException when the option is set but is not a whole number (the message names it)
     */
    public int wholeNumber(String key, int fallback) {
        return parsed(key, fallback, Integer::parseInt, "a whole number");
    }

    /**
     * The value of a number option.
     *
     * @param key      the option key
     * @param fallback the value when the option is not set
     * @return the option's value, or {@code fallback}
     * @throws IllegalArgumentException when the option is set but is not a number (the message names it)
     */
    public double number(String key, double fallback) {
        return parsed(key, fallback, Double::parseDouble, "a number");
    }

    /**
     * The value of a {@code true}/{@code false} option (any case).
     *
     * @param key      the option key
     * @param fallback the value when the option is not set
     * @return the option's value, or {@code fallback}
     * @throws IllegalArgumentException when the option is set to anything else (the message names it)
     */
    public boolean flag(String key, boolean fallback) {
        String value = option(key).orElse(null);
        if (value == null) {
            return fallback;
        }
        if (value.trim().equalsIgnoreCase("true") || value.trim().equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value.trim());
        }
        throw new IllegalArgumentException("option " + key + "=" + value + " must be true or false");
    }

    private <T> T parsed(String key, T fallback, java.util.function.Function<String, T> parse, String what) {
        String value = option(key).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            return parse.apply(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + "=" + value + " is not " + what, e);
        }
    }

    /**
     * One stage's settings cut out of pipeline-wide ones: the same models folder and the options
     * {@code stageKey.OPTION}, as {@code OPTION}. Options of other stages are left out.
     *
     * @param stageKey the stage's key name, e.g. {@code detect}
     * @return the stage's own settings
     */
    public StageSettings forStage(String stageKey) {
        String prefix = Objects.requireNonNull(stageKey, "stageKey") + ".";
        Map<String, String> own = new TreeMap<>();
        options.forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                own.put(k.substring(prefix.length()), v);
            }
        });
        return new StageSettings(modelsDir, own);
    }

    /**
     * The model folder name a provider should resolve: the {@value #MODEL_OPTION} option if given, else
     * {@code defaultModel}.
     *
     * @param defaultModel the provider's default folder name
     * @return the folder name under the models folder
     */
    public String modelFolder(String defaultModel) {
        return option(MODEL_OPTION).orElse(Objects.requireNonNull(defaultModel, "defaultModel"));
    }

    /**
     * The models folder: the explicit one, else {@code $PHOTOTRIAGE_MODELS}.
     *
     * @return the folder
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
