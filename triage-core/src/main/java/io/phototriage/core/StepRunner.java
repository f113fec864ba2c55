package io.phototriage.core;

import io.phototriage.core.image.PhotoDecoder;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageSkipException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one chunk of photos through decode and the per-photo {@link Step}s, in order. Each step gets the photos
 * its gate lets through in one {@link Stage#applyAll} call; if that fails for a chunk of several photos, the chunk
 * is retried one photo at a time so only the bad photo fails. A {@link StageSkipException} records
 * {@link Outcome.Skipped}, any other {@link Exception} {@link Outcome.Failed}; {@link Error}s are not caught.
 *
 * <p>Several threads may run chunks at once ({@link Pipeline.Builder#workers}): each step's stage is then called by one
 * thread at a time (a lock per step), so different photos can be in different stages at once, and a stage never
 * sees two calls at the same time, unless the stage is {@linkplain Stage#threadSafe() thread-safe}: such a step
 * takes no lock, and the workers run it on their photos at the same time. Each photo's {@link DecodedPhoto#scratch()} is cleared once its steps have run.
 */
final class StepRunner {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    static final String NOT_DECODED = "photo could not be decoded";

    /** Receives each photo once every step has run, with its decoded pixels (null when decoding failed). */
    @FunctionalInterface
    interface PhotoDone {
        void accept(PhotoResult result, DecodedPhoto decoded);
    }

    private final PhotoDecoder decoder;
    private final List<Step<?, ?>> steps;
    private final PipelineListener listener;
    private final Object[] stepLocks;

    StepRunner(PhotoDecoder decoder, List<Step<?, ?>> steps, PipelineListener listener) {
        this.decoder = decoder;
        this.steps = List.copyOf(steps);
        this.listener = listener;
        this.stepLocks = new Object[this.steps.size()];
        java.util.Arrays.setAll(stepLocks, i -> new Object());
    }

    /** {@code decode}, then the keys of the steps in run order. */
    List<StageKey<?>> keys() {
        List<StageKey<?>> keys = new ArrayList<>();
        keys.add(StageKey.DECODE);
        steps.forEach(s -> keys.add(s.key()));
        return keys;
    }

    void run(List<Photo> chunk, PhotoDone done) {
        int n = chunk.size();
        PhotoResult[] results = new PhotoResult[n];
        DecodedPhoto[] decoded = new DecodedPhoto[n];
        for (int i = 0; i < n; i++) {
            results[i] = PhotoResult.of(chunk.get(i));
            decoded[i] = decode(results, i);
        }
        for (int s = 0; s < steps.size(); s++) {
            Step<?, ?> step = steps.get(s);
            if (step.stage().threadSafe()) {
                runStep(step, results, decoded);
            } else {
                synchronized (stepLocks[s]) {
                    runStep(step, results, decoded);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (decoded[i] != null) {
                decoded[i].scratch().clear();
            }
        }
        for (int i = 0; i < n; i++) {
            DecodedPhoto pixels = decoded[i];
            decoded[i] = null;
            done.accept(results[i], pixels);
        }
    }

    private DecodedPhoto decode(PhotoResult[] results, int i) {
        Photo photo = results[i].photo();
        long t0 = System.nanoTime();
        try {
            DecodedPhoto pixels = decoder.decode(photo);
            record(results, i, StageKey.DECODE, new Outcome.Done<>(DecodeInfo.of(pixels), Duration.ofNanos(System.nanoTime() - t0),
                    ModelInfo.of(decoder.getClass().getSimpleName())));
            return pixels;
        } catch (Exception e) {
            String why = message(photo, e);
            LOG.warn("Cannot decode {}: {}", photo.id(), why);
            record(results, i, StageKey.DECODE, new Outcome.Failed<>("decode", why, e));
            return null;
        }
    }

    private <I, O> void runStep(Step<I, O> step, PhotoResult[] results, DecodedPhoto[] decoded) {
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            Optional<String> skip = decoded[i] == null ? Optional.of(NOT_DECODED) : step.gate().skipReason(results[i]);
            if (skip.isPresent()) {
                record(results, i, step.key(), new Outcome.Skipped<>(skip.get()));
            } else {
                indices.add(i);
            }
        }
        if (indices.isEmpty()) {
            return;
        }
        List<I> inputs = new ArrayList<>(indices.size());
        for (int i : indices) {
            inputs.add(step.input().apply(decoded[i], results[i]));
        }
        StageKey<O> key = step.key();
        Stage<I, O> stage = step.stage();
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
    static <O> Outcome<O> failedOrSkipped(StageKey<O> key, Stage<?, ?> stage, Photo photo, Exception e) {
        if (e instanceof StageSkipException skip) {
            LOG.debug("{} skipped {}: {}", key.name(), photo.id(), skip.reason());
            return new Outcome.Skipped<>(skip.reason());
        }
        String why = message(photo, e);
        LOG.warn("{} failed on {}: {}", key.name(), photo.id(), why);
        return new Outcome.Failed<>(key.name(), stage.name() + ": " + why, e);
    }

    /** Checks a stage's value: present and of the key's type. */
    static <O> Outcome<O> done(StageKey<O> key, Stage<?, ?> stage, O value, Duration elapsed) {
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

    /**
     * The exception's message with the photo's file path replaced by its id, so outcomes and logs name photos the way
     * results do (relative to the input folder, for a scanned folder) and never carry the absolute path.
     */
    static String message(Photo photo, Exception e) {
        String m = message(e);
        String id = photo.id();
        String absolute = photo.path().toAbsolutePath().normalize().toString();
        m = m.replace(absolute, id);
        return photo.path().isAbsolute() ? m.replace(photo.path().toString(), id) : m;
    }

    static String message(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
