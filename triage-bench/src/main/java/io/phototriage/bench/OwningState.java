package io.phototriage.bench;

import io.phototriage.core.stage.Closeables;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A benchmark state that owns the models and stages its set-up opens: the set-up registers each with {@link #own} as
 * it opens it, and the trial's tear-down (inherited by every state of this module that opens native resources) closes
 * them, last opened first, every one even when closing another fails ({@link Closeables#closeAll}). A set-up that fails
 * part-way calls {@link #tearDown} before it rethrows, so nothing it opened is left open.
 */
public abstract class OwningState {
    private final List<AutoCloseable> owned = new ArrayList<>();

    /**
     * Registers {@code part} to be closed at the end of the trial.
     *
     * @param part what the set-up just opened
     * @param <T>  its type
     * @return {@code part}
     */
    protected final <T extends AutoCloseable> T own(T part) {
        owned.add(part);
        return part;
    }

    /**
     * Closes what {@link #own} registered, last first; nothing is left registered afterwards.
     *
     * @throws RuntimeException the first close that failed, with the later ones suppressed in it
     */
    @TearDown(Level.Trial)
    public void tearDown() {
        List<AutoCloseable> parts = new ArrayList<>(owned);
        owned.clear();
        Collections.reverse(parts);
        Closeables.closeAll(parts);
    }
}
