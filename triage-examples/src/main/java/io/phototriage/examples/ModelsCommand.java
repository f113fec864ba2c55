package io.phototriage.examples;

import io.phototriage.core.model.ClassPathModels;
import io.phototriage.core.model.ModelCache;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelRepository;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code phototriage models list|pull|verify}: the models in the class-path packs and in the local cache, and
 * downloads from a model repository URL (see {@link ModelRepository}).
 *
 * <p>Downloads: {@code pull} is an explicit request to download, so it ignores {@code ai.djl.offline} (which the
 * library sets for DJL's own natives) and refuses only when {@code PHOTOTRIAGE_OFFLINE=true} or
 * {@code -Dphototriage.offline=true}.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"List, download (pull) and verify models.",
                "Exit codes: 0 done, 2 bad options, 3 a model is missing, corrupt or could not be downloaded."},
        subcommands = {ModelsCommand.ListCommand.class, ModelsCommand.PullCommand.class, ModelsCommand.VerifyCommand.class})
final class ModelsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: list, pull or verify");
    }

    /** Options every subcommand takes. */
    static final class CacheOption {
        @Option(names = "--cache", paramLabel = "DIR",
                description = "Cache home (default: $PHOTOTRIAGE_HOME, else ~/.cache/phototriage); models go to DIR/models.")
        Path cache;

        ModelCache cache() {
            return cache == null ? ModelCache.defaultCache() : ModelCache.at(cache);
        }
    }

    /** What every subcommand has: the {@code --cache} option, its own command line, and one way to report an error. */
    abstract static class Subcommand implements Callable<Integer> {
        @CommandLine.Mixin
        CacheOption cacheOption = new CacheOption();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /**
         * Prints {@code error: MESSAGE} to the command's error stream.
         *
         * @return {@code exit}
         */
        int fail(int exit, String message) {
            spec.commandLine().getErr().println("error: " + message);
            return exit;
        }

        /**
         * Gets each named model, printing {@code ok NAME (N files, sha256 verified)} and {@code detail} for each that
         * comes, or the error for each that does not.
         *
         * @return {@link FolderTriage#EXIT_OK} when every model came, else {@link FolderTriage#EXIT_MODELS}
         */
        int eachModel(List<String> names, ModelGetter getter, Function<ResolvedModel, String> detail) {
            int exit = FolderTriage.EXIT_OK;
            for (String name : names) {
                try {
                    ResolvedModel model = getter.get(name);
                    spec.commandLine().getOut().println("ok " + name + " (" + model.manifest().files().size()
                            + " files, sha256 verified)" + detail.apply(model));
                } catch (ModelException | IllegalArgumentException e) {
                    exit = fail(FolderTriage.EXIT_MODELS, e.getMessage());
                }
            }
            return exit;
        }
    }

    /** Whether the user switched downloads off (not DJL's own {@code ai.djl.offline}). */
    static boolean offline() {
        String value = System.getProperty(ModelRepository.OFFLINE_PROPERTY, System.getenv(ModelRepository.OFFLINE_ENV));
        return Boolean.parseBoolean(value);
    }

    /** Gets one model by name, checked against its manifest's sha256. */
    @FunctionalInterface
    interface ModelGetter {
        ResolvedModel get(String name) throws ModelException;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "The models in class-path packs (e.g. triage-models-lite), in the cache, and listed in the"
                    + " repository's INDEX file when --repository is given.")
    static final class ListCommand extends Subcommand {
        @Option(names = "--repository", paramLabel = "URL", description = "Model repository (http:, https: or file:).")
        URI repository;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30", description = "Connect and read timeout.")
        int timeoutSeconds;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ModelCache cache = cacheOption.cache();
            try {
                out.println("class path packs: " + String.join(", ", ClassPathModels.defaults().names()));
                out.println("cache " + cache.models() + ": " + String.join(", ", cache.names()));
            } catch (ModelException | IOException e) {
                return fail(FolderTriage.EXIT_MODELS, e.getMessage());
            }
            if (repository != null) {
                if (offline()) {
                    return fail(FolderTriage.EXIT_MODELS, "offline (" + ModelRepository.OFFLINE_ENV + "): not reading "
                            + repository);
                }
                try {
                    out.println("repository " + repository + ": " + String.join(", ", remoteIndex(repository, timeoutSeconds)));
                } catch (IOException e) {
                    return fail(FolderTriage.EXIT_MODELS, "cannot read the INDEX of " + repository + " (" + e
                            + "); pull models by name instead");
                }
            }
            return FolderTriage.EXIT_OK;
        }

        private static List<String> remoteIndex(URI repository, int timeoutSeconds) throws IOException {
            String base = repository.toString().endsWith("/") ? repository.toString() : repository + "/";
            URLConnection connection = URI.create(base + "INDEX").toURL().openConnection();
            connection.setConnectTimeout(timeoutSeconds * 1000);
            connection.setReadTimeout(timeoutSeconds * 1000);
            if (connection instanceof HttpURLConnection http && http.getResponseCode() != HttpURLConnection.HTTP_OK) {
                throw new IOException("HTTP " + http.getResponseCode());
            }
            List<String> names = new ArrayList<>();
            try (InputStream in = connection.getInputStream()) {
                for (String line : new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8).split("\\R")) {
                    if (!line.isBlank() && !line.strip().startsWith("#")) {
                        names.add(line.strip());
                    }
                }
            }
            return names;
        }
    }

    @Command(name = "pull", mixinStandardHelpOptions = true,
            description = "Download models from a repository into the cache (sha256-verified, resumable); a model"
                    + " already complete in the cache is not downloaded again.")
    static final class PullCommand extends Subcommand {
        @Option(names = "--repository", required = true, paramLabel = "URL",
                description = "Model repository: URL/NAME/manifest.json and the files it lists (http:, https: or file:).")
        URI repository;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
                description = "Connect timeout and the longest wait for bytes (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Parameters(arity = "1..*", paramLabel = "NAME", description = "Model folder names, e.g. clip-vit-b32.")
        List<String> names;

        @Override
        public Integer call() {
            ModelRepository repo;
            try {
                repo = ModelRepository.builder(repository).optCache(cacheOption.cache())
                        .optConnectTimeout(Duration.ofSeconds(timeoutSeconds)).optReadTimeout(Duration.ofSeconds(timeoutSeconds))
                        .optOffline(offline()).build();
            } catch (IllegalArgumentException e) {
                return fail(FolderTriage.EXIT_USAGE, e.getMessage());
            }
            return eachModel(names, repo::pull, model -> " in " + model.dir());
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check every file of cached models (all of them when no NAME is given) against the sha256 in"
                    + " its manifest.")
    static final class VerifyCommand extends Subcommand {
        @Parameters(arity = "0..*", paramLabel = "NAME", description = "Model folder names (default: all in the cache).")
        List<String> names = new ArrayList<>();

        @Override
        public Integer call() {
            ModelCache cache = cacheOption.cache();
            List<String> which = new ArrayList<>(names);
            if (which.isEmpty()) {
                try {
                    which.addAll(cache.names());
                } catch (IOException e) {
                    return fail(FolderTriage.EXIT_MODELS, "cannot list " + cache.models() + ": " + e.getMessage());
                }
            }
            return eachModel(which, ModelStore.at(cache.models())::resolve, model -> "");
        }
    }
}
