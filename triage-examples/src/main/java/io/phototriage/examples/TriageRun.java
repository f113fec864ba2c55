package io.phototriage.examples;

import io.phototriage.core.FolderScanner;
import io.phototriage.core.AlbumResult;
import io.phototriage.core.Photo;
import io.phototriage.core.PhotoResult;
import io.phototriage.core.Pipeline;
import io.phototriage.core.ResultSink;
import io.phototriage.core.StageKey;
import io.phototriage.core.io.AtomicFiles;
import io.phototriage.examples.Journal.AlbumEntry;
import io.phototriage.examples.Journal.Line;
import io.phototriage.examples.Journal.PhotoEntry;
import io.phototriage.examples.Journal.SourceFingerprint;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.phototriage.examples.FolderTriage.Options;
import io.phototriage.examples.FolderTriage.Report;

/**
 * One run of {@link FolderTriage} over a scanned tree: plans what to do from the journal, runs the pipeline on it,
 * writes each result's files and journal line as it comes, then rebuilds results.json and index.html.
 */
final class TriageRun {
    private final Options options;
    private final OutputLayout layout;
    private final FolderScanner.Scan scan;
    private final Pipeline pipeline;
    private final HeroScores heroScores;
    private final PrintStream progress;
    private final long startNanos;
    private final String config;
    private final Map<String, String> stageModels;
    private final PhotoOutputs outputs;
    private final boolean stylizes;
    private final Map<String, SourceFingerprint> fingerprints = new HashMap<>();
    private final Map<String, PhotoEntry> photoEntries = new HashMap<>();
    private final Map<String, AlbumEntry> albumEntries = new TreeMap<>();
    private Journal journal;

    TriageRun(Options options, OutputLayout layout, FolderScanner.Scan scan, Pipeline pipeline, HeroScores heroScores,
            PrintStream progress, long startNanos) {
        this.options = options;
        this.layout = layout;
        this.scan = scan;
        this.pipeline = pipeline;
        this.heroScores = heroScores;
        this.progress = progress;
        this.startNanos = startNanos;
        this.stageModels = FolderTriage.stageModels(pipeline);
        this.stylizes = pipeline.stageKeys().contains(StageKey.STYLIZE);
        this.config = FolderTriage.configHash(options, stageModels);
        this.outputs = new PhotoOutputs(layout, config, List.of(scan.root(), options.input().toAbsolutePath().normalize()));
    }

    Report execute() throws IOException {
        Journal.Contents previous = Journal.read(layout.journal());
        if (previous.brokenLines() > 0) {
            progress.printf("journal: ignored %d incomplete line(s) left by an interrupted run%n", previous.brokenLines());
        }
        Map<String, PhotoEntry> oldPhotos = new HashMap<>();
        Map<String, AlbumEntry> oldAlbums = new HashMap<>();
        for (Line line : previous.lines()) {
            if (line.photo() != null && config.equals(line.photo().config())) {
                oldPhotos.put(line.photo().path(), line.photo());
            } else if (line.album() != null && config.equals(line.album().config())) {
                oldAlbums.put(line.album().album(), line.album());
            }
        }
        List<Photo> todo = plan(oldPhotos, oldAlbums);
        int reused = scan.photos().size() - todo.size();
        if (reused > 0) {
            progress.printf("resuming: %d of %d photos already done with this configuration; %d to do%n", reused,
                    scan.photos().size(), todo.size());
        }
        // Lines kept from earlier runs come first in the compacted journal, then this run's lines are appended.
        List<Line> kept = new ArrayList<>();
        photoEntries.values().forEach(e -> kept.add(new Line(e, null)));
        albumEntries.values().forEach(e -> kept.add(new Line(null, e)));
        kept.sort(java.util.Comparator.comparing(l -> l.photo() != null ? "p" + l.photo().path() : "a" + l.album().album()));
        Journal.compact(layout.journal(), kept);
        try (Journal j = Journal.openForAppend(layout.journal())) {
            journal = j;
            if (!todo.isEmpty()) {
                pipeline.run(todo, new Sink());
            }
        }
        List<PhotoEntry> photos = new ArrayList<>();
        for (Photo photo : scan.photos()) {
            PhotoEntry entry = photoEntries.get(photo.id());
            if (entry != null) {
                photos.add(entry.withCompanions(scan.companionsOf(photo.id())));
            }
        }
        List<ResultsDocument.VideoEntry> videos = VideoPosters.write(scan.videos(), layout, this::relative);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        ResultsDocument doc = ResultsDocument.of(options.modelSet().label(), config, stageModels, photos,
                List.copyOf(albumEntries.values()), todo.size(), reused, elapsed, ResultsDocument.kindCounts(scan, photos),
                videos);
        AtomicFiles.write(layout.resultsJson(), out -> Journal.JSON.writerWithDefaultPrettyPrinter().writeValue(out, doc));
        String html = HtmlIndex.render(doc);
        AtomicFiles.write(layout.indexHtml(), out -> out.write(html.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        printSummary(doc, elapsed);
        return new Report(FolderTriage.EXIT_OK, "", scan.photos().size(), todo.size(), reused, doc.counts().ok(),
                doc.counts().skipped(), doc.counts().error(), elapsed);
    }

    /**
     * Decides which photos to run. A photo is done when a journal line with this configuration has its current
     * fingerprint (and it did not fail, with {@code --retry-errors}). For stylize, an album's earlier hero stays
     * valid while it is unchanged and done; new photos then compete against its score. Otherwise the best done
     * photo of the album is run again so that the pipeline can stylize it if it still wins.
     */
    private List<Photo> plan(Map<String, PhotoEntry> oldPhotos, Map<String, AlbumEntry> oldAlbums) {
        List<Photo> todo = new ArrayList<>();
        Map<String, List<Photo>> doneByAlbum = new LinkedHashMap<>();
        Set<String> noEligibleHero = new HashSet<>();
        for (Photo photo : scan.photos()) {
            SourceFingerprint fp = null;
            try {
                fp = SourceFingerprint.of(photo.path());
                fingerprints.put(photo.id(), fp);
            } catch (IOException e) {
                // Unreadable now: run it, the decoder reports the failure for this photo.
            }
            PhotoEntry old = oldPhotos.get(photo.id());
            boolean done = old != null && old.reusableFor(fp, options.retryErrors());
            if (done) {
                photoEntries.put(photo.id(), old);
                doneByAlbum.computeIfAbsent(photo.album(), a -> new ArrayList<>()).add(photo);
            } else {
                todo.add(photo);
            }
        }
        if (!stylizes) {
            return todo;
        }
        for (Map.Entry<String, List<Photo>> e : doneByAlbum.entrySet()) {
            String album = e.getKey();
            List<Photo> done = e.getValue();
            Photo best = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (Photo p : done) {
                Double s = photoEntries.get(p.id()).heroScore();
                if (s != null && s > bestScore) {
                    best = p;
                    bestScore = s;
                }
            }
            AlbumEntry oldAlbum = oldAlbums.get(album);
            if (best == null) {
                if (oldAlbum != null && oldAlbum.hero() == null) {
                    albumEntries.put(album, oldAlbum);
                } else {
                    noEligibleHero.add(album);
                }
                continue;
            }
            boolean heroStillValid = oldAlbum != null
                    && oldAlbum.stillValidFor(best.id(), fingerprints.get(best.id()), options.retryErrors(), layout);
            if (heroStillValid) {
                albumEntries.put(album, oldAlbum);
                heroScores.keptBest(album, bestScore);
            } else {
                photoEntries.remove(best.id());
                todo.add(best);
                heroScores.exempt(best.id());
                double rest = Double.NEGATIVE_INFINITY;
                for (Photo p : done) {
                    Double s = photoEntries.containsKey(p.id()) ? photoEntries.get(p.id()).heroScore() : null;
                    if (s != null && s > rest) {
                        rest = s;
                    }
                }
                if (rest > Double.NEGATIVE_INFINITY) {
                    heroScores.keptBest(album, rest);
                }
            }
        }
        // An album whose photos are all done and none eligible gets its "skipped" line here: the pipeline only
        // reports albums it sees photos of.
        Set<String> albumsToRun = new HashSet<>();
        todo.forEach(p -> albumsToRun.add(p.album()));
        for (String album : noEligibleHero) {
            if (!albumsToRun.contains(album)) {
                albumEntries.put(album, new AlbumEntry(album, null, null, "skipped", FolderTriage.NO_HERO, null, null, null, config));
            }
        }
        todo.sort(java.util.Comparator.comparing(Photo::id));
        return todo;
    }

    /** {@code text} with the input folder's absolute path left out ({@link PhotoOutputs#relative}). */
    String relative(String text) {
        return outputs.relative(text);
    }

    private void printSummary(ResultsDocument doc, Duration elapsed) {
        ResultsDocument.Counts c = doc.counts();
        progress.printf("done: %d photos (%d ok, %d skipped, %d errors; %d processed, %d reused) in %s%n",
                c.photos(), c.ok(), c.skipped(), c.error(), c.processed(), c.reused(),
                ProgressReporter.duration(elapsed.toSeconds()));
        int shown = 0;
        for (PhotoEntry e : doc.photos()) {
            if ("error".equals(e.status())) {
                if (shown++ < 20) {
                    progress.println("  error: " + e.path().replaceAll("\\p{Cntrl}", "?") + ": "
                            + String.valueOf(e.error()).replaceAll("\\p{Cntrl}", "?"));
                }
            }
        }
        if (shown > 20) {
            progress.printf("  ... and %d more errors, listed in %s%n", shown - 20, layout.resultsJson());
        }
        printKinds(doc);
        progress.println("results: " + layout.resultsJson() + System.lineSeparator() + "index:   " + layout.indexHtml());
    }

    /** The per-kind table: files found, triaged, paired, unsupported and failed, for each kind present. */
    private void printKinds(ResultsDocument doc) {
        progress.printf("  %-13s %7s %8s %7s %12s %7s%n", "by kind", "files", "triaged", "paired", "unsupported", "failed");
        doc.files().forEach((kind, k) -> {
            if (k.files() > 0) {
                progress.printf("  %-13s %7d %8d %7d %12d %7d%s%n", kind, k.files(), k.triaged(), k.paired(),
                        k.unsupported(), k.failed(), "video".equals(kind)
                                ? "   (listed with poster frames; triaging videos is not implemented yet)" : "");
            }
        });
    }

    /** Writes each result's files and journal line as the pipeline produces it ({@link PhotoOutputs}). */
    private final class Sink implements ResultSink {
        @Override
        public void photo(PhotoResult result) {
            try {
                String id = result.photo().id();
                PhotoEntry entry = outputs.photo(result, fingerprints.get(id), heroScores.scoreOf(id));
                photoEntries.put(entry.path(), entry);
                journal.append(new Line(entry, null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void album(AlbumResult result) {
            if (result.hero().isEmpty() && albumEntries.containsKey(result.album())) {
                return; // the earlier hero still wins and its line is kept
            }
            AlbumEntry entry = outputs.album(result, result.hero().map(h -> fingerprints.get(h.id())).orElse(null));
            albumEntries.put(result.album(), entry);
            try {
                journal.append(new Line(null, entry));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
