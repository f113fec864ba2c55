package io.phototriage.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The local model cache: {@code HOME/models/NAME/...}, where {@code HOME} is {@code -Dphototriage.home}, else
 * {@code $PHOTOTRIAGE_HOME}, else {@code ~/.cache/phototriage}. Models extracted from a class-path pack
 * ({@link ClassPathModels}) and models pulled from a URL ({@link ModelRepository}) land here.
 *
 * <p>Every file is written to a {@code .part} file beside its target, its sha256 checked, and only then renamed
 * into place atomically, so a file under its final name is always complete and verified.
 */
public final class ModelCache {
    /** The environment variable that names the cache home. */
    public static final String HOME_ENV = "PHOTOTRIAGE_HOME";
    /** The system property that names the cache home (wins over {@value #HOME_ENV}). */
    public static final String HOME_PROPERTY = "phototriage.home";
    /** Suffix of a file being written. */
    public static final String PART_SUFFIX = ".part";

    private final Path home;

    private ModelCache(Path home) {
        this.home = Objects.requireNonNull(home, "home").toAbsolutePath().normalize();
    }

    /**
     * The cache at {@code home} (a folder; created when something is written).
     *
     * @param home the cache folder; made absolute and normalised
     * @return a cache rooted there
     * @throws NullPointerException when {@code home} is null
     */
    public static ModelCache at(Path home) {
        return new ModelCache(home);
    }

    /**
     * The user's cache: {@code -Dphototriage.home}, else {@code $PHOTOTRIAGE_HOME}, else {@code ~/.cache/phototriage}.
     *
     * @return the cache at the first of those that is set and not blank
     */
    public static ModelCache defaultCache() {
        String prop = System.getProperty(HOME_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return at(Path.of(prop));
        }
        String env = System.getenv(HOME_ENV);
        if (env != null && !env.isBlank()) {
            return at(Path.of(env));
        }
        return at(Path.of(System.getProperty("user.home"), ".cache", "phototriage"));
    }

    /**
     * The cache home.
     *
     * @return the absolute, normalised cache folder (it may not exist yet)
     */
    public Path home() {
        return home;
    }

    /**
     * The models root inside the cache: model {@code NAME} is the folder {@code models()/NAME}.
     *
     * @return {@code home()/models} (it may not exist yet)
     */
    public Path models() {
        return home.resolve("models");
    }

    /**
     * The names of the model folders in the cache that have a manifest (complete downloads or extractions), sorted.
     *
     * @return the folder names; empty when the models root does not exist
     * @throws IOException when the models root cannot be listed
     */
    public java.util.SortedSet<String> names() throws IOException {
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        if (!Files.isDirectory(models())) {
            return names;
        }
        try (java.util.stream.Stream<Path> dirs = Files.list(models())) {
            dirs.filter(d -> Files.isRegularFile(d.resolve(ModelManifest.FILE_NAME)))
                    .forEach(d -> names.add(d.getFileName().toString()));
        }
        return names;
    }

    /**
     * Writes {@code in} to {@code target} through {@code target.part}, checks its sha256 and renames it into place
     * atomically. Nothing is left under {@code target} unless the digest matched.
     *
     * @param in     the bytes to write; read to the end, not closed
     * @param target the final file; its folder is created
     * @param sha256 the expected digest, lower-case hex
     * @param what   what the bytes are (e.g. a URL or a pack path), for the error message
     * @throws ModelException if the digest differs (the message names {@code what}, both digests and the source)
     * @throws IOException    if reading or writing fails
     */
    public static void writeVerified(InputStream in, Path target, String sha256, String what) throws IOException, ModelException {
        Files.createDirectories(target.getParent());
        Path part = target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().getId() + PART_SUFFIX);
        try {
            try (OutputStream out = Files.newOutputStream(part)) {
                in.transferTo(out);
            }
            String actual = digest(part);
            if (!actual.equals(sha256)) {
                throw new ModelException(what + " is corrupt or a different version (sha256 " + actual + ", manifest says "
                        + sha256 + "); nothing was written to " + target);
            }
            moveAtomically(part, target);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** Renames {@code from} to {@code to}, atomically where the file system allows it, replacing {@code to}. */
    static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The sha256 of a file as lower-case hex, not cached (for files that are being written; {@link ModelStore#sha256} caches it). */
    static String digest(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Override
    public String toString() {
        return "model cache " + models();
    }
}
