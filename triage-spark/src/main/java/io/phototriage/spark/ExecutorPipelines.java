package io.phototriage.spark;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.HeroPicker;
import io.phototriage.core.PhotoResult;
import io.phototriage.core.Pipeline;
import io.phototriage.core.SinkFailurePolicy;
import io.phototriage.core.image.PhotoDecoder;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.stage.StageException;
import io.phototriage.examples.FolderTriage;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline of this JVM: built once, on first use, from a {@link RunConfig}, and shared by every task the JVM
 * runs (an executor runs many tasks; in {@code local[N]} the driver is the executor). Tasks take turns on it
 * ({@link Pipeline} runs one batch at a time, and ONNX Runtime and libtorch already spread one photo over every
 * core). It is closed by a shutdown hook when the JVM ends, or by {@link #close()} (the driver does so at the end of a
 * {@code local} run, the end of its task set). A task with another configuration closes it and builds its own.
 */
public final class ExecutorPipelines {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorPipelines.class);
    private static Held current;
    private static boolean hookAdded;

    private ExecutorPipelines() {}

    /**
     * The chain of one configuration, with the hero picker whose mode a task sets. Use it under {@link #lock()}.
     */
    public static final class Held implements AutoCloseable {
        private final RunConfig config;
        private final Pipeline pipeline;
        private final SwitchableHeroPicker heroPicker;
        private final Map<String, String> stageModels;
        private final String configHash;
        private final ReentrantLock lock = new ReentrantLock();

        private Held(RunConfig config, Pipeline pipeline, SwitchableHeroPicker heroPicker) {
            this.config = config;
            this.pipeline = pipeline;
            this.heroPicker = heroPicker;
            this.stageModels = FolderTriage.stageModels(pipeline);
            this.configHash = FolderTriage.configHash(config.triageOptions(), stageModels);
        }

        /** @return the configuration it was built from */
        public RunConfig config() {
            return config;
        }

        /** @return the built chain (hold {@link #lock()} while running it) */
        public Pipeline pipeline() {
            return pipeline;
        }

        /** @return the hero picker of the chain */
        public SwitchableHeroPicker heroPicker() {
            return heroPicker;
        }

        /** @return per stage, its model, as results.json lists them */
        public Map<String, String> stageModels() {
            return stageModels;
        }

        /** @return the configuration hash of the journal lines it makes ({@link FolderTriage#configHash}) */
        public String configHash() {
            return configHash;
        }

        /** @return the lock a task holds while it runs the pipeline */
        public ReentrantLock lock() {
            return lock;
        }

        /** Closes the pipeline once no task is running on it. */
        @Override
        public void close() {
            lock.lock();
            try {
                pipeline.close();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * The pipeline of {@code config} in this JVM, built now if this JVM has none for it (a pipeline of another
     * configuration is closed first).
     *
     * @param config the run's configuration
     * @return the held pipeline
     * @throws StageException if a stage cannot be created (models missing, ...)
     */
    public static synchronized Held acquire(RunConfig config) throws StageException {
        Objects.requireNonNull(config, "config");
        if (current != null && current.config.equals(config)) {
            return current;
        }
        close();
        FolderTriage.Options options = config.triageOptions();
        PhotoDecoder decoder = FolderTriage.decoderOrFallback(options, w -> LOG.warn(w));
        SwitchableHeroPicker picker = new SwitchableHeroPicker();
        Pipeline pipeline = FolderTriage.chain(options, StageRegistry.load(), decoder, picker)
                .sinkFailures(SinkFailurePolicy.STOP)
                .build();
        current = new Held(config, pipeline, picker);
        if (!hookAdded) {
            Runtime.getRuntime().addShutdownHook(new Thread(ExecutorPipelines::close, "phototriage-close-pipeline"));
            hookAdded = true;
        }
        LOG.info("pipeline built for {} (config {})", config.modelSet(), current.configHash);
        return current;
    }

    /** Closes this JVM's pipeline, if any (a failure to release the models is logged, not thrown). */
    public static synchronized void close() {
        if (current == null) {
            return;
        }
        Held held = current;
        current = null;
        try {
            held.close();
        } catch (RuntimeException e) {
            LOG.warn("closing the models failed: {}", e.toString());
        }
    }

    /**
     * The default hero rule ({@link HeroPicker#defaultRule()}) in one of two modes. {@link Mode#SCORE_ONLY} (the
     * photo pass) records each photo's score for its journal entry and declares no photo eligible, so no album is
     * stylized inside a task that sees only part of the album; {@link Mode#PICK} (the album pass, one hero at a
     * time) lets the hero through to stylize.
     */
    public static final class SwitchableHeroPicker implements HeroPicker {
        /** What the picker does with a score. */
        public enum Mode {
            /** record the score, report no photo eligible */
            SCORE_ONLY,
            /** the default rule as it is */
            PICK
        }

        private final HeroPicker rule = HeroPicker.defaultRule();
        private final Map<String, Double> scores = new HashMap<>();
        private volatile Mode mode = Mode.SCORE_ONLY;

        /**
         * Sets the mode and forgets the recorded scores (call under the pipeline's lock, before a run).
         *
         * @param mode the mode of the next run
         */
        public synchronized void start(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            scores.clear();
        }

        /**
         * The score recorded for a photo in this run.
         *
         * @param photoId the photo's id
         * @return its score, or null when it is not eligible
         */
        public synchronized Double scoreOf(String photoId) {
            return scores.get(photoId);
        }

        @Override
        public OptionalDouble score(PhotoResult result, DecodedPhoto photo) {
            OptionalDouble score = rule.score(result, photo);
            synchronized (this) {
                if (score.isPresent()) {
                    scores.put(result.photo().id(), score.getAsDouble());
                }
            }
            return mode == Mode.PICK ? score : OptionalDouble.empty();
        }
    }
}
