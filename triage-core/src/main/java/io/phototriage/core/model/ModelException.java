package io.phototriage.core.model;

/** A model is missing, incomplete or corrupt; the message says which file, where it was looked for, and what to do. */
public class ModelException extends Exception {
    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
