package io.phototriage.core.stage;

import java.util.Arrays;
import java.util.List;

/**
 * Closing several resources that one object owns (networks, tokenizers, the stages of a chain): every one is closed
 * even when closing another fails, and no failure hides another.
 */
public final class Closeables {
    private Closeables() {}

    /**
     * Closes each resource in the order given; {@code null} entries are skipped.
     *
     * @param resources what to close, in order
     * @throws RuntimeException the first failure, with the later ones suppressed in it; a checked exception is wrapped
     *                          in an {@link IllegalStateException} that names the resource
     */
    public static void closeAll(AutoCloseable... resources) {
        closeAll(Arrays.asList(resources));
    }

    /**
     * Closes each resource in the order of the list; {@code null} entries are skipped.
     *
     * @param resources what to close, in order
     * @throws RuntimeException the first failure, with the later ones suppressed in it; a checked exception is wrapped
     *                          in an {@link IllegalStateException} that names the resource
     */
    public static void closeAll(List<? extends AutoCloseable> resources) {
        RuntimeException first = null;
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException unchecked ? unchecked
                            : new IllegalStateException("closing " + resource + " failed: " + e.getMessage(), e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Closes what was opened before {@code failure} happened, each in the order given ({@code null} entries skipped);
     * a failure to close is added to {@code failure} as suppressed, so the caller then throws {@code failure} itself.
     *
     * @param failure   the error that ends the opening
     * @param resources what was opened so far, in the order to close it
     */
    public static void closeAfterFailure(Throwable failure, List<? extends AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }
}
