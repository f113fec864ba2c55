package io.phototriage.core;

import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.image.PhotoDecoder;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.StyleRequest;
import io.phototriage.core.stage.Stylizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The triage chain: an ordered list of per-photo steps (decode → classify → detect → segment → custom stages), then
 * stylize on each album's hero shot. Built once with {@link #builder()}, immutable, and {@link AutoCloseable}:
 * closing it closes every stage it holds, in reverse order.
 *
 * <pre>{@code
 * try (Pipeline pipeline = Pipeline.builder()
 *         .settings(StageSettings.ofModelsDir(modelsDir).withOption("detect.threshold", "0.3"))
 *         .classify().detect().segment().stylize()
 *         .listener(progress)
 *         .build()) {
 *     pipeline.run(photos, sink);
 * }
 * }</pre>
 *
 * <p>Each step has a gate: every step needs a decoded photo; segment needs a detection (its prompt is detect's best
 * box). A photo a gate stops gets {@link Outcome.Skipped} with the reason.
 *
 * <p>Isolation: a photo that fails to decode, or on which a stage throws, gets a {@link Outcome.Failed} for that
 * stage and the run goes on. A failed batched {@link Stage#applyAll} is retried one photo at a time so only the bad
 * photo fails. A {@link io.phototriage.core.stage.StageSkipException} declines the photo ({@link Outcome.Skipped}).
 * {@link Error}s (out of memory, ...) are not caught. A {@link ResultSink} that throws (photo or album) is handled by
 * one {@link SinkFailurePolicy}: by default logged and counted in {@link RunSummary#sinkFailures()}; a throwing
 * listener is logged.
 *
 * <p>Not thread-safe: run one batch at a time. Within a run, {@link Builder#workers(int)} photos may be in flight at
 * once on worker threads; each stage is called by one thread at a time (unless it is {@linkplain Stage#threadSafe()
 * thread-safe}), and the sink gets the results in input order on the calling thread.
 */
public final class Pipeline implements AutoCloseable {
    private final StepRunner runner;
    private final Supplier<AlbumStylizer> albums;
    private final List<Stage<?, ?>> closeOrder;
    private final PipelineListener listener;
    private final int batchSize;
    private final int workers;
    private final SinkFailurePolicy sinkFailures;
    private boolean closed;

    private Pipeline(Builder b, List<Step<?, ?>> steps, Stylizer stylizer, List<Stage<?, ?>> stages) {
        this.listener = new SafeListener(b.listener);
        this.runner = new StepRunner(b.decoder, steps, listener);
        this.albums = stylizer == null ? null : AlbumStylizer.factory(stylizer, b.decoder, b.heroPicker, listener, b.stylePrompt, b.seed);
        this.closeOrder = List.copyOf(stages);
        this.batchSize = b.batchSize;
        this.workers = b.workers;
        this.sinkFailures = b.sinkFailures;
    }

    /**
     * Starts configuring a pipeline.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The keys of the configured stages, in the order they run.
     *
     * @return {@code decode} first, then the per-photo steps, {@code stylize} last if configured
     */
    public List<StageKey<?>> stageKeys() {
        List<StageKey<?>> keys = runner.keys();
        if (albums != null) {
            keys.add(StageKey.STYLIZE);
        }
        return keys;
    }

    /**
     * The stage objects in run order (for reporting which models are used).
     *
     * @return the stages, stylize last
     */
    public List<Stage<?, ?>> stages() {
        return closeOrder;
    }

    /**
     * Runs every photo and returns all results; the hero of each album carries its stylize outcome. Holds every
     * result in memory: for a large drive use {@link #run(List, ResultSink)}.
     *
     * @param photos the photos, each listed once
     * @return one result per photo, in the order given
     * @throws IllegalStateException    if the pipeline is closed
     * @throws IllegalArgumentException if a photo is listed twice (same id or same file)
     */
    public List<PhotoResult> run(List<Photo> photos) {
        CollectingSink results = new CollectingSink();
        run(photos, results);
        return results.results();
    }

    /**
     * Runs one photo through the per-photo steps (no stylize, which is per album).
     *
     * @param photo the photo
     * @return its result
     * @throws IllegalStateException if the pipeline is closed
     */
    public PhotoResult process(Photo photo) {
        ensureOpen();
        Objects.requireNonNull(photo, "photo");
        PhotoResult[] out = new PhotoResult[1];
        runner.run(List.of(photo), (result, decoded) -> listener.photoFinished(out[0] = result, 1, 1));
        return out[0];
    }

    /**
     * Runs the photos, streaming each result to {@code sink} as soon as it is ready; album results come at the
     * end. Photos are processed {@code batchSize} at a time and reach the sink in the order given; with
     * {@link Builder#workers(int) workers} above 1, several chunks are in flight on worker threads while this thread
     * feeds the sink (same results, same order).
     *
     * @param photos the photos, each listed once
     * @param sink   receives the results; if it throws, the builder's {@link SinkFailurePolicy} applies
     * @return the counts
     * @throws IllegalStateException    if the pipeline is closed
     * @throws RuntimeException         what the sink threw, under {@link SinkFailurePolicy#STOP}
     * @throws IllegalArgumentException if a photo is listed twice (same id or same file): results are keyed by photo,
     *                                  so a duplicate is refused before anything runs
     */
    public RunSummary run(List<Photo> photos, ResultSink sink) {
        ensureOpen();
        Objects.requireNonNull(photos, "photos");
        Objects.requireNonNull(sink, "sink");
        PipelineAssembly.refuseDuplicates(photos);
        AlbumStylizer albumsOfThisRun = albums == null ? null : albums.get();
        return BatchRun.run(runner, albumsOfThisRun, listener, new SinkGuard(sink, sinkFailures), photos, batchSize, workers);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("pipeline is closed");
        }
    }

    /**
     * Closes every stage in reverse order, each one even if an earlier close failed. Closing twice does nothing.
     *
     * @throws PipelineCloseException if some stages failed to close; each failure is a suppressed exception
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        PipelineAssembly.closeAll(closeOrder);
    }

    /**
     * Builds a {@link Pipeline}. The steps always run in the order classify → detect → segment → custom stages (in
     * the order added) → stylize, whatever order the builder methods are called in; each is optional.
     *
     * <p>The no-argument and named forms ({@link #detect()}, {@link #detect(String)}, {@link #stage(StageKey, String)})
     * create their stage from the registry in {@link #build()}: every build creates fresh stages, owned by the pipeline
     * it returns, those of {@linkplain io.phototriage.core.spi.StageProvider#loadsConcurrently() providers that allow
     * it} at the same time. With no name, an implementation whose models are present is preferred. A stage given as an
     * object is owned (and closed) by the pipeline too, so it can belong to one pipeline only: a second {@code build()}
     * with the same object is refused; if {@code build()} fails, the objects are left open and free.
     *
     * <p>Options: the {@link #settings(StageSettings) settings} carry options per stage, {@code STAGE.OPTION}
     * ({@code detect.threshold=0.3}, {@code mykey.x=1} for a custom stage's key); each provider receives only its own,
     * unprefixed. {@code build()} rejects an option its provider does not declare ({@code StageProvider.options()}),
     * listing the valid ones, and an option for a stage that is not configured or is given as an object.
     */
    public static final class Builder {
        PhotoDecoder decoder = ImageIoPhotoDecoder.defaults();
        io.phototriage.core.spi.StageRegistry registry;
        StageSettings settings = StageSettings.defaults();
        PipelineAssembly.Spec<Classifier> classify;
        PipelineAssembly.Spec<Detector> detect;
        PipelineAssembly.Spec<Segmenter> segment;
        PipelineAssembly.Spec<Stylizer> stylize;
        final List<PipelineAssembly.Custom<?>> customStages = new ArrayList<>();
        PipelineListener listener = PipelineListener.NONE;
        HeroPicker heroPicker = HeroPicker.defaultRule();
        int batchSize = 1;
        int workers = 1;
        String stylePrompt = StyleRequest.DEFAULT_PROMPT;
        long seed = 42L;
        SinkFailurePolicy sinkFailures = SinkFailurePolicy.CONTINUE;

        private Builder() {}

        /**
         * Classify with the default classifier from the registry.
         *
         * @return this builder
         */
        public Builder classify() {
            return classify((String) null);
        }

        /**
         * Classify with the provider called {@code providerName}.
         *
         * @param providerName the provider's name, or null for the default
         * @return this builder
         */
        public Builder classify(String providerName) {
            classify = PipelineAssembly.Spec.named(Classifier.class, StageKey.CLASSIFY, providerName);
            return this;
        }

        /**
         * Classify with this object; the pipeline will own it.
         *
         * @param classifier the classifier
         * @return this builder
         */
        public Builder classify(Classifier classifier) {
            classify = PipelineAssembly.Spec.of(Classifier.class, StageKey.CLASSIFY, classifier);
            return this;
        }

        /**
         * Detect with the default detector from the registry (one whose models are present is preferred).
         *
         * @return this builder
         */
        public Builder detect() {
            return detect((String) null);
        }

        /**
         * Detect with the provider called {@code providerName}.
         *
         * @param providerName the provider's name, or null for the default
         * @return this builder
         */
        public Builder detect(String providerName) {
            detect = PipelineAssembly.Spec.named(Detector.class, StageKey.DETECT, providerName);
            return this;
        }

        /**
         * Detect with this object; the pipeline will own it.
         *
         * @param detector the detector
         * @return this builder
         */
        public Builder detect(Detector detector) {
            detect = PipelineAssembly.Spec.of(Detector.class, StageKey.DETECT, detector);
            return this;
        }

        /**
         * Segment with the default segmenter from the registry. Needs detect.
         *
         * @return this builder
         */
        public Builder segment() {
            return segment((String) null);
        }

        /**
         * Segment with the provider called {@code providerName}. Needs detect.
         *
         * @param providerName the provider's name, or null for the default
         * @return this builder
         */
        public Builder segment(String providerName) {
            segment = PipelineAssembly.Spec.named(Segmenter.class, StageKey.SEGMENT, providerName);
            return this;
        }

        /**
         * Segment with this object; the pipeline will own it. Needs detect.
         *
         * @param segmenter the segmenter
         * @return this builder
         */
        public Builder segment(Segmenter segmenter) {
            segment = PipelineAssembly.Spec.of(Segmenter.class, StageKey.SEGMENT, segmenter);
            return this;
        }

        /**
         * Stylize each album's hero shot with the default stylizer from the registry.
         *
         * @return this builder
         */
        public Builder stylize() {
            return stylize((String) null);
        }

        /**
         * Stylize each album's hero shot with the provider called {@code providerName}.
         *
         * @param providerName the provider's name, or null for the default
         * @return this builder
         */
        public Builder stylize(String providerName) {
            stylize = PipelineAssembly.Spec.named(Stylizer.class, StageKey.STYLIZE, providerName);
            return this;
        }

        /**
         * Stylize each album's hero shot with this object; the pipeline will own it.
         *
         * @param stylizer the stylizer
         * @return this builder
         */
        public Builder stylize(Stylizer stylizer) {
            stylize = PipelineAssembly.Spec.of(Stylizer.class, StageKey.STYLIZE, stylizer);
            return this;
        }

        /**
         * Adds a custom per-photo stage, run after segment, whose outcome is stored under {@code key}.
         *
         * @param key   where its outcome is stored; its name must be unique and not a built-in stage's
         * @param stage the stage; the pipeline will own it
         * @param <T>   what it produces
         * @return this builder
         */
        public <T> Builder stage(StageKey<T> key, Stage<PhotoContext, T> stage) {
            customStages.add(PipelineAssembly.Custom.of(Objects.requireNonNull(key, "key"), Objects.requireNonNull(stage, "stage")));
            return this;
        }

        /**
         * Adds a custom per-photo stage found by provider name: a {@link io.phototriage.core.spi.StageProvider} whose
         * {@code kind()} is {@link io.phototriage.core.stage.PhotoStage#KIND}. It runs after segment, gets the
         * options {@code KEYNAME.OPTION}, and its values must be of {@code key}'s type.
         *
         * @param key          where its outcome is stored; its name must be unique and not a built-in stage's
         * @param providerName the provider's name
         * @param <T>          what it produces
         * @return this builder
         */
        public <T> Builder stage(StageKey<T> key, String providerName) {
            customStages.add(PipelineAssembly.Custom.named(Objects.requireNonNull(key, "key"),
                    Objects.requireNonNull(providerName, "providerName")));
            return this;
        }

        /**
         * How photos are decoded (default {@link ImageIoPhotoDecoder#defaults()}).
         *
         * @param decoder the decoder
         * @return this builder
         */
        public Builder decoder(PhotoDecoder decoder) {
            this.decoder = Objects.requireNonNull(decoder, "decoder");
            return this;
        }

        /**
         * Where the no-arg and named forms find providers; default {@link io.phototriage.core.spi.StageRegistry#load()}.
         *
         * @param registry the registry
         * @return this builder
         */
        public Builder registry(io.phototriage.core.spi.StageRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Settings handed to providers: the models folder, and options written {@code STAGE.OPTION}.
         *
         * @param settings pipeline-wide settings
         * @return this builder
         */
        public Builder settings(StageSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Observes the run (progress, timing); its exceptions are logged and ignored.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(PipelineListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Chooses each album's hero shot (default {@link HeroPicker#defaultRule()}).
         *
         * @param heroPicker the rule
         * @return this builder
         */
        public Builder heroPicker(HeroPicker heroPicker) {
            this.heroPicker = Objects.requireNonNull(heroPicker, "heroPicker");
            return this;
        }

        /**
         * How many photos are decoded and handed to each stage's {@link Stage#applyAll} at once (default 1).
         *
         * @param batchSize at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code batchSize < 1}
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * How many chunks of {@link #batchSize(int)} photos may be in flight at once (default 1: everything on the
         * calling thread, one photo after the other). With {@code n > 1}, {@code n} worker threads decode photos and
         * run the per-photo steps while the calling thread hands finished photos to the sink in input order: decoding
         * and the sink's work overlap with the models, and different photos can be in different stages at once. A
         * stage is called by one thread at a time unless it is {@linkplain Stage#threadSafe() thread-safe}, from any
         * thread, with the photos in no fixed order. The results are the same as with one worker; at most {@code 2n}
         * chunks are held in memory. Listener callbacks come one at a time, from worker threads too; the decoder is
         * called concurrently (as {@link PhotoDecoder} allows).
         *
         * @param workers at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code workers < 1}
         */
        public Builder workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be at least 1: " + workers);
            }
            this.workers = workers;
            return this;
        }

        /**
         * The stylize prompt (default {@value StyleRequest#DEFAULT_PROMPT}).
         *
         * @param prompt the prompt
         * @return this builder
         */
        public Builder stylePrompt(String prompt) {
            this.stylePrompt = Objects.requireNonNull(prompt, "prompt");
            return this;
        }

        /**
         * Seed for generative stages (default 42).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * What a run does when its sink throws (default {@link SinkFailurePolicy#CONTINUE}: log, count, go on).
         *
         * @param policy the policy, for photo and album results alike
         * @return this builder
         */
        public Builder sinkFailures(SinkFailurePolicy policy) {
            this.sinkFailures = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Validates the configuration, resolves the providers, checks their options, and creates the stages.
         *
         * @return the pipeline, which owns its stages
         * @throws IllegalStateException    for a configuration that cannot work (e.g. segment without detect, a stage
         *                                  object already owned by another pipeline)
         * @throws IllegalArgumentException when a named or default provider cannot be found or is ambiguous, or an
         *                                  option is unknown
         * @throws StageException           when a provider fails to create its stage (e.g. a model file is missing)
         */
        public Pipeline build() throws StageException {
            PipelineAssembly.Assembled a = PipelineAssembly.assemble(this);
            return new Pipeline(this, a.steps(), a.stylizer(), a.stages());
        }
    }
}
