package io.phototriage.core.video;

import io.phototriage.core.stage.StageException;

/**
 * Follows one subject through one clip, frame by frame, in order. It keeps the state the model needs (SAM 2's
 * memory bank, the previous mask) and releases its native memory per frame; {@link #close()} releases the rest.
 * Not thread-safe: one clip, one thread.
 */
public interface ClipTracker extends AutoCloseable {

    /**
     * Segments the next frame. The first call gets the frame the prompt was given on.
     *
     * @param frame the next frame, with an index greater than the previous one's
     * @return the subject's mask on that frame
     * @throws StageException when this frame cannot be segmented; the tracker stays usable for the next frame
     */
    FrameMask next(VideoFrame frame) throws StageException;

    @Override
    default void close() throws Exception {}
}
