package io.phototriage.core;

/**
 * Receives results as a run produces them, so a long run never holds every photo in memory. Photo results
 * arrive as each photo finishes its per-photo stages; album results arrive at the end of the run, once every
 * photo of the album has been seen.
 */
public interface ResultSink {
    /**
     * One photo is through classify / detect / segment / custom stages.
     *
     * @param result the photo's result
     */
    void photo(PhotoResult result);

    /**
     * One album's hero shot was stylized (or not, with the reason).
     *
     * @param result the album's result
     */
    default void album(AlbumResult result) {}
}
