package io.phototriage.core;

import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.StageException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A per-photo memo shared by the stages that see one {@link DecodedPhoto}: so that each model runs once per photo
 * even when two stages need its output (the lite classifier reads YOLOX's raw grid output that the detector computes,
 * or computes it first and the detector reuses it).
 *
 * <p>Every {@link DecodedPhoto} carries a fresh, empty scratch (one per decode, so one per photo and run); the
 * {@link Pipeline} {@linkplain #clear() clears} it once the photo's steps have run, so nothing outlives the photo's
 * per-photo steps. A value is keyed by {@link Key}: which model made it (name and weights, e.g. the file's sha256)
 * and which input it was given (e.g. {@code "letterbox 416"}), so two stage objects that load the same weights share
 * the value and different models or inputs never do. Values must be treated as read-only by everyone who gets them.
 *
 * <p>A computation that throws is not remembered: the next caller computes again. Safe to use from several threads;
 * a computation runs under this scratch's lock, so a value is computed at most once.
 */
public final class PhotoScratch {
    private final Map<Key, Object> values = new HashMap<>();

    /** A new, empty scratch. */
    public PhotoScratch() {}

    /**
     * What a memoised value is: the output of {@code model} on {@code input}.
     *
     * @param model   the model's name
     * @param weights its weights (e.g. the file's sha256): together with the name, which model produced the value
     * @param input   which input of the photo the model was given, with everything that changes it (e.g.
     *                {@code "letterbox 416"})
     */
    public record Key(String model, String weights, String input) {
        /**
         * Checks the parts.
         *
         * @param model   the model's name
         * @param weights its weights
         * @param input   which input it was given
         * @throws NullPointerException if any is null
         */
        public Key {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(weights, "weights");
            Objects.requireNonNull(input, "input");
        }

        /**
         * The key of {@code model}'s output on {@code input} (the engine is not part of it).
         *
         * @param model which model (its name and weights are used)
         * @param input which input it was given
         * @return the key
         */
        public static Key of(ModelInfo model, String input) {
            return new Key(model.name(), model.weights(), input);
        }
    }

    /**
     * A computation that may fail as a stage does.
     *
     * @param <T> what it computes
     */
    @FunctionalInterface
    public interface Compute<T> {
        /**
         * Computes the value.
         *
         * @return the value, never null
         * @throws StageException when it cannot be computed for this photo
         */
        T get() throws StageException;
    }

    /**
     * The value for {@code key}: remembered from an earlier call on this photo, or computed now and remembered.
     *
     * @param key     the model and input
     * @param type    the value's type (a value stored under the same key with another type is an error)
     * @param compute computes it when it is not there yet
     * @param <T>     the value's type
     * @return the value (the same object for every caller: do not modify it)
     * @throws StageException        what {@code compute} threw (nothing is remembered then)
     * @throws IllegalStateException if {@code compute} returns null or the stored value is not a {@code type}
     */
    public synchronized <T> T memo(Key key, Class<T> type, Compute<T> compute) throws StageException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Object value = values.get(key);
        if (value == null) {
            value = compute.get();
            if (value == null) {
                throw new IllegalStateException("the computation for " + key + " returned null");
            }
            values.put(key, value);
        }
        if (!type.isInstance(value)) {
            throw new IllegalStateException(key + " holds a " + value.getClass().getName() + ", not a " + type.getName());
        }
        return type.cast(value);
    }

    /**
     * How many values are remembered.
     *
     * @return the count
     */
    public synchronized int size() {
        return values.size();
    }

    /** Forgets every value (the pipeline calls this when the photo's steps are done). */
    public synchronized void clear() {
        values.clear();
    }

    /** The keys remembered, for logs. */
    @Override
    public synchronized String toString() {
        return "PhotoScratch" + values.keySet();
    }
}
