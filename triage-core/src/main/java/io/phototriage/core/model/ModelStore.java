package io.phototriage.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds models under one root folder: model {@code NAME} is the folder {@code ROOT/NAME} with a
 * {@code manifest.json} (see {@link ModelManifest}). Every file is checked for presence and sha256 when the model
 * is resolved, so a missing or corrupt model fails before any photo is processed. Digests are cached per file
 * (path, size, modification time) for the life of the JVM.
 */
public final class ModelStore {
    /** How to produce models, quoted in every "not found" message. */
    public static final String HOW_TO_GET = "for the lite set put io.phototriage:triage-models-lite on the class path "
            + "or pass the folder that holds yolox-nano/, mobilenet-v2/, ...; for the full set export the models with "
            + "tools/export (see docs/models.md) and pass their folder, or pull them with phototriage models pull";

    private static final Map<FileKey, String> DIGESTS = new ConcurrentHashMap<>();

    private final Path root;

    private ModelStore(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /**
     * A store over one models folder.
     *
     * @param root the models folder
     * @return the store
     */
    public static ModelStore at(Path root) {
        return new ModelStore(root);
    }

    /** @return the models folder, absolute and normalised */
    public Path root() {
        return root;
    }

    /**
     * Resolves {@code ROOT/name} by its own {@code manifest.json}.
     *
     * @param name the model folder name
     * @return the model, every file present and sha256-checked
     * @throws ModelException if the folder, the manifest or a file is missing or a file is corrupt; the message says where it looked and how to get the model
     */
    public ResolvedModel resolve(String name) throws ModelException {
        Path dir = folder(name);
        Path manifestFile = dir.resolve(ModelManifest.FILE_NAME);
        if (!Files.isRegularFile(manifestFile)) {
            throw new ModelException("model '" + name + "' not found: no " + manifestFile + " (models folder " + root + "); "
                    + HOW_TO_GET);
        }
        ModelManifest manifest;
        try (InputStream in = Files.newInputStream(manifestFile)) {
            manifest = ModelManifest.read(in);
        } catch (IOException e) {
            throw new ModelException("model '" + name + "': cannot read " + manifestFile + ": " + e.getMessage(), e);
        }
        return verify(manifest, dir);
    }

    /**
     * Resolves {@code ROOT/folderName} with a manifest that ships with the code instead of in the folder (used
     * for third-party model folders, such as the lite set, that carry only the weights).
     *
     * @param folderName the model folder name
     * @param manifest   the manifest that lists its files
     * @return the model, every file present and sha256-checked
     * @throws ModelException if the folder or a file is missing or a file is corrupt
     */
    public ResolvedModel resolve(String folderName, ModelManifest manifest) throws ModelException {
        return verify(manifest, folder(folderName));
    }

    /**
     * Why {@code resolve(name)} would fail for lack of files, checked cheaply: the folder and its
     * {@code manifest.json} exist and every file the manifest lists is present. Nothing is hashed, so a corrupt file
     * is only found by {@link #resolve(String)}.
     *
     * @param name the model folder name
     * @return what is missing and where it was looked for, or empty when everything is there
     */
    public Optional<String> missing(String name) {
        Path dir = root.resolve(name).normalize();
        Path manifestFile = dir.resolve(ModelManifest.FILE_NAME);
        if (!Files.isRegularFile(manifestFile)) {
            return Optional.of("no " + manifestFile);
        }
        try (InputStream in = Files.newInputStream(manifestFile)) {
            return missingFiles(ModelManifest.read(in), dir);
        } catch (IOException | RuntimeException e) {
            return Optional.of("cannot read " + manifestFile + ": " + e.getMessage());
        }
    }

    /**
     * As {@link #missing(String)} for a folder resolved with a manifest that ships with the code
     * ({@link #resolve(String, ModelManifest)}).
     *
     * @param folderName the model folder name
     * @param manifest   the manifest that lists its files
     * @return what is missing and where it was looked for, or empty when every file is there
     */
    public Optional<String> missing(String folderName, ModelManifest manifest) {
        Path dir = root.resolve(folderName).normalize();
        if (!Files.isDirectory(dir)) {
            return Optional.of("no folder " + dir);
        }
        return missingFiles(manifest, dir);
    }

    private static Optional<String> missingFiles(ModelManifest manifest, Path dir) {
        for (ModelFile f : manifest.files().values()) {
            Path file = dir.resolve(f.path()).normalize();
            if (!Files.isRegularFile(file)) {
                return Optional.of("no " + file);
            }
        }
        return Optional.empty();
    }

    private Path folder(String name) throws ModelException {
        Path dir = root.resolve(name).normalize();
        if (!dir.startsWith(root) || dir.equals(root)) {
            throw new ModelException("model name '" + name + "' does not name a folder inside " + root);
        }
        if (!Files.isDirectory(dir)) {
            throw new ModelException("model '" + name + "' not found: no folder " + dir + "; " + HOW_TO_GET);
        }
        return dir;
    }

    private static ResolvedModel verify(ModelManifest manifest, Path dir) throws ModelException {
        for (Map.Entry<String, ModelFile> e : manifest.files().entrySet()) {
            Path file = dir.resolve(e.getValue().path()).normalize();
            if (!file.startsWith(dir)) {
                throw new ModelException("model " + manifest.name() + ": file " + e.getValue().path() + " leaves " + dir);
            }
            String actual;
            try {
                actual = sha256(file);
            } catch (NoSuchFileException ex) {
                throw new ModelException("model " + manifest.name() + ": missing file " + file + " (role '" + e.getKey()
                        + "'); " + HOW_TO_GET, ex);
            } catch (IOException ex) {
                throw new ModelException("model " + manifest.name() + ": cannot read " + file + ": " + ex.getMessage(), ex);
            }
            if (!actual.equals(e.getValue().sha256())) {
                throw new ModelException("model " + manifest.name() + ": " + file + " is corrupt or a different version (sha256 "
                        + actual + ", manifest says " + e.getValue().sha256() + "); re-export or re-copy it. " + HOW_TO_GET);
            }
        }
        return new ResolvedModel(manifest, dir);
    }

    /**
     * The sha256 of a file as lower-case hex (cached by path, size and modification time).
     *
     * @param file the file
     * @return 64 lower-case hex digits
     * @throws IOException if the file cannot be read
     */
    public static String sha256(Path file) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        FileKey key = new FileKey(abs, Files.size(abs), Files.getLastModifiedTime(abs));
        String cached = DIGESTS.get(key);
        if (cached != null) {
            return cached;
        }
        String hex = ModelCache.digest(abs);
        DIGESTS.put(key, hex);
        return hex;
    }

    private record FileKey(Path path, long size, FileTime modified) {}
}
