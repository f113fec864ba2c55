package io.phototriage.core.stage;

import io.phototriage.core.DecodedPhoto;
import java.util.Objects;
import java.util.Optional;

/**
 * What the stylize stage is asked.
 *
 * @param photo   the album's hero shot
 * @param subject its segmentation, when the segment stage produced one
 * @param prompt  the text prompt (ignored by models that take none)
 * @param seed    makes a generative model's run reproducible
 */
public record StyleRequest(DecodedPhoto photo, Optional<Segmentation> subject, String prompt, long seed) {
    /** The prompt used when none is given. */
    public static final String DEFAULT_PROMPT = "cinematic portrait, shallow depth of field";

    /**
     * Checks that no component is null.
     *
     * @param photo the album's hero shot
     * @param subject its segmentation, when the segment stage produced one
     * @param prompt the text prompt (ignored by models that take none)
     * @param seed makes a generative model's run reproducible
     */
    public StyleRequest {
        Objects.requireNonNull(photo, "photo");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(prompt, "prompt");
    }
}
