package io.phototriage.core.model;

/** A model is missing, incomplete or corrupt; the message says which file, where it was looked for, and what to do. */
public class ModelException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is missing or wrong, and how to fix it */
    public ModelException(String message) {
        super(message);
    }

    /**
     * @param message what is missing or wrong, and how to fix it
     * @param cause   the underlying failure
     */
    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
