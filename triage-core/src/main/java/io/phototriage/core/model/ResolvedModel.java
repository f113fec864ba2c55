package io.phototriage.core.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A model folder whose files were all found and checked against their sha256.
 *
 * @param manifest what the folder holds
 * @param dir      the folder
 */
public record ResolvedModel(ModelManifest manifest, Path dir) {
    /**
     * Checks that no component is null.
     *
     * @param manifest what the folder holds
     * @param dir the folder
     */
    public ResolvedModel {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(dir, "dir");
    }

    /**
     * The file with {@code role}, e.g. {@code "image_encoder"}.
     *
     * @param role the file's role in the manifest
     * @return its path
     */
    public Path file(String role) {
        ModelFile f = manifest.files().get(role);
        if (f == null) {
            throw new IllegalArgumentException("model " + manifest.name() + " has no file with role '" + role + "'; it has "
                    + manifest.files().keySet());
        }
        return dir.resolve(f.path());
    }

    /**
     * Short provenance for results: name plus the first 12 hex digits of the main file's sha256.
     *
     * @param role the file's role in the manifest
     * @return {@code name@} plus 12 hex digits of the file's sha256, or the model name when it has no such role
     */
    public String weightsId(String role) {
        ModelFile f = manifest.files().get(role);
        return f == null ? manifest.name() : manifest.name() + "@" + f.sha256().substring(0, 12);
    }
}
