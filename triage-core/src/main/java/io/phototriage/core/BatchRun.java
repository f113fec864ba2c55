package io.phototriage.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@link Pipeline#run(List, ResultSink)}: the photos in chunks of {@code batchSize} through the step runner (on
 * this thread, or on {@code workers} threads with the results still delivered in input order), each result to the
 * album stylizer, the counter, the guarded sink and the listener, then the albums.
 */
final class BatchRun {
    private BatchRun() {}

    static RunSummary run(StepRunner runner, AlbumStylizer albums, PipelineListener listener, SinkGuard guarded,
            List<Photo> photos, int batchSize, int workers) {
        long start = System.nanoTime();
        int total = photos.size();
        listener.runStarted(total);
        RunSummary.Counter counter = new RunSummary.Counter();
        int[] done = {0};
        StepRunner.PhotoDone emit = (result, decoded) -> {
            if (albums != null) {
                albums.offer(result, decoded);
            }
            counter.add(result);
            guarded.photo(result);
            listener.photoFinished(result, ++done[0], total);
        };
        List<List<Photo>> chunks = new ArrayList<>();
        for (int from = 0; from < total; from += batchSize) {
            chunks.add(photos.subList(from, Math.min(total, from + batchSize)));
        }
        if (workers > 1 && chunks.size() > 1) {
            ParallelRun.run(runner, chunks, workers, emit);
        } else {
            chunks.forEach(chunk -> runner.run(chunk, emit));
        }
        if (albums != null) {
            albums.finish().forEach(guarded::album);
        }
        listener.runFinished(total);
        return counter.summary(guarded.failures(), Duration.ofNanos(System.nanoTime() - start));
    }
}
