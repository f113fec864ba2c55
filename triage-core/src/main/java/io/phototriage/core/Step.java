package io.phototriage.core;

import io.phototriage.core.stage.Detections;
import io.phototriage.core.stage.SegmentRequest;
import io.phototriage.core.stage.Segmentation;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.stage.Stage;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * One per-photo step of a {@link Pipeline}: the stage, the key its outcome is stored under, how its input is made
 * from the photo (the decoded pixels and what earlier steps produced) and the gate that decides whether it runs.
 * The pipeline holds an ordered list of steps; built-in and custom stages are steps alike.
 *
 * @param key   where the outcome is stored
 * @param stage the stage
 * @param input makes the stage's input from the decoded photo and the result so far
 * @param gate  says why the step must not run for a photo (recorded as {@link Outcome.Skipped}), or nothing
 * @param <I>   the stage's input
 * @param <O>   the stage's output
 */
record Step<I, O>(StageKey<O> key, Stage<I, O> stage, BiFunction<DecodedPhoto, PhotoResult, I> input, Gate gate) {
    Step {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(gate, "gate");
    }

    /** "Runs only if ...": the reason a step is skipped for a photo, given what earlier steps produced. */
    @FunctionalInterface
    interface Gate {
        /** Every decoded photo. */
        Gate ALWAYS = soFar -> Optional.empty();

        /** Only photos whose detect step found something (the segmenter is prompted with the best box). */
        Gate DETECT_FOUND_SOMETHING = soFar -> {
            Optional<Outcome<Detections>> det = soFar.outcome(StageKey.DETECT);
            if (det.isEmpty()) {
                return Optional.of("detect did not run");
            }
            Outcome<Detections> outcome = det.get();
            if (outcome instanceof Outcome.Done<Detections> done) {
                return done.value().isEmpty()
                        ? Optional.of("nothing found above the detection threshold " + done.value().threshold())
                        : Optional.empty();
            }
            if (outcome instanceof Outcome.Skipped<Detections> skipped) {
                return Optional.of("detect skipped: " + skipped.reason());
            }
            return Optional.of("detect failed");
        };

        /** Why the step must not run for this photo, or empty when it runs. */
        Optional<String> skipReason(PhotoResult soFar);
    }

    /** A step fed with the decoded photo itself (classify, detect). */
    static <O> Step<DecodedPhoto, O> onPixels(StageKey<O> key, Stage<DecodedPhoto, O> stage) {
        return new Step<>(key, stage, (decoded, soFar) -> decoded, Gate.ALWAYS);
    }

    /** The segment step: prompted with detect's best box, only where detect found something. */
    static Step<SegmentRequest, Segmentation> segment(Segmenter segmenter) {
        return new Step<>(StageKey.SEGMENT, segmenter,
                (decoded, soFar) -> SegmentRequest.of(decoded, soFar.detections().orElseThrow()),
                Gate.DETECT_FOUND_SOMETHING);
    }

    /** A custom stage: it sees the decoded photo and every earlier outcome. */
    static <O> Step<PhotoContext, O> custom(StageKey<O> key, Stage<PhotoContext, O> stage) {
        return new Step<>(key, stage, PhotoContext::new, Gate.ALWAYS);
    }
}
