package io.phototriage.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps the user's listener so that a throwing callback never breaks the run (logged and ignored), and so that its
 * callbacks never overlap: with several workers they come from several threads, one at a time.
 */
final class SafeListener implements PipelineListener {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

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

    private synchronized void guard(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("Pipeline listener threw, ignored: {}", e.toString());
        }
    }
}
