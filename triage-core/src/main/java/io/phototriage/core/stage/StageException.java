package io.phototriage.core.stage;

/** A stage could not process one input; the message says what failed and, where known, what to do. */
public class StageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what failed and, where known, what to do */
    public StageException(String message) {
        super(message);
    }

    /**
     * @param message what failed and, where known, what to do
     * @param cause   the underlying failure
     */
    public StageException(String message, Throwable cause) {
        super(message, cause);
    }
}
