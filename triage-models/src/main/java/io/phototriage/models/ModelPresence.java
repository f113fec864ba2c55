package io.phototriage.models;

import io.phototriage.core.model.ModelManifest;
import io.phototriage.core.model.ModelSources;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.spi.StageSettings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The cheap check behind the providers' {@link io.phototriage.core.spi.StageProvider#missing}: with an explicit
 * models folder, are the model's folder and files there ({@link ModelStore}); without one, does a class-path model
 * pack or the cache have it ({@link ModelSources}, the same order the providers load from). Nothing is loaded,
 * extracted or hashed.
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
        Optional<Path> dir = explicitModelsDir(settings);
        if (dir.isEmpty()) {
            return ModelSources.defaults().missing(settings, folder);
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
        Optional<Path> dir = explicitModelsDir(settings);
        if (dir.isEmpty()) {
            return ModelSources.defaults().missing(settings, folder);
        }
        return ModelStore.at(dir.get()).missing(folder, manifest);
    }

    /** The explicit folder (settings, else {@code $PHOTOTRIAGE_MODELS}); empty means "class-path packs, then the cache". */
    private static Optional<Path> explicitModelsDir(StageSettings settings) {
        try {
            return Optional.of(settings.requireModelsDir());
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }
}
