package io.phototriage.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers results to the user's sink under one {@link SinkFailurePolicy}, for photos and albums alike. */
final class SinkGuard {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final ResultSink sink;
    private final SinkFailurePolicy policy;
    private int failures;

    SinkGuard(ResultSink sink, SinkFailurePolicy policy) {
        this.sink = sink;
        this.policy = policy;
    }

    void photo(PhotoResult result) {
        try {
            sink.photo(result);
        } catch (RuntimeException e) {
            failed(e, "photo " + result.photo().id());
        }
    }

    void album(AlbumResult album) {
        try {
            sink.album(album);
        } catch (RuntimeException e) {
            failed(e, "album '" + album.album() + "'");
        }
    }

    private void failed(RuntimeException e, String what) {
        if (policy == SinkFailurePolicy.STOP) {
            throw e;
        }
        failures++;
        LOG.warn("Result sink failed for {}: {}", what, e.toString());
    }

    int failures() {
        return failures;
    }
}
