package io.phototriage.models.ct;

import java.io.IOException;

/**
 * An input volume or series that cannot be read: not DICOM or NIfTI, truncated, a broken header, an inconsistent
 * series (mixed sizes, a gap, a tilt), an unsupported encoding, or over the voxel budget. The message names the file
 * and what is wrong.
 */
public class CtInputException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * An input error.
     *
     * @param message what is wrong, naming the file
     */
    public CtInputException(String message) {
        super(message);
    }

    /**
     * An input error with its cause.
     *
     * @param message what is wrong, naming the file
     * @param cause   the underlying failure
     */
    public CtInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
