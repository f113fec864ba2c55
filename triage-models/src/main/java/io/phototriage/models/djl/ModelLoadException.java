package io.phototriage.models.djl;

import io.phototriage.core.stage.StageException;

/** A model file exists but DJL cannot load it (wrong format, op the runtime does not know, native missing). */
public class ModelLoadException extends StageException {
    private static final long serialVersionUID = 1L;

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
