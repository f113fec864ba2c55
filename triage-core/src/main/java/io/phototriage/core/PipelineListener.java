package io.phototriage.core;

/**
 * Observes a pipeline run for progress and timing. Callbacks run on the pipeline's thread: keep them fast.
 * Every method defaults to a no-op, and an exception thrown by a listener is logged and ignored.
 */
public interface PipelineListener {
    /** A listener that does nothing. */
    PipelineListener NONE = new PipelineListener() {};

    /** A run over {@code photoCount} photos starts. */
    default void runStarted(int photoCount) {}

    /** A stage finished (or failed, or was skipped) for one photo. */
    default void stageFinished(Photo photo, StageKey<?> stage, Outcome<?> outcome) {}

    /** All per-photo stages finished for one photo; {@code done} of {@code total} photos are now through. */
    default void photoFinished(PhotoResult result, int done, int total) {}

    /** The run finished. */
    default void runFinished(int photoCount) {}
}
