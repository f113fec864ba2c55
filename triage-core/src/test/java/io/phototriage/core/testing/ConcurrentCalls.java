package io.phototriage.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The thread-safety check of the decoder tests, shared through the core test-jar. */
public final class ConcurrentCalls {
    private ConcurrentCalls() {}

    /**
     * Runs each call once in turn, then all of them {@code rounds} times over on {@code threads} threads, and asserts
     * that every concurrent result equals the sequential result of the same call.
     *
     * @param calls   the calls, e.g. decode one file and return its pixels
     * @param labels  one per call, named when a result differs
     * @param threads the pool size
     * @param rounds  how often each call runs concurrently
     * @throws Exception when a call throws
     */
    public static void assertSameAsSequential(List<Callable<int[]>> calls, List<String> labels, int threads, int rounds)
            throws Exception {
        List<int[]> expected = new ArrayList<>();
        for (Callable<int[]> call : calls) {
            expected.add(call.call());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<int[]>> tasks = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                tasks.addAll(calls);
            }
            List<Future<int[]>> results = pool.invokeAll(tasks);
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).as(labels.get(i % calls.size())).isEqualTo(expected.get(i % calls.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
