package io.phototriage.examples;

import io.phototriage.core.PhotoResult;
import io.phototriage.core.PipelineListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress on a stream: photos done / total, rate, ETA and the current album. On a terminal one line is redrawn
 * with {@code \r}; elsewhere (a log file, CI) a plain line is printed at most every {@link #PLAIN_INTERVAL}, and
 * for the first and last photo.
 */
final class ProgressReporter implements PipelineListener {
    static final Duration PLAIN_INTERVAL = Duration.ofSeconds(5);

    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanoClock;
    private long startNanos;
    private long lastPrintNanos;
    private boolean lineOpen;

    ProgressReporter(PrintStream out, boolean terminal, LongSupplier nanoClock) {
        this.out = out;
        this.terminal = terminal;
        this.nanoClock = nanoClock;
    }

    @Override
    public void runStarted(int photoCount) {
        startNanos = nanoClock.getAsLong();
        lastPrintNanos = startNanos;
    }

    @Override
    public void photoFinished(PhotoResult result, int done, int total) {
        long now = nanoClock.getAsLong();
        String line = line(done, total, now - startNanos, result.photo().album());
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
            lineOpen = true;
            out.flush();
        } else if (done == 1 || done == total || now - lastPrintNanos >= PLAIN_INTERVAL.toNanos()) {
            out.println(line);
            lastPrintNanos = now;
        }
    }

    @Override
    public void runFinished(int photoCount) {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
    }

    static String line(int done, int total, long elapsedNanos, String album) {
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 ? duration(Math.round((total - done) / rate)) : "?";
        int width = String.valueOf(total).length();
        return String.format(Locale.ROOT, "[%" + width + "d/%d] %5.1f%%  %.2f photos/s  ETA %s  album: %s", done, total,
                total == 0 ? 100.0 : 100.0 * done / total, rate, eta, album.isEmpty() ? "(root)" : album.replaceAll("\\p{Cntrl}", "?"));
    }

    static String duration(long seconds) {
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
