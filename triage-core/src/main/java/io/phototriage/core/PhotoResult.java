package io.phototriage.core;

import io.phototriage.core.stage.Classification;
import io.phototriage.core.stage.Detections;
import io.phototriage.core.stage.Segmentation;
import io.phototriage.core.stage.Stylized;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the pipeline learned about one photo: one typed {@link Outcome} per stage that was configured,
 * in pipeline order. Immutable; {@link #with} returns a new result.
 */
public final class PhotoResult {

    /** Overall status of a photo. */
    public enum Status {
        /** Every configured stage ran or was skipped for a reason (e.g. nothing detected). */
        OK,
        /** Detect found nothing, so the later stages were skipped. */
        SKIPPED,
        /** At least one stage (or decoding) failed. */
        ERROR
    }

    private final Photo photo;
    private final Map<StageKey<?>, Outcome<?>> outcomes;

    private PhotoResult(Photo photo, Map<StageKey<?>, Outcome<?>> outcomes) {
        this.photo = Objects.requireNonNull(photo, "photo");
        this.outcomes = Collections.unmodifiableMap(outcomes);
    }

    /**
     * A result with no outcomes yet.
     *
     * @param photo the photo
     * @return an empty result
     */
    public static PhotoResult of(Photo photo) {
        return new PhotoResult(photo, new LinkedHashMap<>());
    }

    /**
     * A copy with {@code outcome} recorded for {@code key} (replacing any earlier one).
     *
     * @param key     the stage's key
     * @param outcome its outcome
     * @param <T>     the stage's output type
     * @return the new result
     */
    public <T> PhotoResult with(StageKey<T> key, Outcome<T> outcome) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(outcome, "outcome");
        Map<StageKey<?>, Outcome<?>> copy = new LinkedHashMap<>(outcomes);
        copy.put(key, outcome);
        return new PhotoResult(photo, copy);
    }

    /** @return the photo this result is about */
    public Photo photo() {
        return photo;
    }

    /**
     * The outcome of the stage with {@code key}, if that stage was configured.
     *
     * @param key the stage's key
     * @param <T> the stage's output type
     * @return the outcome, or empty if that stage is not in the pipeline
     */
    @SuppressWarnings("unchecked")
    public <T> Optional<Outcome<T>> outcome(StageKey<T> key) {
        return Optional.ofNullable((Outcome<T>) outcomes.get(key));
    }

    /**
     * The stage's value if it succeeded.
     *
     * @param key the stage's key
     * @param <T> the stage's output type
     * @return the value of a {@link Outcome.Done}, else empty
     */
    public <T> Optional<T> value(StageKey<T> key) {
        return outcome(key).flatMap(Outcome::valueIfDone);
    }

    /**
     * All outcomes in pipeline order.
     *
     * @return an unmodifiable map, in pipeline order
     */
    public Map<StageKey<?>, Outcome<?>> outcomes() {
        return outcomes;
    }

    /** @return the classify stage's value, if it ran and succeeded */
    public Optional<Classification> classification() {
        return value(StageKey.CLASSIFY);
    }

    /** @return the detect stage's value, if it ran and succeeded */
    public Optional<Detections> detections() {
        return value(StageKey.DETECT);
    }

    /** @return the segment stage's value, if it ran and succeeded */
    public Optional<Segmentation> segmentation() {
        return value(StageKey.SEGMENT);
    }

    /** @return the stylize outcome's value, if this photo is its album's hero and stylize succeeded */
    public Optional<Stylized> stylized() {
        return value(StageKey.STYLIZE);
    }

    /**
     * The first failure, if any stage failed.
     *
     * @return the first failed outcome in pipeline order, or empty
     */
    public Optional<Outcome.Failed<?>> firstFailure() {
        return outcomes.values().stream()
                .filter(o -> o instanceof Outcome.Failed<?>)
                .<Outcome.Failed<?>>map(o -> (Outcome.Failed<?>) o)
                .findFirst();
    }

    /**
     * The overall status: {@link Status#ERROR} if any stage failed, else {@link Status#SKIPPED} if detect ran and found
     * nothing, else {@link Status#OK}.
     *
     * @return the status
     */
    public Status status() {
        if (firstFailure().isPresent()) {
            return Status.ERROR;
        }
        Optional<Detections> det = detections();
        if (det.isPresent() && det.get().isEmpty()) {
            return Status.SKIPPED;
        }
        return Status.OK;
    }

    @Override
    public String toString() {
        return "PhotoResult[" + photo.id() + ", " + status() + ", " + outcomes.keySet().stream().map(StageKey::name).toList() + "]";
    }
}
