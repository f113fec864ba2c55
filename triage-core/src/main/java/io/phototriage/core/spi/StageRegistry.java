package io.phototriage.core.spi;

import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stage implementations found on the class path through {@link ServiceLoader}.
 *
 * <p>Rules: a provider that fails to load is logged and left out (it never breaks discovery of the others);
 * an explicit name wins; with no name, the single provider of that kind marked {@link StageProvider#isDefault()}
 * is used, or the only provider of that kind if there is just one; anything else is an error that lists the
 * candidates.
 */
public final class StageRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(StageRegistry.class);

    private final List<StageProvider> providers;

    private StageRegistry(List<StageProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    /** Discovers providers with the thread's context class loader. */
    public static StageRegistry load() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return load(cl != null ? cl : StageRegistry.class.getClassLoader());
    }

    public static StageRegistry load(ClassLoader classLoader) {
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

    /** A registry of exactly these providers (for tests and for embedding without the class path). */
    public static StageRegistry of(List<StageProvider> providers) {
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

    public List<StageProvider> providers() {
        return providers;
    }

    /** Providers of one kind, e.g. every {@code Detector}. */
    public List<StageProvider> providers(Class<? extends Stage<?, ?>> kind) {
        return providers.stream().filter(p -> kind.isAssignableFrom(p.kind())).toList();
    }

    /**
     * The provider to use for {@code kind}: the one called {@code name} if a name is given, else the default.
     *
     * @throws IllegalArgumentException if none matches or the match is ambiguous; the message lists candidates
     */
    public StageProvider find(Class<? extends Stage<?, ?>> kind, String name) {
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
        List<StageProvider> defaults = candidates.stream().filter(StageProvider::isDefault).toList();
        if (defaults.size() == 1) {
            return defaults.get(0);
        }
        throw new IllegalArgumentException("ambiguous " + kindName + ": " + (defaults.isEmpty() ? "no default among " : "several defaults among ")
                + names(candidates) + "; choose one by name");
    }

    /** Finds the provider and creates its stage, checking it really is a {@code kind}. */
    public <S extends Stage<?, ?>> S create(Class<S> kind, String name, StageSettings settings) throws StageException {
        StageProvider provider = find(kind, name);
        Stage<?, ?> stage = provider.create(settings);
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
