package io.phototriage.spark;

import io.phototriage.core.Photo;
import io.phototriage.examples.Journal.SourceFingerprint;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One photo to triage, as the driver ships it to an executor: the scan's photo and the fingerprint taken when the
 * run was planned (it goes into the journal entry, as in the {@code run} command).
 *
 * @param path         the file, as the driver listed it (a path every executor can read)
 * @param id           the photo's id (path relative to the input)
 * @param album        its album
 * @param size         fingerprint: size in bytes, or -1 when the file could not be read on the driver
 * @param modifiedMs   fingerprint: modification time
 * @param sampleSha256 fingerprint: sha256 of the first and last bytes, or null when unreadable
 * @serial exclude (shipped to the executors of one run, never stored)
 */
public record PhotoTask(String path, String id, String album, long size, long modifiedMs, String sampleSha256)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Checks that the photo is named.
     *
     * @param path         the file
     * @param id           the photo's id
     * @param album        its album
     * @param size         fingerprint size, -1 if unknown
     * @param modifiedMs   fingerprint time
     * @param sampleSha256 fingerprint hash, null if unknown
     */
    public PhotoTask {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(album, "album");
    }

    /**
     * The task of a scanned photo.
     *
     * @param photo       the photo
     * @param fingerprint its fingerprint, null when it could not be read
     * @return the task
     */
    public static PhotoTask of(Photo photo, SourceFingerprint fingerprint) {
        return fingerprint == null
                ? new PhotoTask(photo.path().toString(), photo.id(), photo.album(), -1, 0, null)
                : new PhotoTask(photo.path().toString(), photo.id(), photo.album(), fingerprint.size(), fingerprint.modifiedMs(),
                        fingerprint.sampleSha256());
    }

    /**
     * The task of a photo read from elsewhere than its {@link Photo#path()} (a file on a Hadoop file system).
     *
     * @param location    where the executor reads it (a URI)
     * @param photo       the photo
     * @param fingerprint its fingerprint, null when it could not be read
     * @return the task
     */
    public static PhotoTask at(String location, Photo photo, SourceFingerprint fingerprint) {
        return fingerprint == null ? new PhotoTask(location, photo.id(), photo.album(), -1, 0, null)
                : new PhotoTask(location, photo.id(), photo.album(), fingerprint.size(), fingerprint.modifiedMs(),
                        fingerprint.sampleSha256());
    }

    /** @return the photo to run */
    public Photo photo() {
        return new Photo(Path.of(path), id, album);
    }

    /** @return the fingerprint taken on the driver, or null when the file could not be read there */
    public SourceFingerprint fingerprint() {
        return sampleSha256 == null ? null : new SourceFingerprint(size, modifiedMs, sampleSha256);
    }
}
