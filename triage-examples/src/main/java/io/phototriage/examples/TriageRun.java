package io.phototriage.examples;

import io.phototriage.core.FolderScanner;
import io.phototriage.core.AlbumResult;
import io.phototriage.core.DecodeInfo;
import io.phototriage.core.Outcome;
import io.phototriage.core.Photo;
import io.phototriage.core.PhotoResult;
import io.phototriage.core.Pipeline;
import io.phototriage.core.ResultSink;
import io.phototriage.core.StageKey;
import io.phototriage.core.stage.Classification;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.Segmentation;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.Stylized;
import io.phototriage.examples.Journal.AlbumEntry;
import io.phototriage.examples.Journal.DetectionEntry;
import io.phototriage.examples.Journal.Line;
import io.phototriage.examples.Journal.PhotoEntry;
import io.phototriage.examples.Journal.SegmentEntry;
import io.phototriage.examples.Journal.SourceFingerprint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.imageio.ImageIO;

import io.phototriage.examples.FolderTriage.HeroScores;
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
        this.stageModels = stageModels(pipeline);
        this.stylizes = pipeline.stageKeys().contains(StageKey.STYLIZE);
        this.config = OutputLayout.sha256Hex(FolderTriage.FORMAT_VERSION + "\n" + options.modelSet().label() + "\n"
                + new TreeMap<>(options.modelSet().settings(Optional.empty(), options.stageOptions()).options()) + "\n" + stageModels
                + (options.decodeLongSide() == 0 ? "" : "\ndecodeLongSide=" + options.decodeLongSide())).substring(0, 16);
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
            boolean done = old != null && fp != null && fp.equals(old.source())
                    && !(options.retryErrors() && "error".equals(old.status()));
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
            boolean heroStillValid = oldAlbum != null && best.id().equals(oldAlbum.hero())
                    && !(options.retryErrors() && "error".equals(oldAlbum.status()))
                    && Objects.equals(fingerprints.get(best.id()), oldAlbum.heroSource())
                    && (oldAlbum.stylized() == null || Files.isRegularFile(layout.inside(oldAlbum.stylized()), LinkOption.NOFOLLOW_LINKS));
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

    /**
     * {@code text} with the input folder's absolute path left out (paths relative to the input folder), so that
     * results.json and index.html, which may be shared, never show where the photos live.
     */
    String relative(String text) {
        String out = text;
        for (Path root : List.of(scan.root(), options.input().toAbsolutePath().normalize())) {
            String r = root.toString();
            out = out.replace(r + java.io.File.separator, "").replace(r, ".");
        }
        return out;
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

    private static Map<String, String> stageModels(Pipeline pipeline) {
        Map<String, String> models = new LinkedHashMap<>();
        List<StageKey<?>> keys = pipeline.stageKeys().subList(1, pipeline.stageKeys().size());
        List<Stage<?, ?>> stages = pipeline.stages();
        for (int i = 0; i < keys.size() && i < stages.size(); i++) {
            ModelInfo m = stages.get(i).model();
            models.put(keys.get(i).name(), m.name() + " (weights " + m.weights() + ", " + m.engine() + ")");
        }
        return models;
    }

    /** Writes each result's files and journal line as the pipeline produces it. */
    private final class Sink implements ResultSink {
        @Override
        public void photo(PhotoResult result) {
            try {
                PhotoEntry entry = entry(result);
                photoEntries.put(entry.path(), entry);
                journal.append(new Line(entry, null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void album(AlbumResult result) {
            String album = result.album();
            Outcome<Stylized> outcome = result.stylized();
            if (result.hero().isEmpty() && albumEntries.containsKey(album)) {
                return; // the earlier hero still wins and its line is kept
            }
            String hero = result.hero().map(Photo::id).orElse(null);
            AlbumEntry entry;
            if (outcome instanceof Outcome.Done<Stylized> done) {
                String name = OutputLayout.stylizedName(album);
                String error = null;
                try {
                    writeImage(toRgb(done.value().image()), "jpg", name);
                } catch (IOException e) {
                    error = "cannot write " + name + ": " + e.getMessage();
                }
                ModelInfo m = done.model();
                Stylized styled = done.value();
                entry = new AlbumEntry(album, hero, fingerprints.get(hero), error == null ? "ok" : "error", error,
                        error == null ? name : null, millis(done.elapsed()), m.name() + " (weights " + m.weights() + ", "
                        + m.engine() + ")", config, styled.input().id(), styled.inputNote().isEmpty() ? null : styled.inputNote());
            } else if (outcome instanceof Outcome.Failed<Stylized> failed) {
                entry = new AlbumEntry(album, hero, fingerprints.get(hero), "error", relative(failed.message()), null, null, null, config);
            } else {
                entry = new AlbumEntry(album, hero, hero == null ? null : fingerprints.get(hero), "skipped",
                        ((Outcome.Skipped<Stylized>) outcome).reason(), null, null, null, config);
            }
            albumEntries.put(album, entry);
            try {
                journal.append(new Line(null, entry));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private PhotoEntry entry(PhotoResult result) {
            Photo photo = result.photo();
            Optional<DecodeInfo> info = result.value(StageKey.DECODE);
            Optional<Classification> cls = result.classification();
            List<DetectionEntry> detections = result.detections().map(d -> d.detections().stream()
                    .map(det -> FolderTriage.toOriginal(det, info.orElseThrow())).toList()).orElse(null);
            Map<String, Double> timings = new LinkedHashMap<>();
            for (Map.Entry<StageKey<?>, Outcome<?>> o : result.outcomes().entrySet()) {
                if (o.getValue() instanceof Outcome.Done<?> done) {
                    timings.put(o.getKey().name(), millis(done.elapsed()));
                }
            }
            String status = result.status().name().toLowerCase(java.util.Locale.ROOT);
            String error = result.firstFailure().map(f -> f.stage() + ": " + relative(f.message())).orElse(null);
            String cutout = null;
            String thumbnail = null;
            try {
                Optional<Segmentation> seg = result.segmentation();
                if (seg.isPresent()) {
                    cutout = OutputLayout.cutoutName(photo.id());
                    writeImage(seg.get().cutout(), "png", cutout);
                }
                Optional<BufferedImage> thumb = result.value(FolderTriage.THUMBNAIL);
                if (thumb.isPresent()) {
                    thumbnail = OutputLayout.thumbnailName(photo.id());
                    writeImage(toRgb(thumb.get()), "jpg", thumbnail);
                }
            } catch (IOException e) {
                status = "error";
                error = (error == null ? "" : error + "; ") + "output: " + e.getMessage();
            }
            return new PhotoEntry(photo.id(), photo.album(), status, error, cls.map(c -> c.label().label()).orElse(null),
                    cls.map(Classification::confidence).orElse(null), detections, null,
                    info.map(DecodeInfo::originalWidth).orElse(null), info.map(DecodeInfo::originalHeight).orElse(null),
                    cutout, segmentEntry(result), thumbnail, null, timings, fingerprints.get(photo.id()), config,
                    heroScores.scoreOf(photo.id()), info.flatMap(DecodeInfo::source).map(TriageRun.this::relative).orElse(null),
                    null);
        }

        /** The segment stage's entry: a cut-out and how it was made, or the segmenter's reason for declining. */
        private static SegmentEntry segmentEntry(PhotoResult result) {
            Optional<Outcome<Segmentation>> outcome = result.outcome(StageKey.SEGMENT);
            if (outcome.isEmpty() || !result.value(StageKey.DETECT).map(d -> !d.isEmpty()).orElse(false)) {
                return null; // did not run: nothing detected, detect failed, or the photo did not decode
            }
            if (outcome.get() instanceof Outcome.Done<Segmentation> done) {
                return SegmentEntry.of(done.value().source());
            }
            if (outcome.get() instanceof Outcome.Skipped<Segmentation> skipped) {
                return SegmentEntry.skipped(skipped.reason());
            }
            return null; // failed: the photo's error says why
        }


        private void writeImage(BufferedImage image, String format, String relative) throws IOException {
            Path target = layout.inside(relative);
            AtomicFiles.write(target, out -> {
                if (!ImageIO.write(image, format, out)) {
                    throw new IOException("no " + format + " writer for " + relative);
                }
            });
        }
    }

    private static double millis(Duration d) {
        return Math.round(d.toNanos() / 1e4) / 100.0;
    }

    static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }
}
