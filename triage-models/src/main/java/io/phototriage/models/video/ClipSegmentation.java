package io.phototriage.models.video;

import io.phototriage.core.Outcome;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.video.ClipTracker;
import io.phototriage.core.video.FrameMask;
import io.phototriage.core.video.VideoFrame;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Runs one tracker over one clip with the pipeline's outcome rules, frame by frame: a frame that does not decode or
 * on which the tracker throws an {@code Exception} is recorded as {@link Outcome.Failed} and the clip goes on
 * ({@code Error}s are not caught). Only the prompt frame is special: the prompt is given on it, so if it fails there
 * is nothing to follow and the run stops with a {@link StageException}. Each frame is handed to the sink as soon as it
 * is through and then dropped, so a clip of any length runs in constant memory.
 */
public final class ClipSegmentation {
    private ClipSegmentation() {}

    /**
     * One frame's result.
     *
     * @param index           the frame's index in the clip
     * @param timestampMicros its presentation time (estimated from the frame rate for a frame that failed to decode)
     * @param outcome         the mask, or why there is none
     */
    public record FrameResult(int index, long timestampMicros, Outcome<FrameMask> outcome) {
        /**
         * Checks the outcome is given.
         *
         * @param index           the frame's index
         * @param timestampMicros its time
         * @param outcome         the outcome
         */
        public FrameResult {
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /** Receives each frame's result in clip order. */
    @FunctionalInterface
    public interface FrameSink {
        /**
         * One frame is through.
         *
         * @param result its outcome
         * @param frame  the decoded frame, or null when it did not decode
         * @throws IOException if writing the frame's outputs fails (this stops the run)
         */
        void frame(FrameResult result, VideoFrame frame) throws IOException;
    }

    /**
     * What a run did.
     *
     * @param frames how many frames were read or attempted
     * @param failed how many of them failed
     * @param millis the tracker time of each frame that was tracked, in clip order
     */
    public record Summary(int frames, int failed, double[] millis) {}

    /**
     * Runs {@code tracker} over every frame of {@code reader}.
     *
     * @param reader  the clip, positioned at its first frame (the prompt frame)
     * @param tracker the tracker the prompt opened
     * @param stage   the stage name recorded in failures
     * @param model   the model recorded in results
     * @param sink    receives every frame's result
     * @return counts and timings
     * @throws StageException if the prompt frame cannot be read or segmented, or the clip has no frame
     * @throws IOException    if the clip cannot be read any further or the sink fails
     */
    public static Summary run(ClipReader reader, ClipTracker tracker, String stage, ModelInfo model, FrameSink sink)
            throws StageException, IOException {
        int frames = 0;
        int failed = 0;
        double[] millis = new double[64];
        int timed = 0;
        while (reader.hasNext()) {
            int index = reader.position();
            VideoFrame frame;
            try {
                frame = reader.next();
            } catch (java.util.NoSuchElementException end) {
                break;
            } catch (ClipReader.FrameReadException e) {
                if (index == 0) {
                    throw new StageException("the first frame (the prompt frame) does not decode: " + e.getMessage(), e);
                }
                frames++;
                failed++;
                long ts = Math.round(index * 1_000_000.0 / reader.info().fps());
                sink.frame(new FrameResult(index, ts, new Outcome.Failed<>(stage, e.getMessage(), e)), null);
                continue;
            }
            frames++;
            long start = System.nanoTime();
            Outcome<FrameMask> outcome;
            try {
                FrameMask mask = tracker.next(frame);
                outcome = new Outcome.Done<>(mask, Duration.ofNanos(System.nanoTime() - start), model);
            } catch (StageException | RuntimeException e) {
                if (frame.index() == 0) {
                    throw e instanceof StageException se ? se
                            : new StageException("the prompt frame cannot be segmented: " + e.getMessage(), e);
                }
                failed++;
                outcome = new Outcome.Failed<>(stage, "frame " + frame.index() + ": " + e.getMessage(), e);
            }
            if (timed == millis.length) {
                millis = java.util.Arrays.copyOf(millis, timed * 2);
            }
            millis[timed++] = (System.nanoTime() - start) / 1e6;
            sink.frame(new FrameResult(frame.index(), frame.timestampMicros(), outcome), frame);
        }
        if (frames == 0) {
            throw new StageException("the clip " + reader.info().source().getFileName() + " has no frame");
        }
        return new Summary(frames, failed, java.util.Arrays.copyOf(millis, timed));
    }
}
