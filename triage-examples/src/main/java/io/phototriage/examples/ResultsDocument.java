package io.phototriage.examples;

import io.phototriage.examples.Journal.AlbumEntry;
import io.phototriage.examples.Journal.PhotoEntry;
import io.phototriage.core.FolderScanner;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
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
 * @param files       per kind of file ({@code jpeg/png/...}, {@code raw}, {@code heif}, {@code video},
 *                    {@code other}): what became of the files found (see {@link KindCounts})
 * @param videos      the videos found, each with its poster frame (videos are listed, not triaged: #14)
 */
public record ResultsDocument(int version, String modelSet, String config, Map<String, String> stageModels, Counts counts,
        double elapsedMs, List<PhotoEntry> photos, List<AlbumEntry> albums, Map<String, KindCounts> files,
        List<VideoEntry> videos) {

    /**
     * What became of the files of one kind. {@code files = triaged + paired + unsupported + failed}.
     *
     * @param files       files of this kind found under the input
     * @param triaged     photos that went through the pipeline (status ok or skipped)
     * @param paired      RAW files folded into their JPEG/HEIF partner (decoded through the partner)
     * @param unsupported files not triaged because of their kind: unknown extensions, and videos (listed with a
     *                    poster frame; the video path is not implemented yet)
     * @param failed      photos with status error
     */
    public record KindCounts(int files, int triaged, int paired, int unsupported, int failed) {}

    /**
     * One video file found under the input.
     *
     * @param path   relative to the input, {@code /}-separated
     * @param album  its folder relative to the input
     * @param poster output-relative path of its poster-frame thumbnail, or null when none could be made
     * @param error  why there is no poster, or null
     */
    public record VideoEntry(String path, String album, String poster, String error) {}

    /**
     * Counts what became of each kind of file: photos by their extension and status, paired RAW files, and the
     * files the scan did not list as photos.
     *
     * @param scan   the scan of the input
     * @param photos every photo entry of the run (one per photo of the scan)
     * @return per {@link FolderScanner.FileKind#label()}, in the enum's order
     */
    public static Map<String, KindCounts> kindCounts(FolderScanner.Scan scan, List<PhotoEntry> photos) {
        Map<FolderScanner.FileKind, int[]> tally = new EnumMap<>(FolderScanner.FileKind.class);
        for (FolderScanner.FileKind k : FolderScanner.FileKind.values()) {
            tally.put(k, new int[2]);
        }
        for (PhotoEntry p : photos) {
            tally.get(FolderScanner.FileKind.of(p.path()))["error".equals(p.status()) ? 1 : 0]++;
        }
        Map<String, KindCounts> out = new LinkedHashMap<>();
        for (FolderScanner.FileKind k : FolderScanner.FileKind.values()) {
            int[] t = tally.get(k);
            int paired = k == FolderScanner.FileKind.RAW ? scan.pairedFiles() : 0;
            int unsupported = switch (k) {
                case VIDEO -> scan.videos().size();
                case OTHER -> scan.otherFiles();
                default -> 0;
            };
            out.put(k.label(), new KindCounts(scan.files().get(k), t[0], paired, unsupported, t[1]));
        }
        return out;
    }

    /**
     * @param photos    photos listed
     * @param ok        with status ok
     * @param skipped   with status skipped (nothing detected)
     * @param error     with status error
     * @param processed run through the pipeline by the run that wrote the file
     * @param reused    taken over from an earlier run
     */
    public record Counts(int photos, int ok, int skipped, int error, int processed, int reused) {}

    /**
     * The document of a run: counts derived from the photo entries, each album's stylized image linked from its hero.
     *
     * @param modelSet    the model set's label
     * @param config      the configuration hash
     * @param stageModels per stage, its model ({@link FolderTriage#stageModels})
     * @param photos      one entry per photo, in scan order
     * @param albums      one entry per album
     * @param processed   photos run this time
     * @param reused      photos kept from an earlier run
     * @param elapsed     wall time of the run
     * @param files       {@link #kindCounts}
     * @param videos      the videos listed
     * @return the document
     */
    public static ResultsDocument of(String modelSet, String config, Map<String, String> stageModels, List<PhotoEntry> photos,
            List<AlbumEntry> albums, int processed, int reused, Duration elapsed, Map<String, KindCounts> files,
            List<VideoEntry> videos) {
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
                elapsed.toNanos() / 1e6, List.copyOf(withHeroes), List.copyOf(albums), files, List.copyOf(videos));
    }
}
