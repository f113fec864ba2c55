package io.phototriage.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keeps every result of a run in memory, attaching each album's stylize outcome to its hero's result. */
final class CollectingSink implements ResultSink {
    private final Map<Photo, PhotoResult> results = new LinkedHashMap<>();

    @Override
    public void photo(PhotoResult result) {
        results.put(result.photo(), result);
    }

    @Override
    public void album(AlbumResult album) {
        album.hero().ifPresent(hero -> results.computeIfPresent(hero, (p, r) -> r.with(StageKey.STYLIZE, album.stylized())));
    }

    List<PhotoResult> results() {
        return List.copyOf(results.values());
    }
}
