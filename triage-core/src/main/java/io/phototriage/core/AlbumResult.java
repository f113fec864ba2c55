package io.phototriage.core;

import io.phototriage.core.stage.Stylized;
import java.util.Objects;
import java.util.Optional;

/**
 * What the album-level stage (stylize) did for one album.
 *
 * @param album    the album
 * @param hero     the photo chosen as hero shot, if any photo was eligible
 * @param stylized the stylize outcome for the hero (skipped, with the reason, when there is none)
 */
public record AlbumResult(String album, Optional<Photo> hero, Outcome<Stylized> stylized) {
    /**
     * Checks that no component is null.
     *
     * @param album the album
     * @param hero the photo chosen as hero shot, if any photo was eligible
     * @param stylized the stylize outcome for the hero (skipped, with the reason, when there is none)
     */
    public AlbumResult {
        Objects.requireNonNull(album, "album");
        Objects.requireNonNull(hero, "hero");
        Objects.requireNonNull(stylized, "stylized");
    }
}
