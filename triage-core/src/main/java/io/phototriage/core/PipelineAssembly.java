package io.phototriage.core;

import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.PhotoStage;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.Stylizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;

/**
 * What {@link Pipeline.Builder#build()} does: checks the configuration, resolves providers, hands each one its own
 * options (checked against what it declares), creates the stages and puts them into the ordered list of
 * {@link Step}s. Also the ownership rule for stage objects and the pipeline's shared checks.
 */
final class PipelineAssembly {
    /** Stage objects given to a builder that a built pipeline owns (weak: a closed, dropped pipeline lets go). */
    private static final Set<Stage<?, ?>> OWNED = Collections.newSetFromMap(new WeakHashMap<>());

    private PipelineAssembly() {}

    /** A built-in stage as configured: an object, or a provider name (null for the default). */
    record Spec<S extends Stage<?, ?>>(Class<S> kind, StageKey<?> key, String providerName, S instance) {
        static <S extends Stage<?, ?>> Spec<S> named(Class<S> kind, StageKey<?> key, String name) {
            return new Spec<>(kind, key, name, null);
        }

        static <S extends Stage<?, ?>> Spec<S> of(Class<S> kind, StageKey<?> key, S instance) {
            return new Spec<>(kind, key, null, Objects.requireNonNull(instance, kind.getSimpleName().toLowerCase(java.util.Locale.ROOT)));
        }
    }

    /** A custom stage as configured: an object, or a provider name. */
    record Custom<T>(StageKey<T> key, Stage<PhotoContext, T> instance, String providerName) {
        static <T> Custom<T> of(StageKey<T> key, Stage<PhotoContext, T> stage) {
            return new Custom<>(key, stage, null);
        }

        static <T> Custom<T> named(StageKey<T> key, String providerName) {
            return new Custom<>(key, null, providerName);
        }
    }

    /** The result of assembling: the per-photo steps in run order, the stylizer (or null), every stage in run order. */
    record Assembled(List<Step<?, ?>> steps, Stylizer stylizer, List<Stage<?, ?>> stages) {}

    /** One stage to create from a provider, with its own settings (resolved and checked before anything is created). */
    private record Planned(StageRegistry registry, StageProvider provider, Class<? extends Stage<?, ?>> kind, StageSettings settings) {}

    static Assembled assemble(Pipeline.Builder b) throws StageException {
        if (b.classify == null && b.detect == null && b.segment == null && b.stylize == null && b.customStages.isEmpty()) {
            throw new IllegalStateException("no stages configured: add at least one of classify, detect, segment, stylize or stage");
        }
        if (b.segment != null && b.detect == null) {
            throw new IllegalStateException("segment needs detect: the segmenter is prompted with the detector's best box");
        }
        Set<String> names = new HashSet<>(Set.of(StageKey.DECODE.name(), StageKey.CLASSIFY.name(), StageKey.DETECT.name(),
                StageKey.SEGMENT.name(), StageKey.STYLIZE.name()));
        for (Custom<?> c : b.customStages) {
            if (!names.add(c.key().name())) {
                throw new IllegalStateException("stage key '" + c.key().name() + "' is used twice (or clashes with a built-in stage)");
            }
        }
        List<Spec<?>> builtIns = new ArrayList<>();
        for (Spec<?> spec : java.util.Arrays.asList(b.classify, b.detect, b.segment, b.stylize)) {
            if (spec != null) {
                builtIns.add(spec);
            }
        }
        Map<Object, Planned> plans = plan(b, builtIns);
        List<Stage<?, ?>> instances = new ArrayList<>();
        builtIns.stream().filter(s -> s.instance() != null).forEach(s -> instances.add(s.instance()));
        b.customStages.stream().filter(c -> c.instance() != null).forEach(c -> instances.add(c.instance()));
        claim(instances);
        List<Stage<?, ?>> createdHere = new ArrayList<>();
        try {
            List<Object> order = new ArrayList<>(java.util.Arrays.asList(b.classify, b.detect, b.segment));
            order.addAll(b.customStages);
            order.add(b.stylize);
            Map<Object, Stage<?, ?>> created = createAll(order, plans, createdHere);
            Classifier classifier = stage(b.classify, created);
            Detector detector = stage(b.detect, created);
            Segmenter segmenter = stage(b.segment, created);
            List<Step<?, ?>> steps = new ArrayList<>();
            List<Stage<?, ?>> stages = new ArrayList<>();
            if (classifier != null) {
                steps.add(Step.onPixels(StageKey.CLASSIFY, classifier));
            }
            if (detector != null) {
                steps.add(Step.onPixels(StageKey.DETECT, detector));
            }
            if (segmenter != null) {
                steps.add(Step.segment(segmenter));
            }
            for (Custom<?> custom : b.customStages) {
                steps.add(customStep(custom, created));
            }
            Stylizer stylizer = stage(b.stylize, created);
            steps.forEach(step -> stages.add(step.stage()));
            if (stylizer != null) {
                stages.add(stylizer);
            }
            return new Assembled(steps, stylizer, stages);
        } catch (StageException | RuntimeException e) {
            release(instances);
            try {
                closeAll(createdHere);
            } catch (PipelineCloseException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    /**
     * Resolves every provider and checks options before any model is loaded: each option must name a configured
     * stage that comes from a provider, and that provider must declare it.
     */
    private static Map<Object, Planned> plan(Pipeline.Builder b, List<Spec<?>> builtIns) {
        if (b.registry == null && (builtIns.stream().anyMatch(s -> s.instance() == null)
                || b.customStages.stream().anyMatch(c -> c.instance() == null))) {
            b.registry = StageRegistry.load();
        }
        Map<Object, Planned> plans = new HashMap<>();
        Set<String> fromProviders = new TreeSet<>();
        Set<String> fromObjects = new TreeSet<>();
        for (Spec<?> spec : builtIns) {
            String key = spec.key().name();
            if (spec.instance() != null) {
                fromObjects.add(key);
            } else {
                StageSettings own = b.settings.forStage(key);
                StageProvider provider = b.registry.find(spec.kind(), spec.providerName(), own);
                StageRegistry.checkOptions(provider, own, key + ".");
                plans.put(spec, new Planned(b.registry, provider, spec.kind(), own));
                fromProviders.add(key);
            }
        }
        for (Custom<?> custom : b.customStages) {
            String key = custom.key().name();
            if (custom.instance() != null) {
                fromObjects.add(key);
            } else {
                StageSettings own = b.settings.forStage(key);
                StageProvider provider = b.registry.find(PhotoStage.KIND, custom.providerName(), own);
                StageRegistry.checkOptions(provider, own, key + ".");
                plans.put(custom, new Planned(b.registry, provider, PhotoStage.KIND, own));
                fromProviders.add(key);
            }
        }
        for (String option : new TreeSet<>(b.settings.options().keySet())) {
            int dot = option.indexOf('.');
            String stage = dot < 0 ? "" : option.substring(0, dot);
            if (fromObjects.contains(stage)) {
                throw new IllegalArgumentException("option " + option + ": the " + stage + " stage is given as an object, "
                        + "so it takes no options from the settings; configure the object itself");
            }
            if (!fromProviders.contains(stage)) {
                throw new IllegalArgumentException("option " + option + " names no configured stage: write options as STAGE.OPTION"
                        + " with STAGE one of " + (fromProviders.isEmpty() ? "(none: no stage comes from a provider)"
                                : String.join(", ", fromProviders)) + ", e.g. detect.threshold=0.3");
            }
        }
        return plans;
    }

    /**
     * Creates the stage of every planned spec in {@code order}: those whose providers
     * {@linkplain StageProvider#loadsConcurrently() load concurrently} each on a thread of its own (model loading is
     * mostly file reading, hashing and native session set-up, so the stages of a chain load in about the time of the
     * slowest), the others one after another on this thread meanwhile. Every creation runs to its end; the stages
     * made are added to {@code createdHere} in {@code order} (for closing), and the first failure in {@code order}
     * is thrown with the others suppressed.
     */
    private static Map<Object, Stage<?, ?>> createAll(List<Object> order, Map<Object, Planned> plans,
            List<Stage<?, ?>> createdHere) throws StageException {
        List<Object> planned = order.stream().filter(plans::containsKey).toList();
        Map<Object, CompletableFuture<Stage<?, ?>>> results = new java.util.LinkedHashMap<>();
        boolean concurrent = planned.size() > 1;
        for (Object spec : planned) {
            Planned plan = plans.get(spec);
            if (concurrent && plan.provider().loadsConcurrently()) {
                CompletableFuture<Stage<?, ?>> result = new CompletableFuture<>();
                Thread loader = new Thread(() -> complete(result, plan), "phototriage-load-" + plan.provider().name());
                loader.setDaemon(true);
                loader.start();
                results.put(spec, result);
            }
        }
        for (Object spec : planned) {
            if (!results.containsKey(spec)) {
                CompletableFuture<Stage<?, ?>> result = new CompletableFuture<>();
                complete(result, plans.get(spec));
                results.put(spec, result);
            }
        }
        Map<Object, Stage<?, ?>> created = new HashMap<>();
        Throwable first = null;
        for (Object spec : planned) {
            try {
                Stage<?, ?> stage = results.get(spec).join();
                created.put(spec, stage);
                createdHere.add(stage);
            } catch (java.util.concurrent.CompletionException e) {
                if (first == null) {
                    first = e.getCause();
                } else {
                    first.addSuppressed(e.getCause());
                }
            }
        }
        if (first instanceof StageException e) {
            throw e;
        }
        if (first instanceof RuntimeException e) {
            throw e;
        }
        if (first instanceof Error e) {
            throw e;
        }
        return created;
    }

    private static void complete(CompletableFuture<Stage<?, ?>> result, Planned plan) {
        try {
            result.complete(plan.registry().create(plan.provider(), plan.kind(), plan.settings()));
        } catch (Throwable e) {
            result.completeExceptionally(e);
        }
    }

    /** The stage of {@code spec}: the object given, the one created from its provider, or null when not configured. */
    private static <S extends Stage<?, ?>> S stage(Spec<S> spec, Map<Object, Stage<?, ?>> created) {
        if (spec == null) {
            return null;
        }
        return spec.instance() != null ? spec.instance() : spec.kind().cast(created.get(spec));
    }

    @SuppressWarnings("unchecked")
    private static <T> Step<PhotoContext, T> customStep(Custom<T> custom, Map<Object, Stage<?, ?>> created) {
        if (custom.instance() != null) {
            return Step.custom(custom.key(), custom.instance());
        }
        return Step.custom(custom.key(), (PhotoStage<T>) created.get(custom));
    }

    /** Marks stage objects as owned by the pipeline being built, refusing any that another pipeline owns. */
    private static void claim(List<Stage<?, ?>> instances) {
        synchronized (OWNED) {
            Set<Stage<?, ?>> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (Stage<?, ?> s : instances) {
                if (OWNED.contains(s) || !seen.add(s)) {
                    throw new IllegalStateException("stage object " + s.name() + " (" + s + ") already belongs to "
                            + (seen.contains(s) && !OWNED.contains(s) ? "this pipeline under another key" : "a pipeline built before")
                            + ": a pipeline owns and closes the stage objects given to it, so each object can be given to one"
                            + " build() only; create a new object, or use the provider form (e.g. detect(\"yolox\")), which creates"
                            + " fresh stages for every build");
                }
            }
            OWNED.addAll(instances);
        }
    }

    private static void release(List<Stage<?, ?>> instances) {
        synchronized (OWNED) {
            instances.forEach(OWNED::remove);
        }
    }

    /** Refuses a list that names one photo twice (same id or same file), naming it. */
    static void refuseDuplicates(List<Photo> photos) {
        Map<String, Photo> ids = new HashMap<>();
        Map<Path, Photo> files = new HashMap<>();
        for (Photo p : photos) {
            Objects.requireNonNull(p, "photo in photos");
            Photo sameId = ids.putIfAbsent(p.id(), p);
            Photo sameFile = files.putIfAbsent(p.path().toAbsolutePath().normalize(), p);
            if (sameId != null || sameFile != null) {
                throw new IllegalArgumentException("photo listed twice: " + p.path() + " (id '" + p.id() + "'"
                        + (sameId != null ? ", same id as " + sameId.path() : ", same file as id '" + sameFile.id() + "'")
                        + "); list each photo once");
            }
        }
    }

    /** Closes in reverse order, every one even if an earlier close fails; failures become one unchecked exception. */
    static void closeAll(List<? extends AutoCloseable> stages) {
        List<Exception> failures = new ArrayList<>();
        for (int i = stages.size() - 1; i >= 0; i--) {
            try {
                stages.get(i).close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            StringBuilder message = new StringBuilder(failures.size() + " stage(s) failed to close: ");
            for (int i = 0; i < failures.size(); i++) {
                message.append(i == 0 ? "" : "; ").append(StepRunner.message(failures.get(i)));
            }
            PipelineCloseException e = new PipelineCloseException(message.toString());
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }
}
