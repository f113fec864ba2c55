package io.phototriage.core.model;

import java.util.Objects;

/**
 * One file of a model.
 *
 * @param path   relative to the model's folder, {@code /}-separated, never leaving it
 * @param sha256 lower-case hex digest the file must have
 */
public record ModelFile(String path, String sha256) {
    /**
     * Checks the path and the digest.
     *
     * @param path relative to the model's folder, {@code /}-separated, never leaving it
     * @param sha256 lower-case hex digest the file must have
     * @throws IllegalArgumentException if the path leaves the model folder or the sha256 is not 64 lower-case hex digits
     */
    public ModelFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
        if (path.isBlank() || path.startsWith("/") || path.contains("\\") || java.util.Arrays.asList(path.split("/")).contains("..")) {
            throw new IllegalArgumentException("model file path must be relative and stay inside the model folder: " + path);
        }
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 of " + path + " must be 64 lower-case hex digits: " + sha256);
        }
    }
}
