package io.phototriage.models;

import io.phototriage.core.model.ModelManifest;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.spi.StageSettings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The cheap check behind the providers' {@link io.phototriage.core.spi.StageProvider#missing} through
 * {@link ModelStore}: is the models folder known, and are the model's folder and files there. Nothing is loaded or
 * hashed.
 */
public final class ModelPresence {
    private ModelPresence() {}

    /**
     * What is missing for the model folder {@code folder} that carries its own {@code manifest.json}.
     *
     * @param settings the provider's settings (models folder)
     * @param folder   the model folder name
     * @return what is missing and where it was looked for, or empty
     */
    public static Optional<String> ofFolder(StageSettings settings, String folder) {
        Optional<Path> dir = modelsDir(settings);
        if (dir.isEmpty()) {
            return Optional.of(noModelsDir());
        }
        return ModelStore.at(dir.get()).missing(folder);
    }

    /**
     * What is missing for the model folder {@code folder} resolved with a manifest that ships with the code (the lite
     * set's folders carry only weights).
     *
     * @param settings the provider's settings (models folder)
     * @param folder   the model folder name
     * @param manifest its files
     * @return what is missing and where it was looked for, or empty
     */
    public static Optional<String> ofLite(StageSettings settings, String folder, ModelManifest manifest) {
        Optional<Path> dir = modelsDir(settings);
        if (dir.isEmpty()) {
            return Optional.of(noModelsDir());
        }
        return ModelStore.at(dir.get()).missing(folder, manifest);
    }

    private static Optional<Path> modelsDir(StageSettings settings) {
        try {
            return Optional.of(settings.requireModelsDir());
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    private static String noModelsDir() {
        return "no models folder (pass one, or set " + StageSettings.MODELS_ENV + ")";
    }
}
