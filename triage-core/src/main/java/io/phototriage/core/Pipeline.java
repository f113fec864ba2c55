package io.phototriage.core;

import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.image.PhotoDecoder;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.Detections;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.SegmentRequest;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.StageSkipException;
import io.phototriage.core.stage.StyleRequest;
import io.phototriage.core.stage.Stylized;
import io.phototriage.core.stage.Stylizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The triage chain: decode → classify → detect → segment → custom stages per photo, then stylize on each album's
 * hero shot. Built once with {@link #builder()}, immutable, and {@link AutoCloseable}: closing it closes every
 * stage it holds, in reverse order.
 *
 * <pre>{@code
 * try (Pipeline pipeline = Pipeline.builder()
 *         .settings(StageSettings.ofModelsDir(modelsDir))
 *         .classify().detect().segment().stylize()
 *         .listener(progress)
 *         .build()) {
 *     pipeline.run(photos, sink);
 * }
 * }</pre>
 *
 * <p>Isolation: a photo that fails to decode, or on which a stage throws, gets a {@link Outcome.Failed} for that
 * stage and the run goes on with the next photo. When a stage's batched {@link Stage#applyAll} fails, the chunk
 * is retried one photo at a time so only the bad photo fails. {@link Error}s (out of memory, ...) are not caught.
 * A photo whose detect stage finds nothing has its segment stage {@link Outcome.Skipped skipped}.
 *
 * <p>Not thread-safe: run one batch at a time.
 */
public final class Pipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final PhotoDecoder decoder;
    private final Classifier classifier;
    private final Detector detector;
    private final Segmenter segmenter;
    private final Stylizer stylizer;
    private final List<CustomStage<?>> customStages;
    private final List<Stage<?, ?>> closeOrder;
    private final PipelineListener listener;
    private final HeroPicker heroPicker;
    private final int batchSize;
    private final String stylePrompt;
    private final long seed;
    private boolean closed;

    private Pipeline(Builder b, Classifier classifier, Detector detector, Segmenter segmenter, Stylizer stylizer,
            List<Stage<?, ?>> created) {
        this.decoder = b.decoder;
        this.classifier = classifier;
        this.detector = detector;
        this.segmenter = segmenter;
        this.stylizer = stylizer;
        this.customStages = List.copyOf(b.customStages);
        this.closeOrder = List.copyOf(created);
        this.listener = new SafeListener(b.listener);
        this.heroPicker = b.heroPicker;
        this.batchSize = b.batchSize;
        this.stylePrompt = b.stylePrompt;
        this.seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The keys of the configured stages, in the order they run ({@code decode} first, {@code stylize} last). */
    public List<StageKey<?>> stageKeys() {
        List<StageKey<?>> keys = new ArrayList<>();
        keys.add(StageKey.DECODE);
        if (classifier != null) {
            keys.add(StageKey.CLASSIFY);
        }
        if (detector != null) {
            keys.add(StageKey.DETECT);
        }
        if (segmenter != null) {
            keys.add(StageKey.SEGMENT);
        }
        customStages.forEach(c -> keys.add(c.key()));
        if (stylizer != null) {
            keys.add(StageKey.STYLIZE);
        }
        return keys;
    }

    /** The stage objects in run order (for reporting which models are used). */
    public List<Stage<?, ?>> stages() {
        return closeOrder;
    }

    /**
     * Runs every photo and returns all results; the hero of each album carries its stylize outcome. Holds every
     * result in memory: for a large drive use {@link #run(List, ResultSink)}.
     */
    public List<PhotoResult> run(List<Photo> photos) {
        Map<Photo, PhotoResult> results = new LinkedHashMap<>();
        run(photos, new ResultSink() {
            @Override
            public void photo(PhotoResult result) {
                results.put(result.photo(), result);
            }

            @Override
            public void album(AlbumResult album) {
                album.hero().ifPresent(hero -> results.computeIfPresent(hero, (p, r) -> r.with(StageKey.STYLIZE, album.stylized())));
            }
        });
        return List.copyOf(results.values());
    }

    /** Runs one photo through the per-photo stages (no stylize, which is per album). */
    public PhotoResult process(Photo photo) {
        PhotoResult[] out = new PhotoResult[1];
        runPhotos(List.of(photo), r -> out[0] = r, new LinkedHashMap<>(), 0, 1);
        return out[0];
    }

    /**
     * Runs the photos, streaming each result to {@code sink} as soon as it is ready; album results come at the
     * end. Photos are processed in the order given, {@code batchSize} at a time.
     */
    public RunSummary run(List<Photo> photos, ResultSink sink) {
        ensureOpen();
        Objects.requireNonNull(sink, "sink");
        long start = System.nanoTime();
        int total = photos.size();
        listener.runStarted(total);
        int[] counts = new int[3];
        ResultSink counting = new ResultSink() {
            @Override
            public void photo(PhotoResult result) {
                counts[result.status().ordinal()]++;
                sink.photo(result);
            }
        };
        Map<String, HeroCandidate> heroes = new LinkedHashMap<>();
        for (int from = 0; from < total; from += batchSize) {
            List<Photo> chunk = photos.subList(from, Math.min(total, from + batchSize));
            runPhotos(chunk, counting::photo, heroes, from, total);
        }
        if (stylizer != null) {
            for (HeroCandidate candidate : heroes.values()) {
                AlbumResult album = stylizeAlbum(candidate);
                try {
                    sink.album(album);
                } catch (RuntimeException e) {
                    LOG.warn("Result sink failed for album '{}': {}", album.album(), e.toString());
                }
            }
        }
        listener.runFinished(total);
        return new RunSummary(total, counts[0], counts[1], counts[2], Duration.ofNanos(System.nanoTime() - start));
    }

    private void runPhotos(List<Photo> chunk, java.util.function.Consumer<PhotoResult> emit,
            Map<String, HeroCandidate> heroes, int doneBefore, int total) {
        int n = chunk.size();
        PhotoResult[] results = new PhotoResult[n];
        DecodedPhoto[] decoded = new DecodedPhoto[n];
        for (int i = 0; i < n; i++) {
            Photo photo = chunk.get(i);
            results[i] = PhotoResult.of(photo);
            long t0 = System.nanoTime();
            Outcome<DecodeInfo> outcome;
            try {
                decoded[i] = decoder.decode(photo);
                outcome = new Outcome.Done<>(DecodeInfo.of(decoded[i]), Duration.ofNanos(System.nanoTime() - t0),
                        io.phototriage.core.stage.ModelInfo.of(decoder.getClass().getSimpleName()));
            } catch (Exception e) {
                LOG.warn("Cannot decode {}: {}", photo.path(), e.getMessage());
                outcome = new Outcome.Failed<>("decode", message(e), e);
            }
            record(results, i, StageKey.DECODE, outcome);
        }
        List<Integer> decodedOk = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (decoded[i] != null) {
                decodedOk.add(i);
            }
        }
        if (classifier != null) {
            runStage(StageKey.CLASSIFY, classifier, decodedOk, i -> decoded[i], results);
        }
        if (detector != null) {
            runStage(StageKey.DETECT, detector, decodedOk, i -> decoded[i], results);
        }
        if (segmenter != null) {
            List<Integer> withSubject = new ArrayList<>();
            for (int i : decodedOk) {
                Optional<Outcome<Detections>> det = results[i].outcome(StageKey.DETECT);
                if (det.isPresent() && det.get() instanceof Outcome.Done<Detections> done && !done.value().isEmpty()) {
                    withSubject.add(i);
                } else {
                    String reason = det.isPresent() && det.get().isDone()
                            ? "nothing found above the detection threshold " + det.get().valueIfDone().orElseThrow().threshold()
                            : "detect failed";
                    record(results, i, StageKey.SEGMENT, new Outcome.Skipped<>(reason));
                }
            }
            runStage(StageKey.SEGMENT, segmenter, withSubject,
                    i -> SegmentRequest.of(decoded[i], results[i].detections().orElseThrow()), results);
        }
        for (CustomStage<?> custom : customStages) {
            runCustom(custom, decodedOk, decoded, results);
        }
        for (int i = 0; i < n; i++) {
            if (decoded[i] == null) {
                for (StageKey<?> key : stageKeys()) {
                    if (key != StageKey.DECODE && key != StageKey.STYLIZE) {
                        recordUnchecked(results, i, key, new Outcome.Skipped<>("photo could not be decoded"));
                    }
                }
            }
            if (stylizer != null) {
                offerHero(heroes, results[i], decoded[i]);
            }
            decoded[i] = null;
            emit.accept(results[i]);
            listener.photoFinished(results[i], doneBefore + i + 1, total);
        }
    }

    private <T> void runCustom(CustomStage<T> custom, List<Integer> indices, DecodedPhoto[] decoded, PhotoResult[] results) {
        runStage(custom.key(), custom.stage(), indices, i -> new PhotoContext(decoded[i], results[i]), results);
    }

    private <I, O> void runStage(StageKey<O> key, Stage<I, O> stage, List<Integer> indices, IntFunction<I> input,
            PhotoResult[] results) {
        if (indices.isEmpty()) {
            return;
        }
        List<I> inputs = new ArrayList<>(indices.size());
        for (int i : indices) {
            inputs.add(input.apply(i));
        }
        long t0 = System.nanoTime();
        try {
            List<O> outputs = stage.applyAll(inputs);
            if (outputs == null || outputs.size() != inputs.size()) {
                throw new IllegalStateException(stage.name() + ".applyAll returned " + (outputs == null ? "null" : outputs.size())
                        + " results for " + inputs.size() + " inputs");
            }
            Duration each = Duration.ofNanos((System.nanoTime() - t0) / inputs.size());
            for (int k = 0; k < inputs.size(); k++) {
                record(results, indices.get(k), key, done(key, stage, outputs.get(k), each));
            }
            return;
        } catch (Exception e) {
            if (inputs.size() == 1) {
                int i = indices.get(0);
                record(results, i, key, failedOrSkipped(key, stage, results[i].photo(), e));
                return;
            }
            LOG.info("{} failed on a batch of {}, retrying one photo at a time: {}", stage.name(), inputs.size(), e.toString());
        }
        for (int k = 0; k < inputs.size(); k++) {
            int i = indices.get(k);
            long start = System.nanoTime();
            Outcome<O> outcome;
            try {
                outcome = done(key, stage, stage.apply(inputs.get(k)), Duration.ofNanos(System.nanoTime() - start));
            } catch (Exception e) {
                outcome = failedOrSkipped(key, stage, results[i].photo(), e);
            }
            record(results, i, key, outcome);
        }
    }

    /** A {@link StageSkipException} is the stage declining the photo (skipped, with its reason); anything else failed. */
    private static <O> Outcome<O> failedOrSkipped(StageKey<O> key, Stage<?, ?> stage, Photo photo, Exception e) {
        if (e instanceof StageSkipException skip) {
            LOG.debug("{} skipped {}: {}", key.name(), photo.path(), skip.reason());
            return new Outcome.Skipped<>(skip.reason());
        }
        LOG.warn("{} failed on {}: {}", key.name(), photo.path(), message(e));
        return new Outcome.Failed<>(key.name(), stage.name() + ": " + message(e), e);
    }

    private static <O> Outcome<O> done(StageKey<O> key, Stage<?, ?> stage, O value, Duration elapsed) {
        if (value == null) {
            return new Outcome.Failed<>(key.name(), stage.name() + " returned no result", null);
        }
        if (!key.type().isInstance(value)) {
            return new Outcome.Failed<>(key.name(), stage.name() + " returned a " + value.getClass().getName()
                    + ", expected " + key.type().getName(), null);
        }
        return new Outcome.Done<>(value, elapsed, stage.model());
    }

    private <T> void record(PhotoResult[] results, int i, StageKey<T> key, Outcome<T> outcome) {
        results[i] = results[i].with(key, outcome);
        listener.stageFinished(results[i].photo(), key, outcome);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void recordUnchecked(PhotoResult[] results, int i, StageKey<?> key, Outcome<?> outcome) {
        record(results, i, (StageKey) key, (Outcome) outcome);
    }

    private void offerHero(Map<String, HeroCandidate> heroes, PhotoResult result, DecodedPhoto decoded) {
        String album = result.photo().album();
        HeroCandidate current = heroes.computeIfAbsent(album, a -> new HeroCandidate(a, null, Double.NEGATIVE_INFINITY));
        if (decoded == null) {
            return;
        }
        OptionalDouble score;
        try {
            score = heroPicker.score(result, decoded);
        } catch (RuntimeException e) {
            LOG.warn("Hero picker failed on {}: {}", result.photo().path(), e.toString());
            return;
        }
        if (score.isPresent() && score.getAsDouble() > current.score()) {
            heroes.put(album, new HeroCandidate(album, result, score.getAsDouble()));
        }
    }

    private AlbumResult stylizeAlbum(HeroCandidate candidate) {
        if (candidate.result() == null) {
            AlbumResult album = new AlbumResult(candidate.album(), Optional.empty(),
                    new Outcome.Skipped<>("no photo in the album is eligible as hero shot"));
            return album;
        }
        Photo hero = candidate.result().photo();
        Outcome<Stylized> outcome;
        long t0 = System.nanoTime();
        try {
            DecodedPhoto decoded = decoder.decode(hero);
            StyleRequest request = new StyleRequest(decoded, candidate.result().segmentation(), stylePrompt, seed);
            t0 = System.nanoTime();
            outcome = done(StageKey.STYLIZE, stylizer, stylizer.apply(request), Duration.ofNanos(System.nanoTime() - t0));
        } catch (Exception e) {
            LOG.warn("stylize failed on {}: {}", hero.path(), message(e));
            outcome = new Outcome.Failed<>(StageKey.STYLIZE.name(), stylizer.name() + ": " + message(e), e);
        }
        listener.stageFinished(hero, StageKey.STYLIZE, outcome);
        return new AlbumResult(candidate.album(), Optional.of(hero), outcome);
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("pipeline is closed");
        }
    }

    /** Closes every stage in reverse order; failures are collected as suppressed exceptions of the first one. */
    @Override
    public void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        closeAll(closeOrder);
    }

    static void closeAll(List<? extends AutoCloseable> stages) throws Exception {
        Exception first = null;
        for (int i = stages.size() - 1; i >= 0; i--) {
            try {
                stages.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private record HeroCandidate(String album, PhotoResult result, double score) {}

    private record CustomStage<T>(StageKey<T> key, Stage<PhotoContext, T> stage) {}

    /** Wraps the user's listener so that a throwing callback never breaks the run. */
    private static final class SafeListener implements PipelineListener {
        private final PipelineListener delegate;

        SafeListener(PipelineListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public void runStarted(int photoCount) {
            guard(() -> delegate.runStarted(photoCount));
        }

        @Override
        public void stageFinished(Photo photo, StageKey<?> stage, Outcome<?> outcome) {
            guard(() -> delegate.stageFinished(photo, stage, outcome));
        }

        @Override
        public void photoFinished(PhotoResult result, int done, int total) {
            guard(() -> delegate.photoFinished(result, done, total));
        }

        @Override
        public void runFinished(int photoCount) {
            guard(() -> delegate.runFinished(photoCount));
        }

        private static void guard(Runnable r) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("Pipeline listener threw, ignored: {}", e.toString());
            }
        }
    }

    /**
     * Builds a {@link Pipeline}. The built-in stages always run in the order classify → detect → segment →
     * custom stages (in the order added) → stylize, whatever order the builder methods are called in. Each built-in
     * stage is optional: leave it out and it does not run.
     *
     * <p>The no-argument forms ({@link #classify()}, ...) and the named forms ({@link #detect(String)}) look the
     * implementation up with {@link StageRegistry} and create it in {@link #build()}; the pipeline then owns it. A
     * stage passed as an object is owned by the pipeline too and closed with it, but is left alone if
     * {@code build()} fails.
     */
    public static final class Builder {
        private PhotoDecoder decoder = ImageIoPhotoDecoder.defaults();
        private StageRegistry registry;
        private StageSettings settings = StageSettings.defaults();
        private Spec<Classifier> classify;
        private Spec<Detector> detect;
        private Spec<Segmenter> segment;
        private Spec<Stylizer> stylize;
        private final List<CustomStage<?>> customStages = new ArrayList<>();
        private PipelineListener listener = PipelineListener.NONE;
        private HeroPicker heroPicker = HeroPicker.defaultRule();
        private int batchSize = 1;
        private String stylePrompt = StyleRequest.DEFAULT_PROMPT;
        private long seed = 42L;

        private Builder() {}

        /** The default classifier from the registry. */
        public Builder classify() {
            return classify((String) null);
        }

        /** The classifier provider called {@code providerName}. */
        public Builder classify(String providerName) {
            classify = Spec.named(Classifier.class, providerName);
            return this;
        }

        public Builder classify(Classifier classifier) {
            classify = Spec.of(Classifier.class, classifier);
            return this;
        }

        public Builder detect() {
            return detect((String) null);
        }

        public Builder detect(String providerName) {
            detect = Spec.named(Detector.class, providerName);
            return this;
        }

        public Builder detect(Detector detector) {
            detect = Spec.of(Detector.class, detector);
            return this;
        }

        public Builder segment() {
            return segment((String) null);
        }

        public Builder segment(String providerName) {
            segment = Spec.named(Segmenter.class, providerName);
            return this;
        }

        public Builder segment(Segmenter segmenter) {
            segment = Spec.of(Segmenter.class, segmenter);
            return this;
        }

        public Builder stylize() {
            return stylize((String) null);
        }

        public Builder stylize(String providerName) {
            stylize = Spec.named(Stylizer.class, providerName);
            return this;
        }

        public Builder stylize(Stylizer stylizer) {
            stylize = Spec.of(Stylizer.class, stylizer);
            return this;
        }

        /** Adds a custom per-photo stage, run after segment, whose outcome is stored under {@code key}. */
        public <T> Builder stage(StageKey<T> key, Stage<PhotoContext, T> stage) {
            customStages.add(new CustomStage<>(Objects.requireNonNull(key, "key"), Objects.requireNonNull(stage, "stage")));
            return this;
        }

        public Builder decoder(PhotoDecoder decoder) {
            this.decoder = Objects.requireNonNull(decoder, "decoder");
            return this;
        }

        /** Where the no-arg and named forms find providers; default {@link StageRegistry#load()}. */
        public Builder registry(StageRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Settings handed to providers (models folder, options). */
        public Builder settings(StageSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        public Builder listener(PipelineListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Builder heroPicker(HeroPicker heroPicker) {
            this.heroPicker = Objects.requireNonNull(heroPicker, "heroPicker");
            return this;
        }

        /** How many photos are decoded and handed to each stage's {@link Stage#applyAll} at once (default 1). */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** The stylize prompt (default {@value StyleRequest#DEFAULT_PROMPT}). */
        public Builder stylePrompt(String prompt) {
            this.stylePrompt = Objects.requireNonNull(prompt, "prompt");
            return this;
        }

        /** Seed for generative stages (default 42). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Validates the configuration and creates the stages.
         *
         * @throws IllegalStateException    for a configuration that cannot work (e.g. segment without detect)
         * @throws IllegalArgumentException when a named or default provider cannot be found or is ambiguous
         * @throws StageException           when a provider fails to create its stage (e.g. a model file is missing)
         */
        public Pipeline build() throws StageException {
            if (classify == null && detect == null && segment == null && stylize == null && customStages.isEmpty()) {
                throw new IllegalStateException("no stages configured: add at least one of classify, detect, segment, stylize or stage");
            }
            if (segment != null && detect == null) {
                throw new IllegalStateException("segment needs detect: the segmenter is prompted with the detector's best box");
            }
            Set<String> names = new HashSet<>(Set.of(StageKey.DECODE.name(), StageKey.CLASSIFY.name(), StageKey.DETECT.name(),
                    StageKey.SEGMENT.name(), StageKey.STYLIZE.name()));
            for (CustomStage<?> c : customStages) {
                if (!names.add(c.key().name())) {
                    throw new IllegalStateException("stage key '" + c.key().name() + "' is used twice (or clashes with a built-in stage)");
                }
            }
            List<Stage<?, ?>> createdHere = new ArrayList<>();
            List<Stage<?, ?>> all = new ArrayList<>();
            try {
                Classifier c = create(classify, createdHere, all);
                Detector d = create(detect, createdHere, all);
                Segmenter s = create(segment, createdHere, all);
                customStages.forEach(cs -> all.add(cs.stage()));
                Stylizer st = create(stylize, createdHere, all);
                return new Pipeline(this, c, d, s, st, all);
            } catch (StageException | RuntimeException e) {
                try {
                    closeAll(createdHere);
                } catch (Exception closeFailure) {
                    e.addSuppressed(closeFailure);
                }
                throw e;
            }
        }

        private <S extends Stage<?, ?>> S create(Spec<S> spec, List<Stage<?, ?>> createdHere,
                List<Stage<?, ?>> all) throws StageException {
            if (spec == null) {
                return null;
            }
            if (spec.instance() != null) {
                all.add(spec.instance());
                return spec.instance();
            }
            if (registry == null) {
                registry = StageRegistry.load();
            }
            S stage = registry.create(spec.kind(), spec.providerName(), settings);
            createdHere.add(stage);
            all.add(stage);
            return stage;
        }
    }

    private record Spec<S extends Stage<?, ?>>(Class<S> kind, String providerName, S instance) {
        static <S extends Stage<?, ?>> Spec<S> named(Class<S> kind, String name) {
            return new Spec<>(kind, name, null);
        }

        static <S extends Stage<?, ?>> Spec<S> of(Class<S> kind, S instance) {
            return new Spec<>(kind, null, Objects.requireNonNull(instance, kind.getSimpleName()));
        }
    }
}
