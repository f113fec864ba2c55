package io.phototriage.core.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * One option a {@link StageProvider} understands, for validation and listings. Users give it per stage, e.g.
 * {@code detect.threshold=0.3}; the provider reads it unprefixed ({@code settings.option("threshold")}).
 *
 * @param key          the option name without the stage prefix, e.g. {@code threshold}
 * @param description  one line: what it does, its unit and range
 * @param defaultValue the value used when the option is absent, if there is a fixed one
 */
public record OptionSpec(String key, String description, Optional<String> defaultValue) {
    /**
     * Checks the fields.
     *
     * @param key the option name without the stage prefix, e.g. {@code threshold}
     * @param description one line: what it does, its unit and range
     * @param defaultValue the value used when the option is absent, if there is a fixed one
     * @throws IllegalArgumentException if the key is blank or contains {@code =}
     */
    public OptionSpec {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(defaultValue, "defaultValue");
        if (key.isBlank() || key.contains("=")) {
            throw new IllegalArgumentException("option key must be non-blank and without '=': '" + key + "'");
        }
    }

    /**
     * An option with a fixed default.
     *
     * @param key          the unprefixed option name
     * @param description  one line: what it does, its unit and range
     * @param defaultValue the value used when it is absent
     * @return the option
     */
    public static OptionSpec of(String key, String description, String defaultValue) {
        return new OptionSpec(key, description, Optional.of(defaultValue));
    }

    /**
     * An option with no fixed default (absent means "not set").
     *
     * @param key         the unprefixed option name
     * @param description one line: what it does, its unit and range
     * @return the option
     */
    public static OptionSpec of(String key, String description) {
        return new OptionSpec(key, description, Optional.empty());
    }
}
