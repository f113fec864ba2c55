package io.phototriage.core.stage;

import io.phototriage.core.DecodedPhoto;
import java.util.Objects;

/**
 * What the segment stage is asked: cut the subject in {@code subject.box()} out of {@code photo}.
 *
 * @param photo   the decoded photo
 * @param subject the prompt, normally the detect stage's best box (in {@code photo.image()} pixels)
 */
public record SegmentRequest(DecodedPhoto photo, Detection subject) {
    /**
     * Checks that no component is null.
     *
     * @param photo the decoded photo
     * @param subject the prompt, normally the detect stage's best box (in {@code photo.image()} pixels)
     */
    public SegmentRequest {
        Objects.requireNonNull(photo, "photo");
        Objects.requireNonNull(subject, "subject");
    }
}
