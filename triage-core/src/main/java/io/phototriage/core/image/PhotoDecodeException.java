package io.phototriage.core.image;

import java.nio.file.Path;

/** A photo could not be decoded; the message names the file and the reason. */
public class PhotoDecodeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Path path;

    /**
     * @param path   the photo that failed
     * @param reason why, for the user
     */
    public PhotoDecodeException(Path path, String reason) {
        super(path + ": " + reason);
        this.path = path;
    }

    /**
     * @param path   the photo that failed
     * @param reason why, for the user
     * @param cause  the decoder's exception
     */
    public PhotoDecodeException(Path path, String reason, Throwable cause) {
        super(path + ": " + reason, cause);
        this.path = path;
    }

    /**
     * The file that failed.
     *
     * @return the file
     */
    public Path path() {
        return path;
    }
}
