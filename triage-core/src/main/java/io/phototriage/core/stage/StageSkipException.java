package io.phototriage.core.stage;

import java.util.Objects;

/**
 * Thrown by a stage that declines one photo for a reason that is not a fault: the photo decoded and the earlier
 * stages were fine, but this stage has nothing meaningful to produce (for example no subject pixels inside the
 * detected box). The pipeline records it as {@code Outcome.Skipped} with {@link #reason()}, not as a failure.
 */
public final class StageSkipException extends StageException {
    private static final long serialVersionUID = 1L;

    /** @param reason why the stage declined the photo, shown to the user as is */
    public StageSkipException(String reason) {
        super(Objects.requireNonNull(reason, "reason"));
    }

    /**
     * Why the stage declined the photo.
     *
     * @return why the photo was declined
     */
    public String reason() {
        return getMessage();
    }
}
