package io.phototriage.core;

import java.util.Objects;

/**
 * What a custom stage added with {@link Pipeline.Builder#stage} sees: the decoded photo and what earlier
 * stages produced for it.
 */
public record PhotoContext(DecodedPhoto photo, PhotoResult soFar) {
    /**
     * Checks that no component is null.
     *
     * @param photo the decoded photo
     * @param soFar the outcomes of the earlier stages
     */
    public PhotoContext {
        Objects.requireNonNull(photo, "photo");
        Objects.requireNonNull(soFar, "soFar");
    }
}
