package io.phototriage.core;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One photo file to triage.
 *
 * @param path  where the file is on disk; it is only ever read
 * @param id    a stable identifier, normally the path relative to the input folder with {@code /} separators
 * @param album the album the photo belongs to, normally its folder relative to the input ({@code ""} for the root)
 */
public record Photo(Path path, String id, String album) {
    /**
     * Checks that no component is null.
     *
     * @param path where the file is on disk; it is only ever read
     * @param id a stable identifier, normally the path relative to the input folder with {@code /} separators
     * @param album the album the photo belongs to, normally its folder relative to the input ({@code ""} for the root)
     */
    public Photo {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(album, "album");
    }

    /**
     * A photo identified by its file name, in the root album.
     *
     * @param path the file
     * @return the photo, id = file name, album {@code ""}
     */
    public static Photo of(Path path) {
        return new Photo(Objects.requireNonNull(path, "path"), String.valueOf(path.getFileName()), "");
    }
}
