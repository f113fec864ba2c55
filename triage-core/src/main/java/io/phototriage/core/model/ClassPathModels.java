package io.phototriage.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Models shipped in jars (a "model pack" such as {@code io.phototriage:triage-models-lite}): model {@code NAME} is
 * the resource folder {@value #PREFIX}{@code NAME/} with a {@code manifest.json} (see {@link ModelManifest}) and
 * the files it lists, at the paths it gives.
 *
 * <p>An engine needs files, so {@link #extract} copies a packed model into a {@link ModelCache} once: each file is
 * sha256-checked against the packed manifest while it is written and renamed into place atomically; a file that is
 * already there with the right digest is not copied again.
 */
public final class ClassPathModels {
    /** Where packed models live on the class path. */
    public static final String PREFIX = "META-INF/phototriage/models/";

    private final ClassLoader loader;

    private ClassPathModels(ClassLoader loader) {
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /**
     * The packs visible to {@code loader}.
     *
     * @param loader the class loader whose resources are searched
     * @return a view of its packs; nothing is read until asked
     * @throws NullPointerException when {@code loader} is null
     */
    public static ClassPathModels of(ClassLoader loader) {
        return new ClassPathModels(loader);
    }

    /**
     * The packs visible to the thread's context class loader, else to this class's loader.
     *
     * @return a view of those packs; nothing is read until asked
     */
    public static ClassPathModels defaults() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return new ClassPathModels(context != null ? context : ClassPathModels.class.getClassLoader());
    }

    /** The file in which each pack lists its model folder names, one a line ({@code #} starts a comment). */
    public static final String INDEX = PREFIX + "INDEX";

    /**
     * The names of the models that the packs on the class path list in their {@value #INDEX} files, sorted.
     *
     * @return the names from every index on the class path; empty when there is no pack
     * @throws ModelException if an index cannot be read
     */
    public java.util.SortedSet<String> names() throws ModelException {
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        try {
            java.util.Enumeration<java.net.URL> indexes = loader.getResources(INDEX);
            while (indexes.hasMoreElements()) {
                java.net.URL url = indexes.nextElement();
                try (InputStream in = url.openStream()) {
                    for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\\R")) {
                        String name = line.strip();
                        if (!name.isEmpty() && !name.startsWith("#") && contains(name)) {
                            names.add(name);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new ModelException("class-path model packs: cannot read " + INDEX + ": " + e.getMessage(), e);
        }
        return names;
    }

    /**
     * Whether a pack on the class path holds model {@code name} (cheap: one resource lookup, nothing is read).
     *
     * @param name a model folder name
     * @return true when its packed manifest is on the class path; false for null, blank or path-like names
     */
    public boolean contains(String name) {
        return validName(name) && loader.getResource(PREFIX + name + "/" + ModelManifest.FILE_NAME) != null;
    }

    /**
     * The packed manifest of {@code name}.
     *
     * @param name a model folder name
     * @return empty if no pack holds it (or the name is not a single folder name)
     * @throws ModelException if the packed manifest is unreadable (a broken pack)
     */
    public Optional<ModelManifest> manifest(String name) throws ModelException {
        if (!validName(name)) {
            return Optional.empty();
        }
        String resource = PREFIX + name + "/" + ModelManifest.FILE_NAME;
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(ModelManifest.read(in));
        } catch (IOException e) {
            throw new ModelException("class-path model pack: cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies packed model {@code name} into {@code cache} ({@code cache.models()/name/}) unless it is already there
     * and verified, and returns it resolved from there.
     *
     * @param name  a model folder name listed by a pack
     * @param cache the cache to extract into
     * @return the model's files in the cache, each sha256-checked against the packed manifest
     * @throws ModelException if no pack holds it, a packed file is missing, or a digest differs (a broken pack)
     */
    public ResolvedModel extract(String name, ModelCache cache) throws ModelException {
        ModelManifest manifest = manifest(name).orElseThrow(() -> new ModelException("model '" + name
                + "' is in no class-path model pack (" + PREFIX + name + "/" + ModelManifest.FILE_NAME + ")"));
        Path dir = cache.models().resolve(name);
        for (Map.Entry<String, ModelFile> e : manifest.files().entrySet()) {
            ModelFile file = e.getValue();
            Path target = dir.resolve(file.path()).normalize();
            if (!target.startsWith(dir)) {
                throw new ModelException("class-path model " + name + ": file " + file.path() + " leaves " + dir);
            }
            if (upToDate(target, file.sha256())) {
                continue;
            }
            String resource = PREFIX + name + "/" + file.path();
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ModelException("class-path model " + name + ": the pack lists " + file.path() + " (role '"
                            + e.getKey() + "') but has no " + resource + "; the model pack jar is incomplete");
                }
                ModelCache.writeVerified(in, target, file.sha256(), "class-path model " + name + ": " + resource);
            } catch (IOException ex) {
                throw new ModelException("class-path model " + name + ": cannot extract " + resource + " to " + target + ": "
                        + ex.getMessage(), ex);
            }
        }
        try {
            Path manifestFile = dir.resolve(ModelManifest.FILE_NAME);
            byte[] json = manifest.toJson().toPrettyString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (!Files.isRegularFile(manifestFile) || !java.util.Arrays.equals(Files.readAllBytes(manifestFile), json)) {
                Path part = manifestFile.resolveSibling(ModelManifest.FILE_NAME + "." + ProcessHandle.current().pid() + "-"
                        + Thread.currentThread().getId() + ModelCache.PART_SUFFIX);
                Files.write(part, json);
                ModelCache.moveAtomically(part, manifestFile);
            }
        } catch (IOException ex) {
            throw new ModelException("class-path model " + name + ": cannot write its manifest to " + dir + ": "
                    + ex.getMessage(), ex);
        }
        return ModelStore.at(cache.models()).resolve(name);
    }

    private static boolean upToDate(Path target, String sha256) {
        try {
            return Files.isRegularFile(target) && ModelStore.sha256(target).equals(sha256);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean validName(String name) {
        return name != null && !name.isBlank() && !name.contains("/") && !name.contains("\\") && !name.equals("..")
                && !name.equals(".");
    }
}
