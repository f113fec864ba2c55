package io.phototriage.core;

import io.phototriage.core.stage.ModelInfo;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one stage did for one photo: {@link Done}, {@link Failed} or {@link Skipped}.
 *
 * @param <T> the stage's output type
 */
public sealed interface Outcome<T> permits Outcome.Done, Outcome.Failed, Outcome.Skipped {

    /**
     * The value if the stage succeeded.
     *
     * @return the value of a {@link Done}, else empty
     */
    default Optional<T> valueIfDone() {
        return this instanceof Done<T> d ? Optional.of(d.value()) : Optional.empty();
    }

    /** @return true for {@link Done} */
    default boolean isDone() {
        return this instanceof Done;
    }

    /** The stage produced {@code value} in {@code elapsed} with {@code model}. */
    record Done<T>(T value, Duration elapsed, ModelInfo model) implements Outcome<T> {
        /**
         * Checks that no component is null.
         *
         * @param value   the stage's value
         * @param elapsed how long the stage took for this photo
         * @param model   which model and weights produced it
         */
        public Done {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(elapsed, "elapsed");
            Objects.requireNonNull(model, "model");
        }
    }

    /**
     * The stage failed for this photo.
     *
     * @param stage   the stage's name
     * @param message what failed and, where known, what to do
     * @param cause   the exception, if any
     */
    record Failed<T>(String stage, String message, Throwable cause) implements Outcome<T> {
        /**
         * Checks that the stage and the message are not null.
         *
         * @param stage the stage's name
         * @param message what failed and, where known, what to do
         * @param cause the exception, if any
         */
        public Failed {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(message, "message");
        }
    }

    /** The stage did not run for this photo, for {@code reason} (e.g. "nothing found" by detect). */
    record Skipped<T>(String reason) implements Outcome<T> {
        /**
         * Checks that the reason is not null.
         *
         * @param reason why the stage did not run
         */
        public Skipped {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
