package io.phototriage.core.model;

import io.phototriage.core.spi.StageSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a stage's model folder comes from, in this order:
 * <ol>
 *   <li>an explicit models folder: {@link StageSettings#modelsDir()}, else {@code $PHOTOTRIAGE_MODELS} — when one is
 *       given it is the only place looked at, so a wrong folder is an error, never silently another model;</li>
 *   <li>a model pack on the class path ({@link ClassPathModels}, e.g. {@code io.phototriage:triage-models-lite}),
 *       extracted once into the cache and sha256-checked;</li>
 *   <li>the cache ({@link ModelCache}), where {@code phototriage models pull} puts models from a URL.</li>
 * </ol>
 * The result is a models root: the caller resolves {@code root/NAME} with {@link ModelStore} as before, which checks
 * every file's sha256 against the manifest it trusts.
 */
public final class ModelSources {
    private final ClassPathModels packs;
    private final ModelCache cache;

    /**
     * @param packs where packed models are looked up
     * @param cache where they are extracted and where pulled models are
     */
    public ModelSources(ClassPathModels packs, ModelCache cache) {
        this.packs = Objects.requireNonNull(packs, "packs");
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /**
     * The class path of the calling thread and the user's cache ({@link ModelCache#defaultCache()}).
     *
     * @return sources over {@link ClassPathModels#defaults()} and the default cache
     */
    public static ModelSources defaults() {
        return new ModelSources(ClassPathModels.defaults(), ModelCache.defaultCache());
    }

    /**
     * The cache these sources use.
     *
     * @return the cache packs are extracted into and pulled models are read from
     */
    public ModelCache cache() {
        return cache;
    }

    /**
     * The models root that holds model folder {@code name} for {@code settings}, extracting it from a class-path
     * pack into the cache when that is where it is.
     *
     * @param settings the stage's settings; an explicit models folder (theirs, else {@link StageSettings#MODELS_ENV}) wins
     * @param name     the model folder name
     * @return the folder that contains {@code name/} (the explicit folder, or the cache's models root)
     * @throws ModelException if no explicit folder is given and neither a pack nor the cache has {@code name}; the
     *                        message lists the three places and how to fill each
     */
    public Path root(StageSettings settings, String name) throws ModelException {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(name, "name");
        Optional<Path> explicit = explicitFolder(settings);
        if (explicit.isPresent()) {
            return explicit.get();
        }
        if (packs.contains(name)) {
            packs.extract(name, cache);
            return cache.models();
        }
        if (Files.isDirectory(cache.models().resolve(name))) {
            return cache.models();
        }
        throw new ModelException(notFound(name));
    }

    /**
     * Why {@code name} cannot be found for {@code settings}, without extracting or reading any model (cheap, for
     * {@link io.phototriage.core.spi.StageProvider#missing}); empty when it is in the place {@link #root} would use.
     *
     * @param settings the stage's settings; an explicit models folder (theirs, else {@link StageSettings#MODELS_ENV}) wins
     * @param name     the model folder name
     * @return a message naming the model and where it was looked for, or empty when it is present
     */
    public Optional<String> missing(StageSettings settings, String name) {
        Optional<Path> explicit = explicitFolder(settings);
        if (explicit.isPresent()) {
            Path dir = explicit.get().resolve(name);
            return Files.isDirectory(dir) ? Optional.empty() : Optional.of("model '" + name + "': no folder " + dir);
        }
        if (packs.contains(name) || Files.isDirectory(cache.models().resolve(name))) {
            return Optional.empty();
        }
        return Optional.of(notFound(name));
    }

    private String notFound(String name) {
        return "model '" + name + "' not found: no models folder was given (--models DIR, StageSettings.ofModelsDir, or $"
                + StageSettings.MODELS_ENV + "), no model pack on the class path has it (" + ClassPathModels.PREFIX + name
                + "/; the lite models come in io.phototriage:triage-models-lite), and the cache " + cache.models()
                + " has no " + name + "/ (phototriage models pull --repository URL " + name + "); " + ModelStore.HOW_TO_GET;
    }

    private static Optional<Path> explicitFolder(StageSettings settings) {
        if (settings.modelsDir().isPresent()) {
            return settings.modelsDir();
        }
        String env = System.getenv(StageSettings.MODELS_ENV);
        return env == null || env.isBlank() ? Optional.empty() : Optional.of(Path.of(env));
    }
}
