package io.phototriage.models.djl;

import io.phototriage.core.stage.StageException;

/** A model file exists but DJL cannot load it (wrong format, op the runtime does not know, native missing). */
public class ModelLoadException extends StageException {
    private static final long serialVersionUID = 1L;

    /**
     * A load failure described by {@code message}.
     *
     * @param message what could not be loaded and why, naming the file
     */
    public ModelLoadException(String message) {
        super(message);
    }

    /**
     * A load failure caused by {@code cause} (e.g. DJL's exception or a linkage error).
     *
     * @param message what could not be loaded and why, naming the file
     * @param cause   the underlying failure
     */
    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
