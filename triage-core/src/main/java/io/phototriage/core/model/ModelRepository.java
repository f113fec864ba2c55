package io.phototriage.core.model;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A model repository at a URL ({@code http:}, {@code https:} or {@code file:}), laid out like a models folder:
 * model {@code NAME} is {@code URL/NAME/manifest.json} plus the files it lists at the paths it gives. This is what
 * a user gets by copying the folders that {@code tools/export} writes to a file share, S3 bucket or any static HTTP
 * server.
 *
 * <p>{@link #pull} downloads a model once into a {@link ModelCache}: each file goes to a {@code .part} file, which a
 * later pull resumes with an HTTP {@code Range} request; the complete file's sha256 is checked before it is renamed
 * into place, and the manifest is written last, so a model folder in the cache is complete and verified or has no
 * manifest. Connect and read timeouts bound every request (a server that stops answering fails the pull, it does not
 * hang it). One pull of a given model at a time per cache (the {@code .part} file of a file is shared so that it can
 * be resumed).
 *
 * <p><b>Offline.</b> When offline ({@link #offlineByDefault()}: {@code PHOTOTRIAGE_OFFLINE=true},
 * {@code -Dphototriage.offline=true}, or {@code -Dai.djl.offline=true} given by the user) nothing is downloaded:
 * {@link #pull} refuses with a message saying how to turn it off. A model already in the cache (complete and
 * verified) is used without asking the server, online or not.
 */
public final class ModelRepository {
    /** Environment variable that forbids downloads when {@code true}. */
    public static final String OFFLINE_ENV = "PHOTOTRIAGE_OFFLINE";
    /** System property that forbids downloads when {@code true} (wins over the environment). */
    public static final String OFFLINE_PROPERTY = "phototriage.offline";
    /**
     * Set to {@code true} by code that sets {@code ai.djl.offline} for DJL's own sake (not the user's), so that it
     * does not count as the user asking for offline mode.
     */
    public static final String DJL_OFFLINE_IMPLICIT_PROPERTY = "phototriage.djl.offline.implicit";

    private final URI base;
    private final ModelCache cache;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final boolean offline;

    private ModelRepository(Builder b) {
        String uri = b.base.toString();
        this.base = URI.create(uri.endsWith("/") ? uri : uri + "/");
        this.cache = b.cache;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.offline = b.offline;
    }

    /**
     * A builder for the repository at {@code base} ({@code http:}, {@code https:} or {@code file:}).
     *
     * @param base the repository URL; a missing trailing {@code /} is added
     * @return a builder with the default cache, timeouts (10 s connect, 30 s read) and {@link #offlineByDefault()}
     * @throws IllegalArgumentException when the scheme is not http, https or file
     */
    public static Builder builder(URI base) {
        return new Builder(base);
    }

    /**
     * Whether downloads are off by default: {@code -Dphototriage.offline}, else {@code $PHOTOTRIAGE_OFFLINE}, else
     * {@code -Dai.djl.offline=true} unless it was set by the library itself for DJL (see
     * {@link #DJL_OFFLINE_IMPLICIT_PROPERTY}).
     *
     * @return true when downloads are forbidden unless a builder allows them
     */
    public static boolean offlineByDefault() {
        String prop = System.getProperty(OFFLINE_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return Boolean.parseBoolean(prop);
        }
        String env = System.getenv(OFFLINE_ENV);
        if (env != null && !env.isBlank()) {
            return Boolean.parseBoolean(env);
        }
        return Boolean.getBoolean("ai.djl.offline") && !Boolean.getBoolean(DJL_OFFLINE_IMPLICIT_PROPERTY);
    }

    /**
     * The repository URL.
     *
     * @return the base URL, ending with {@code /}
     */
    public URI base() {
        return base;
    }

    /**
     * The cache models are pulled into.
     *
     * @return the cache given to the builder, or the default one
     */
    public ModelCache cache() {
        return cache;
    }

    /**
     * Reads model {@code name}'s manifest from the repository (small; nothing is written).
     *
     * @param name the model's folder name in the repository
     * @return the parsed manifest (file names, sizes, sha256 digests)
     * @throws ModelException if offline, the manifest is not there (404), unreadable or the server does not answer
     */
    public ModelManifest remoteManifest(String name) throws ModelException {
        checkName(name);
        refuseIfOffline(name);
        URI uri = base.resolve(name + "/" + ModelManifest.FILE_NAME);
        try {
            byte[] bytes = fetchSmall(uri);
            return ModelManifest.read(new ByteArrayInputStream(bytes));
        } catch (FileNotFoundException e) {
            throw new ModelException("model '" + name + "' is not in the repository " + base + ": " + uri + " not found (404)", e);
        } catch (SocketTimeoutException e) {
            throw new ModelException("model '" + name + "': " + uri + " did not answer within the timeout (" + e.getMessage()
                    + ")", e);
        } catch (IOException e) {
            throw new ModelException("model '" + name + "': cannot read " + uri + ": " + e.getMessage(), e);
        }
    }

    /**
     * Downloads model {@code name} into the cache unless it is already there and verified, and returns it resolved
     * (every file sha256-checked) from {@code cache.models()/name}.
     *
     * @param name the model's folder name in the repository
     * @return the model's files in the cache, verified
     * @throws ModelException if offline (and the model is not cached), a file is missing on the server, a digest
     *                        differs, or the server does not answer within the timeouts; the message names the URL
     */
    public ResolvedModel pull(String name) throws ModelException {
        checkName(name);
        Path dir = cache.models().resolve(name);
        if (Files.isRegularFile(dir.resolve(ModelManifest.FILE_NAME))) {
            try {
                return ModelStore.at(cache.models()).resolve(name); // downloaded once: complete and verified
            } catch (ModelException damaged) {
                // a cached file was changed or removed: fetch again below (unless offline)
            }
        }
        refuseIfOffline(name);
        ModelManifest manifest = remoteManifest(name);
        for (Map.Entry<String, ModelFile> e : manifest.files().entrySet()) {
            ModelFile file = e.getValue();
            Path target = dir.resolve(file.path()).normalize();
            if (!target.startsWith(dir)) {
                throw new ModelException("model " + name + " in " + base + ": file " + file.path() + " leaves its folder");
            }
            if (Files.isRegularFile(target)) {
                try {
                    if (ModelCache.digest(target).equals(file.sha256())) {
                        continue;
                    }
                } catch (IOException ex) {
                    // re-download below
                }
            }
            download(name, file, target);
        }
        try {
            Path manifestFile = dir.resolve(ModelManifest.FILE_NAME);
            Path part = manifestFile.resolveSibling(ModelManifest.FILE_NAME + ModelCache.PART_SUFFIX);
            Files.writeString(part, manifest.toJson().toPrettyString());
            ModelCache.moveAtomically(part, manifestFile);
        } catch (IOException ex) {
            throw new ModelException("model " + name + ": cannot write its manifest in " + dir + ": " + ex.getMessage(), ex);
        }
        return ModelStore.at(cache.models()).resolve(name);
    }

    private void download(String name, ModelFile file, Path target) throws ModelException {
        URI uri = base.resolve(name + "/" + file.path());
        Path part = target.resolveSibling(target.getFileName() + ModelCache.PART_SUFFIX);
        try {
            Files.createDirectories(target.getParent());
            long have = Files.isRegularFile(part) ? Files.size(part) : 0;
            URLConnection connection = open(uri);
            boolean resumed = false;
            if (have > 0 && connection instanceof HttpURLConnection http) {
                http.setRequestProperty("Range", "bytes=" + have + "-");
            }
            if (connection instanceof HttpURLConnection http) {
                int status = http.getResponseCode();
                if (status == HttpURLConnection.HTTP_NOT_FOUND) {
                    throw new ModelException("model " + name + ": " + uri + " not found (404); the repository " + base
                            + " lists " + file.path() + " in its manifest but does not serve it");
                }
                if (status == 416) {
                    // the .part is as long as (or longer than) the file: start over
                    http.disconnect();
                    Files.deleteIfExists(part);
                    download(name, file, target);
                    return;
                }
                if (status != HttpURLConnection.HTTP_OK && status != HttpURLConnection.HTTP_PARTIAL) {
                    throw new ModelException("model " + name + ": " + uri + " answered HTTP " + status);
                }
                resumed = status == HttpURLConnection.HTTP_PARTIAL && have > 0;
            }
            long expected = connection.getContentLengthLong();
            long got;
            try (InputStream in = connection.getInputStream();
                    OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            resumed ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                got = in.transferTo(out);
            }
            if (expected >= 0 && got < expected) {
                throw new IOException("the transfer was cut after " + got + " of " + expected + " bytes");
            }
            String actual = ModelCache.digest(part);
            if (!actual.equals(file.sha256())) {
                Files.deleteIfExists(part);
                throw new ModelException("model " + name + ": " + uri + " is corrupt or a different version (sha256 " + actual
                        + ", manifest says " + file.sha256() + "); nothing was kept, fix the repository and pull again");
            }
            ModelCache.moveAtomically(part, target);
        } catch (FileNotFoundException e) {
            throw new ModelException("model " + name + ": " + uri + " not found", e);
        } catch (SocketTimeoutException e) {
            throw new ModelException("model " + name + ": " + uri + " stopped answering (timeout " + readTimeout.toMillis()
                    + " ms); what arrived is kept in " + part + " and the next pull resumes it", e);
        } catch (IOException e) {
            throw new ModelException("model " + name + ": download of " + uri + " failed: " + e.getMessage()
                    + "; what arrived is kept in " + part + " and the next pull resumes it", e);
        }
    }

    private byte[] fetchSmall(URI uri) throws IOException {
        URLConnection connection = open(uri);
        if (connection instanceof HttpURLConnection http) {
            int status = http.getResponseCode();
            if (status == HttpURLConnection.HTTP_NOT_FOUND) {
                throw new FileNotFoundException(uri.toString());
            }
            if (status != HttpURLConnection.HTTP_OK) {
                throw new IOException(uri + " answered HTTP " + status);
            }
        }
        try (InputStream in = connection.getInputStream()) {
            return in.readNBytes(1 << 20);
        }
    }

    private URLConnection open(URI uri) throws IOException {
        URL url = uri.toURL();
        URLConnection connection = url.openConnection();
        connection.setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()));
        connection.setReadTimeout(Math.toIntExact(readTimeout.toMillis()));
        connection.setUseCaches(false);
        return connection;
    }

    private void refuseIfOffline(String name) throws ModelException {
        if (offline) {
            throw new ModelException("model '" + name + "' is not in the cache " + cache.models() + " and downloads are off "
                    + "(offline mode: " + OFFLINE_ENV + ", -D" + OFFLINE_PROPERTY + " or -Dai.djl.offline); set "
                    + OFFLINE_ENV + "=false to pull it from " + base + ", or copy the model folder into the cache");
        }
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.contains("/") || name.contains("\\") || name.equals("..") || name.equals(".")) {
            throw new IllegalArgumentException("model name must be one folder name: '" + name + "'");
        }
    }

    /** Builds a {@link ModelRepository}; {@code optX} set optional values. */
    public static final class Builder {
        private final URI base;
        private ModelCache cache = ModelCache.defaultCache();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(30);
        private boolean offline = offlineByDefault();

        private Builder(URI base) {
            this.base = Objects.requireNonNull(base, "base");
            String scheme = base.getScheme();
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https") || scheme.equals("file"))) {
                throw new IllegalArgumentException("model repository URL must be http:, https: or file:, not " + base);
            }
        }

        /**
         * The cache to pull into (default {@link ModelCache#defaultCache()}).
         *
         * @param cache the cache
         * @return this builder
         */
        public Builder optCache(ModelCache cache) {
            this.cache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /**
         * How long to wait for a connection (default 10 s).
         *
         * @param timeout positive, at most {@code Integer.MAX_VALUE} milliseconds
         * @return this builder
         * @throws IllegalArgumentException when {@code timeout} is zero, negative or too long
         */
        public Builder optConnectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /**
         * How long one read may wait for bytes (default 30 s): a server that stops answering fails after this.
         *
         * @param timeout positive, at most {@code Integer.MAX_VALUE} milliseconds
         * @return this builder
         * @throws IllegalArgumentException when {@code timeout} is zero, negative or too long
         */
        public Builder optReadTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "read timeout");
            return this;
        }

        /**
         * Forbid ({@code true}) or allow downloads (default {@link #offlineByDefault()}).
         *
         * @param offline true to refuse every download (cached models still resolve)
         * @return this builder
         */
        public Builder optOffline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /**
         * The repository.
         *
         * @return a new, immutable repository with this builder's settings
         */
        public ModelRepository build() {
            return new ModelRepository(this);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(what + " must be positive: " + d);
            }
            return d;
        }
    }
}
