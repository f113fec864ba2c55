package io.phototriage.core.spi;

import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stage implementations found on the class path through {@link ServiceLoader}.
 *
 * <p>Rules: a provider that fails to load is logged and left out (it never breaks discovery of the others);
 * an explicit name wins; with no name, the only provider of that kind is used; among several, the ones whose models
 * are present ({@link StageProvider#missing}) are preferred, and among those the only one or the single one marked
 * {@link StageProvider#isDefault()}; anything else is an error that lists the candidates (and, when none has its
 * models, what each one is missing).
 */
public final class StageRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(StageRegistry.class);

    private final List<StageProvider> providers;

    private StageRegistry(List<StageProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    /**
     * Discovers providers with the thread's context class loader.
     *
     * @return the registry
     */
    public static StageRegistry load() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return load(cl != null ? cl : StageRegistry.class.getClassLoader());
    }

    /**
     * Discovers providers with {@code classLoader}.
     *
     * @param classLoader where to look for {@code META-INF/services/io.phototriage.core.spi.StageProvider}
     * @return the registry
     */
    public static StageRegistry load(ClassLoader classLoader) {
        Objects.requireNonNull(classLoader, "classLoader");
        List<StageProvider> found = new ArrayList<>();
        Iterator<StageProvider> it = ServiceLoader.load(StageProvider.class, classLoader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                LOG.warn("Ignoring a stage provider that failed to load: {}", e.toString());
            }
        }
        return of(found);
    }

    /**
     * A registry of exactly these providers (for tests and for embedding without the class path).
     *
     * @param providers the providers; one whose {@code name()} or {@code kind()} throws is logged and left out
     * @return the registry
     */
    public static StageRegistry of(List<StageProvider> providers) {
        Objects.requireNonNull(providers, "providers");
        List<StageProvider> kept = new ArrayList<>();
        for (StageProvider p : providers) {
            try {
                p.name();
                p.kind();
                kept.add(p);
            } catch (RuntimeException e) {
                LOG.warn("Ignoring stage provider {}: {}", p.getClass().getName(), e.toString());
            }
        }
        return new StageRegistry(kept);
    }

    /**
     * Every provider found.
     *
     * @return the providers, in discovery order
     */
    public List<StageProvider> providers() {
        return providers;
    }

    /**
     * Providers of one kind, e.g. every {@code Detector}.
     *
     * @param kind the stage kind
     * @return its providers, in discovery order
     */
    public List<StageProvider> providers(Class<? extends Stage<?, ?>> kind) {
        return providers.stream().filter(p -> kind.isAssignableFrom(p.kind())).toList();
    }

    /**
     * The provider to use for {@code kind}, without looking at which models are present: the one called {@code name}
     * if a name is given, else the only provider of the kind, else the single default.
     *
     * @param kind the stage kind, e.g. {@code Detector.class}
     * @param name the provider's name (case-insensitive), or null for the default
     * @return the provider
     * @throws IllegalArgumentException if none matches or the match is ambiguous; the message lists candidates
     */
    public StageProvider find(Class<? extends Stage<?, ?>> kind, String name) {
        return find(kind, name, null);
    }

    /**
     * The provider to use for {@code kind} with {@code settings}. A name given explicitly wins. With no name, the
     * only provider of the kind is used; among several, those whose models are present
     * ({@link StageProvider#missing} empty) are preferred: the only available one, else the single default among the
     * available ones. When none is available the error lists each candidate and what it is missing.
     *
     * @param kind     the stage kind, e.g. {@code Detector.class}
     * @param name     the provider's name (case-insensitive), or null to choose as above
     * @param settings the provider's own (unprefixed) settings, passed to {@link StageProvider#missing}; null to
     *                 ignore availability
     * @return the provider
     * @throws IllegalArgumentException if none matches or the choice is ambiguous; the message lists candidates
     */
    public StageProvider find(Class<? extends Stage<?, ?>> kind, String name, StageSettings settings) {
        Objects.requireNonNull(kind, "kind");
        List<StageProvider> candidates = providers(kind);
        String kindName = kind.getSimpleName();
        if (name != null) {
            List<StageProvider> named = candidates.stream()
                    .filter(p -> p.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                    .toList();
            if (named.size() == 1) {
                return named.get(0);
            }
            if (named.isEmpty()) {
                throw new IllegalArgumentException("no " + kindName + " named '" + name + "'; available: " + names(candidates));
            }
            throw new IllegalArgumentException("several " + kindName + " providers are named '" + name + "': "
                    + named.stream().map(p -> p.getClass().getName()).collect(Collectors.joining(", ")));
        }
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no " + kindName + " implementation on the class path; add triage-models"
                    + " or a jar that provides one through META-INF/services/" + StageProvider.class.getName());
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        List<StageProvider> pool = candidates;
        if (settings != null) {
            Map<StageProvider, String> missing = new LinkedHashMap<>();
            for (StageProvider p : candidates) {
                missing(p, settings).ifPresent(why -> missing.put(p, why));
            }
            pool = candidates.stream().filter(p -> !missing.containsKey(p)).toList();
            if (pool.isEmpty()) {
                throw new IllegalArgumentException("no " + kindName + " has its models: " + candidates.stream()
                        .sorted(Comparator.comparing(StageProvider::name))
                        .map(p -> p.name() + " (" + missing.get(p) + ")").collect(Collectors.joining("; ")));
            }
            if (pool.size() == 1) {
                return pool.get(0);
            }
        }
        List<StageProvider> defaults = pool.stream().filter(StageProvider::isDefault).toList();
        if (defaults.size() == 1) {
            return defaults.get(0);
        }
        throw new IllegalArgumentException("ambiguous " + kindName + ": " + (defaults.isEmpty() ? "no default among " : "several defaults among ")
                + names(pool) + "; choose one by name");
    }

    /**
     * What {@code provider} says it is missing with {@code settings}; a provider that throws is treated as missing
     * with the exception's message.
     *
     * @param provider the provider
     * @param settings its own settings
     * @return why it cannot create its stage, or empty
     */
    public static Optional<String> missing(StageProvider provider, StageSettings settings) {
        try {
            Optional<String> why = provider.missing(settings);
            return why == null ? Optional.empty() : why;
        } catch (RuntimeException e) {
            LOG.warn("Stage provider {} failed to say what it is missing: {}", provider.name(), e.toString());
            return Optional.of("cannot check: " + e);
        }
    }

    /**
     * Checks that every option in {@code settings} is one that {@code provider} declares in
     * {@link StageProvider#options()}.
     *
     * @param provider the provider
     * @param settings its own (unprefixed) settings
     * @param prefix   how the user wrote the options, for the message (e.g. {@code detect.}), or {@code ""}
     * @throws IllegalArgumentException naming the unknown keys and listing the valid ones
     */
    public static void checkOptions(StageProvider provider, StageSettings settings, String prefix) {
        Set<String> valid = new TreeSet<>();
        provider.options().forEach(o -> valid.add(o.key()));
        List<String> unknown = settings.options().keySet().stream().filter(k -> !valid.contains(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option" + (unknown.size() > 1 ? "s " : " ")
                    + unknown.stream().map(k -> prefix + k).collect(Collectors.joining(", ")) + " for " + provider.name()
                    + "; valid: " + (valid.isEmpty() ? "none (it takes no options)"
                            : valid.stream().map(k -> prefix + k).collect(Collectors.joining(", "))));
        }
    }

    /**
     * Finds the provider ({@link #find(Class, String, StageSettings)}) and creates its stage, checking it really is a
     * {@code kind}.
     *
     * @param kind     the stage kind, e.g. {@code Detector.class}
     * @param name     the provider's name, or null for the default
     * @param settings the provider's own (unprefixed) settings
     * @param <S>      the stage kind
     * @return the new stage, owned by the caller
     * @throws StageException when the provider cannot create it (e.g. a model file is missing)
     * @throws IllegalArgumentException when no provider matches or the match is ambiguous
     */
    public <S extends Stage<?, ?>> S create(Class<S> kind, String name, StageSettings settings) throws StageException {
        Objects.requireNonNull(settings, "settings");
        return create(find(kind, name, settings), kind, settings);
    }

    /**
     * Creates {@code provider}'s stage and checks it really is a {@code kind}; a stage of the wrong kind is closed.
     *
     * @param provider the provider
     * @param kind     the stage kind expected
     * @param settings the provider's own (unprefixed) settings
     * @param <S>      the stage kind
     * @return the new stage, owned by the caller
     * @throws StageException when the provider cannot create it (e.g. a model is missing) or makes the wrong kind
     */
    public <S extends Stage<?, ?>> S create(StageProvider provider, Class<S> kind, StageSettings settings) throws StageException {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(settings, "settings");
        Stage<?, ?> stage = provider.create(settings);
        if (stage == null) {
            throw new StageException("provider '" + provider.name() + "' (" + provider.getClass().getName() + ") created no stage");
        }
        if (!kind.isInstance(stage)) {
            closeQuietly(stage);
            throw new StageException("provider '" + provider.name() + "' (" + provider.getClass().getName() + ") made a "
                    + stage.getClass().getName() + ", which is not a " + kind.getSimpleName());
        }
        return kind.cast(stage);
    }

    private static String names(List<StageProvider> providers) {
        return providers.isEmpty() ? "none" : providers.stream().map(StageProvider::name).sorted().collect(Collectors.joining(", "));
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("Closing {} failed: {}", c, e.toString());
        }
    }
}
