package io.phototriage.core;

/**
 * Observes a pipeline run for progress and timing. Callbacks run on the pipeline's thread, or with
 * {@link Pipeline.Builder#workers(int) several workers} {@code stageFinished} on the worker threads: they never overlap
 * (the pipeline calls them one at a time), but keep them fast.
 * Every method defaults to a no-op, and an exception thrown by a listener is logged and ignored.
 */
public interface PipelineListener {
    /** A listener that does nothing. */
    PipelineListener NONE = new PipelineListener() {};

    /**
     * A run over {@code photoCount} photos starts.
     *
     * @param photoCount how many photos the run has
     */
    default void runStarted(int photoCount) {}

    /**
     * A stage finished (or failed, or was skipped) for one photo.
     *
     * @param photo   the photo
     * @param stage   the stage's key
     * @param outcome what it did
     */
    default void stageFinished(Photo photo, StageKey<?> stage, Outcome<?> outcome) {}

    /**
     * All per-photo stages finished for one photo; {@code done} of {@code total} photos are now through.
     *
     * @param result the photo's result
     * @param done   photos finished so far, this one included
     * @param total  photos in the run
     */
    default void photoFinished(PhotoResult result, int done, int total) {}

    /**
     * The run finished.
     *
     * @param photoCount how many photos the run had
     */
    default void runFinished(int photoCount) {}
}
