package io.phototriage.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A run with several photos in flight ({@link Pipeline.Builder#workers}): {@code workers} threads each take the next
 * chunk, decode it and run its steps (a stage is called by one thread at a time unless it is {@linkplain
 * io.phototriage.core.stage.Stage#threadSafe() thread-safe}, see {@link StepRunner}), while
 * the calling thread hands the finished photos to the sink strictly in input order. So decoding the next photos and
 * the sink's work (encoding and writing thumbnails, cut-outs, the journal) overlap with the models.
 *
 * <p>Memory is bounded: at most {@code 2 * workers} chunks are submitted and not yet handed on (a slow photo holds
 * back later ones in that window, never more). An {@link Error} or unchecked exception on a worker is rethrown on the
 * calling thread; whatever stops the run (also the sink, under {@link SinkFailurePolicy#STOP}) first lets the chunks
 * already running finish, so no stage is still running when the run returns or the pipeline is closed.
 */
final class ParallelRun {
    private static final AtomicInteger RUNS = new AtomicInteger();

    /** One photo that went through the steps, with its pixels for the album's hero choice (null if not decoded). */
    private record Finished(PhotoResult result, DecodedPhoto decoded) {}

    private ParallelRun() {}

    /**
     * Runs every chunk and hands each photo to {@code done} on the calling thread, in input order.
     *
     * @param runner  the steps
     * @param chunks  the photos, cut into chunks of the batch size
     * @param workers how many chunks may be worked on at once, at least 2
     * @param done    receives each photo, in order, on the calling thread
     */
    static void run(StepRunner runner, List<List<Photo>> chunks, int workers, StepRunner.PhotoDone done) {
        int run = RUNS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "phototriage-run" + run + "-worker" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService pool = Executors.newFixedThreadPool(workers, factory);
        ArrayDeque<Future<List<Finished>>> pending = new ArrayDeque<>();
        int window = 2 * workers;
        int next = 0;
        try {
            while (next < chunks.size() || !pending.isEmpty()) {
                while (next < chunks.size() && pending.size() < window) {
                    List<Photo> chunk = chunks.get(next++);
                    pending.add(pool.submit(() -> {
                        List<Finished> out = new ArrayList<>(chunk.size());
                        runner.run(chunk, (result, decoded) -> out.add(new Finished(result, decoded)));
                        return out;
                    }));
                }
                for (Finished f : await(pending.poll())) {
                    done.accept(f.result(), f.decoded());
                }
            }
        } finally {
            pending.forEach(f -> f.cancel(false));
            pool.shutdown();
            awaitQuietly(pool);
        }
    }

    private static List<Finished> await(Future<List<Finished>> future) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException("a pipeline worker failed: " + cause, cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for the chunks that are running (cancelled ones never start), keeping the caller's interrupt. */
    private static void awaitQuietly(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
