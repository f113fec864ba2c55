package io.phototriage.core.stage;

/** A stage could not process one input; the message says what failed and, where known, what to do. */
public class StageException extends Exception {
    private static final long serialVersionUID = 1L;

    public StageException(String message) {
        super(message);
    }

    public StageException(String message, Throwable cause) {
        super(message, cause);
    }
}
