package io.phototriage.core;

/**
 * Thrown by {@link Pipeline#close()} when one or more stages failed to close. Every stage was still asked to close;
 * each failure is a {@linkplain #getSuppressed() suppressed} exception, in the order the stages were closed (the
 * reverse of the run order), and the message names them.
 */
public final class PipelineCloseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message which stages failed to close, and why
     */
    public PipelineCloseException(String message) {
        super(message);
    }
}
