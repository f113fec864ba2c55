package io.phototriage.core;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Counts for a finished run, by {@link PhotoResult.Status}.
 *
 * @param photos       photos run
 * @param byStatus     how many photos ended with each status (every status present, zero included)
 * @param sinkFailures results the {@link ResultSink} threw on (photo and album results); they were logged and the
 *                     run went on
 * @param elapsed      wall time of the run
 */
public record RunSummary(int photos, Map<PhotoResult.Status, Integer> byStatus, int sinkFailures, Duration elapsed) {
    /**
     * Validates and copies the counts.
     *
     * @param photos photos run
     * @param byStatus how many photos ended with each status (every status present, zero included)
     * @param sinkFailures results the {@link ResultSink} threw on (photo and album results); they were logged and the run went on
     * @param elapsed wall time of the run
     * @throws IllegalArgumentException if a count is negative or the counts by status do not add up to {@code photos}
     */
    public RunSummary {
        Objects.requireNonNull(byStatus, "byStatus");
        Objects.requireNonNull(elapsed, "elapsed");
        EnumMap<PhotoResult.Status, Integer> all = new EnumMap<>(PhotoResult.Status.class);
        for (PhotoResult.Status s : PhotoResult.Status.values()) {
            int n = byStatus.getOrDefault(s, 0);
            if (n < 0) {
                throw new IllegalArgumentException("negative count for " + s + ": " + n);
            }
            all.put(s, n);
        }
        int sum = all.values().stream().mapToInt(Integer::intValue).sum();
        if (photos < 0 || sinkFailures < 0 || sum != photos) {
            throw new IllegalArgumentException("counts " + all + " do not add up to " + photos + " photos (sink failures "
                    + sinkFailures + ")");
        }
        byStatus = Map.copyOf(all);
    }

    /**
     * Counts the statuses of {@code results}.
     *
     * @param results      the photos' results
     * @param sinkFailures how many results the sink threw on
     * @param elapsed      wall time of the run
     * @return the summary
     */
    public static RunSummary of(List<PhotoResult> results, int sinkFailures, Duration elapsed) {
        Counter counter = new Counter();
        results.forEach(counter::add);
        return counter.summary(sinkFailures, elapsed);
    }

    /**
     * How many photos ended with {@code status}.
     *
     * @param status the status
     * @return the count, 0 if none
     */
    public int count(PhotoResult.Status status) {
        return byStatus.get(Objects.requireNonNull(status, "status"));
    }

    /** @return photos with status {@link PhotoResult.Status#OK} */
    public int ok() {
        return count(PhotoResult.Status.OK);
    }

    /** @return photos with status {@link PhotoResult.Status#SKIPPED} (detect found nothing) */
    public int skipped() {
        return count(PhotoResult.Status.SKIPPED);
    }

    /** @return photos with status {@link PhotoResult.Status#ERROR} (decoding or a stage failed) */
    public int failed() {
        return count(PhotoResult.Status.ERROR);
    }

    /** Counts statuses as results stream by, without keeping the results. */
    static final class Counter {
        private final EnumMap<PhotoResult.Status, Integer> counts = new EnumMap<>(PhotoResult.Status.class);
        private int photos;

        void add(PhotoResult result) {
            counts.merge(result.status(), 1, Integer::sum);
            photos++;
        }

        RunSummary summary(int sinkFailures, Duration elapsed) {
            return new RunSummary(photos, counts, sinkFailures, elapsed);
        }
    }
}
