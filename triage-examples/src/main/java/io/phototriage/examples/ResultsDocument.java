package io.phototriage.examples;

import io.phototriage.examples.Journal.AlbumEntry;
import io.phototriage.examples.Journal.PhotoEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code results.json}: run metadata, counts, one entry per photo (sorted by path) and one per album.
 *
 * @param version     format version of this file
 * @param modelSet    {@code lite}, {@code full} or {@code tiny}
 * @param config      hash of the configuration the results were made with
 * @param stageModels per stage: the model that produced its results (from {@code Outcome.Done.model()} /
 *                    {@code Stage.model()})
 * @param counts      how many photos ended how
 * @param elapsedMs   wall time of the run that wrote this file
 * @param photos      every photo found under the input, sorted by path
 * @param albums      the stylize outcome per album
 */
record ResultsDocument(int version, String modelSet, String config, Map<String, String> stageModels, Counts counts,
        double elapsedMs, List<PhotoEntry> photos, List<AlbumEntry> albums) {

    /**
     * @param photos    photos listed
     * @param ok        with status ok
     * @param skipped   with status skipped (nothing detected)
     * @param error     with status error
     * @param processed run through the pipeline by the run that wrote the file
     * @param reused    taken over from an earlier run
     */
    record Counts(int photos, int ok, int skipped, int error, int processed, int reused) {}

    static ResultsDocument of(String modelSet, String config, Map<String, String> stageModels, List<PhotoEntry> photos,
            List<AlbumEntry> albums, int processed, int reused, Duration elapsed) {
        Map<String, AlbumEntry> heroOf = new HashMap<>();
        for (AlbumEntry a : albums) {
            if (a.hero() != null && a.stylized() != null) {
                heroOf.put(a.hero(), a);
            }
        }
        List<PhotoEntry> withHeroes = new ArrayList<>(photos.size());
        int ok = 0;
        int skipped = 0;
        int error = 0;
        for (PhotoEntry p : photos) {
            AlbumEntry a = heroOf.get(p.path());
            withHeroes.add(a == null ? p : p.withStylized(a.stylized(), a.timingMs()));
            switch (p.status()) {
                case "ok" -> ok++;
                case "skipped" -> skipped++;
                default -> error++;
            }
        }
        return new ResultsDocument(1, modelSet, config, stageModels, new Counts(photos.size(), ok, skipped, error, processed, reused),
                elapsed.toNanos() / 1e6, List.copyOf(withHeroes), List.copyOf(albums));
    }
}
