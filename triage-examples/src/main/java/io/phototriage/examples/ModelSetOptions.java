package io.phototriage.examples;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The picocli mixin of the model-set options every model-using command takes ({@code run}, {@code eval},
 * {@code calibrate}, {@code train-classifier}): {@code --model-set} and {@code --models}.
 */
public final class ModelSetOptions {
    @Option(names = "--model-set", paramLabel = "SET", defaultValue = "lite", description = "full, lite or tiny (default: ${DEFAULT-VALUE}).")
    String modelSet;

    @Option(names = "--models", paramLabel = "DIR",
            description = "Models folder. Default: ../shared/models for lite, triage-models/src/test/resources/fixtures for tiny,"
                    + " $PHOTOTRIAGE_MODELS for full.")
    Path models;

    /**
     * The chosen model set.
     *
     * @return the set named by {@code --model-set}
     * @throws IllegalArgumentException for an unknown label (the message lists the known ones)
     */
    public ModelSet set() {
        return ModelSet.ofLabel(modelSet);
    }

    /**
     * The models folder.
     *
     * @return {@code --models}, or empty for the set's default
     */
    public Optional<Path> models() {
        return Optional.ofNullable(models);
    }
}
