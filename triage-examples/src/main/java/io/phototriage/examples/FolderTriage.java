package io.phototriage.examples;

import io.phototriage.core.AlbumResult;
import io.phototriage.core.DecodeInfo;
import io.phototriage.core.Outcome;
import io.phototriage.core.Photo;
import io.phototriage.core.PhotoContext;
import io.phototriage.core.PhotoResult;
import io.phototriage.core.Pipeline;
import io.phototriage.core.ResultSink;
import io.phototriage.core.StageKey;
import io.phototriage.core.HeroPicker;
import io.phototriage.core.image.Cutouts;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Classification;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.Segmentation;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.Stylized;
import io.phototriage.examples.Journal.AlbumEntry;
import io.phototriage.examples.Journal.DetectionEntry;
import io.phototriage.examples.Journal.Line;
import io.phototriage.examples.Journal.PhotoEntry;
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
import java.util.OptionalDouble;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * Triages a folder tree of photos into an output folder: {@code results.json}, {@code results.jsonl} (the resume
 * journal), {@code cutouts/}, {@code thumbnails/}, {@code stylized/} and {@code index.html}. Nothing is ever
 * written under the input folder.
 *
 * <p>Resumable: a photo whose content fingerprint ({@link SourceFingerprint}) and configuration hash (model set,
 * every stage's {@link ModelInfo}, options) match a journal line is not processed again; a run killed at any
 * point is finished by the next one. See {@code docs/driver.md}.
 */
public final class FolderTriage {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FolderTriage.class);
    /** Exit code: the batch completed (individual photos may have failed; they are listed). */
    public static final int EXIT_OK = 0;
    /** Exit code: the run stopped because the output could not be written. */
    public static final int EXIT_IO_FAILURE = 1;
    /** Exit code: bad input or output folder. */
    public static final int EXIT_USAGE = 2;
    /** Exit code: a stage provider or its models are missing. */
    public static final int EXIT_MODELS = 3;

    /** Longer side of the thumbnails written to {@code thumbnails/}, in pixels. */
    public static final int THUMBNAIL_SIZE = 320;

    /** Bumped when the meaning of a journal line changes, so old lines are not reused. */
    static final String FORMAT_VERSION = "1";

    static final String NO_HERO = "no photo in the album is eligible as hero shot";

    static final StageKey<BufferedImage> THUMBNAIL = StageKey.of("thumbnail", BufferedImage.class);

    /**
     * What to triage and how.
     *
     * @param input       the folder of photos (read only)
     * @param output      where results go; must not be inside {@code input} nor contain it
     * @param models      the models folder, or empty for the model set's default
     * @param modelSet    which providers run the stages
     * @param retryErrors process again the photos that failed in an earlier run (otherwise they count as done)
     */
    public record Options(Path input, Path output, Optional<Path> models, ModelSet modelSet, boolean retryErrors) {
        public Options {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(models, "models");
            Objects.requireNonNull(modelSet, "modelSet");
        }

        /** The lite model set from its default folder, errors not retried. */
        public static Options of(Path input, Path output) {
            return new Options(input, output, Optional.empty(), ModelSet.LITE, false);
        }

        public Options withModels(Path models) {
            return new Options(input, output, Optional.of(models), modelSet, retryErrors);
        }

        public Options withModelSet(ModelSet set) {
            return new Options(input, output, models, set, retryErrors);
        }

        public Options withRetryErrors(boolean retry) {
            return new Options(input, output, models, modelSet, retry);
        }
    }

    /**
     * How a run ended.
     *
     * @param exitCode   one of the {@code EXIT_} codes
     * @param message    why it stopped, for a non-zero exit code; empty otherwise
     * @param photos     photos found under the input
     * @param processed  photos run through the pipeline this time
     * @param reused     photos whose earlier result was still valid
     * @param ok         photos with status ok (this run and reused)
     * @param skipped    photos with status skipped (nothing detected)
     * @param errors     photos with status error
     * @param elapsed    wall time of the whole run
     */
    public record Report(int exitCode, String message, int photos, int processed, int reused, int ok, int skipped,
            int errors, Duration elapsed) {
        static Report failed(int exitCode, String message, long startNanos) {
            return new Report(exitCode, message, 0, 0, 0, 0, 0, 0, Duration.ofNanos(System.nanoTime() - startNanos));
        }
    }

    private FolderTriage() {}

    /** Runs with the stage providers found on the class path. */
    public static Report run(Options options, PrintStream progress) {
        return run(options, StageRegistry.load(), progress, stderrIsTerminal());
    }

    /** Whether standard error is a terminal: on Linux from {@code /proc/self/fd/2}, elsewhere a guess from the console. */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    /**
     * Runs with the providers of {@code registry} (tests inject fakes here).
     *
     * @param progress receives progress lines, the summary and every error message
     * @param terminal whether {@code progress} is a terminal (one redrawn line) or a log (periodic lines)
     */
    public static Report run(Options options, StageRegistry registry, PrintStream progress, boolean terminal) {
        long start = System.nanoTime();
        Path input;
        Path output;
        try {
            input = checkInput(options.input());
            output = checkOutput(input, options.output());
        } catch (UsageException e) {
            progress.println("error: " + e.getMessage());
            return Report.failed(EXIT_USAGE, e.getMessage(), start);
        }
        PhotoWalker.Scan scan;
        try {
            scan = PhotoWalker.walk(input);
        } catch (IOException e) {
            String message = "cannot list the input folder " + input + ": " + e.getMessage();
            progress.println("error: " + message);
            return Report.failed(EXIT_USAGE, message, start);
        }
        scan.warnings().forEach(w -> progress.println("warning: " + w));
        progress.printf("found %d photos under %s (%d other files skipped, %d folder links not followed)%n",
                scan.photos().size(), input, scan.otherFiles(), scan.skippedLinks());

        HeroScores heroScores = new HeroScores();
        ModelSet set = options.modelSet();
        Pipeline pipeline;
        try {
            pipeline = Pipeline.builder()
                    .registry(registry)
                    .settings(set.settings(options.models()))
                    .classify(set.classifyProvider())
                    .detect(set.detectProvider())
                    .segment(set.segmentProvider())
                    .stage(THUMBNAIL, new ThumbnailStage(THUMBNAIL_SIZE))
                    .stylize(set.stylizeProvider())
                    .heroPicker(heroScores)
                    .listener(new ProgressReporter(progress, terminal, System::nanoTime))
                    .build();
        } catch (StageException | RuntimeException e) {
            // StageRegistry reports a provider it cannot find with IllegalArgumentException; the rest is models.
            String hint = e instanceof IllegalArgumentException
                    ? "  The stage implementations come from triage-models: run the packaged jar (java -jar"
                            + " triage-examples/target/phototriage.jar, with its lib/ folder) or put triage-models on the class path"
                    : "  To get the models: " + set.howToGetModels();
            String message = "cannot set up the '" + set.label() + "' model set: " + e.getMessage() + System.lineSeparator() + hint;
            progress.println("error: " + message);
            return Report.failed(EXIT_MODELS, message, start);
        }
        // The output folder is touched only once the models are loaded, so a setup error leaves nothing behind.
        OutputLayout layout;
        try {
            layout = prepareOutput(output);
        } catch (IOException e) {
            String message = "cannot use output folder " + output + ": " + e.getMessage();
            progress.println("error: " + message);
            closeQuietly(pipeline, progress);
            return Report.failed(EXIT_USAGE, message, start);
        }
        Report report;
        try {
            report = new Run(options, layout, scan, pipeline, heroScores, progress, start).execute();
        } catch (IOException | UncheckedIOException e) {
            IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            String cause = io.getMessage() == null ? io.toString() : io.getMessage();
            LOG.debug("run stopped", io);
            String message = "run stopped, the output could not be written: " + cause + System.lineSeparator()
                    + "  Rerun the same command to finish: photos already done are kept.";
            progress.println("error: " + message);
            report = Report.failed(EXIT_IO_FAILURE, message, start);
        } finally {
            closeQuietly(pipeline, progress);
        }
        return report;
    }

    /** The results are written by then: a model that fails to release its memory is reported, not fatal. */
    private static void closeQuietly(Pipeline pipeline, PrintStream progress) {
        try {
            pipeline.close();
        } catch (Exception e) {
            progress.println("warning: closing the models failed: " + e);
        }
    }

    private static OutputLayout prepareOutput(Path output) throws IOException {
        OutputLayout layout = OutputLayout.create(output);
        AtomicFiles.deleteStaleTemporaries(layout.root());
        for (String folder : OutputLayout.FOLDERS) {
            AtomicFiles.deleteStaleTemporaries(layout.root().resolve(folder));
        }
        return layout;
    }

    static Path checkInput(Path input) throws UsageException {
        if (!Files.isDirectory(input)) {
            throw new UsageException("input folder " + input.toAbsolutePath() + " does not exist or is not a folder");
        }
        try {
            return input.toRealPath();
        } catch (IOException e) {
            throw new UsageException("cannot read input folder " + input.toAbsolutePath() + ": " + e.getMessage());
        }
    }

    /**
     * The output folder as an absolute path with every existing part resolved through links, refused when it is the
     * input, inside it, or contains it (then a sub-folder of the output could be the input).
     */
    static Path checkOutput(Path realInput, Path output) throws UsageException {
        Path abs = output.toAbsolutePath().normalize();
        Path existing = abs;
        List<String> rest = new ArrayList<>();
        while (existing != null && !Files.exists(existing)) {
            rest.add(0, existing.getFileName().toString());
            existing = existing.getParent();
        }
        Path real;
        try {
            real = existing == null ? abs : existing.toRealPath();
        } catch (IOException e) {
            throw new UsageException("cannot resolve output folder " + abs + ": " + e.getMessage());
        }
        for (String part : rest) {
            real = real.resolve(part);
        }
        if (Files.exists(real) && !Files.isDirectory(real)) {
            throw new UsageException("output " + real + " exists and is not a folder");
        }
        if (real.startsWith(realInput)) {
            throw new UsageException("output folder " + real + " is " + (real.equals(realInput) ? "the input folder" : "inside the input folder "
                    + realInput) + "; phototriage never writes under the input. Choose an output folder elsewhere");
        }
        if (realInput.startsWith(real)) {
            throw new UsageException("output folder " + real + " contains the input folder " + realInput
                    + "; choose an output folder beside the input, not above it");
        }
        return real;
    }

    /** A bad command line or folder: exit code {@link #EXIT_USAGE}. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The per-photo stage that makes the thumbnail from the decoded pixels (the pipeline keeps no pixels). */
    static final class ThumbnailStage implements Stage<PhotoContext, BufferedImage> {
        private final int size;

        ThumbnailStage(int size) {
            this.size = size;
        }

        @Override
        public BufferedImage apply(PhotoContext input) {
            return Cutouts.thumbnail(input.photo().image(), size);
        }

        @Override
        public String name() {
            return "thumbnail";
        }

        @Override
        public ModelInfo model() {
            return new ModelInfo("thumbnail-" + size, "none", "java");
        }

        @Override
        public void close() {
            // holds nothing
        }
    }

    /**
     * The default hero rule, remembering every score (it goes into the journal so a rerun can compare new photos
     * with finished ones) and letting a new photo compete only if it beats the best finished photo of its album.
     */
    static final class HeroScores implements HeroPicker {
        private final HeroPicker rule = HeroPicker.defaultRule();
        private final Map<String, Double> scores = new HashMap<>();
        private final Map<String, Double> barrier = new HashMap<>();
        private final Set<String> exempt = new HashSet<>();

        @Override
        public OptionalDouble score(PhotoResult result, io.phototriage.core.DecodedPhoto photo) {
            OptionalDouble score = rule.score(result, photo);
            if (score.isEmpty()) {
                return score;
            }
            scores.put(result.photo().id(), score.getAsDouble());
            if (exempt.contains(result.photo().id())) {
                return score;
            }
            Double best = barrier.get(result.photo().album());
            return best != null && score.getAsDouble() <= best ? OptionalDouble.empty() : score;
        }

        Double scoreOf(String photoId) {
            return scores.get(photoId);
        }

        void keptBest(String album, double score) {
            barrier.put(album, score);
        }

        /** A finished photo run again to be stylized: it competes even if a kept photo has the same score. */
        void exempt(String photoId) {
            exempt.add(photoId);
        }
    }

    /**
     * A detection as results.json records it: the box mapped from the pixels the detector saw to pixels of the
     * original (oriented) photo, clipped to it, rounded to 1/100 pixel.
     */
    static DetectionEntry toOriginal(Detection det, DecodeInfo info) {
        double sx = (double) info.originalWidth() / info.decodedWidth();
        double sy = (double) info.originalHeight() / info.decodedHeight();
        BoundingBox b = det.box().scale(sx, sy).clip(info.originalWidth(), info.originalHeight());
        return new DetectionEntry(det.label(), det.score(), List.of(round(b.x0()), round(b.y0()), round(b.x1()), round(b.y1())));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** One run over a scanned tree. */
    private static final class Run {
        private final Options options;
        private final OutputLayout layout;
        private final PhotoWalker.Scan scan;
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

        Run(Options options, OutputLayout layout, PhotoWalker.Scan scan, Pipeline pipeline, HeroScores heroScores,
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
            this.config = OutputLayout.sha256Hex(FORMAT_VERSION + "\n" + options.modelSet().label() + "\n"
                    + new TreeMap<>(options.modelSet().settings(Optional.empty()).options()) + "\n" + stageModels).substring(0, 16);
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
                    photos.add(entry);
                }
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
            ResultsDocument doc = ResultsDocument.of(options.modelSet().label(), config, stageModels, photos,
                    List.copyOf(albumEntries.values()), todo.size(), reused, elapsed);
            AtomicFiles.write(layout.resultsJson(), out -> Journal.JSON.writerWithDefaultPrettyPrinter().writeValue(out, doc));
            String html = HtmlIndex.render(doc);
            AtomicFiles.write(layout.indexHtml(), out -> out.write(html.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            printSummary(doc, elapsed);
            return new Report(EXIT_OK, "", scan.photos().size(), todo.size(), reused, doc.counts().ok(),
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
                    albumEntries.put(album, new AlbumEntry(album, null, null, "skipped", NO_HERO, null, null, null, config));
                }
            }
            todo.sort(java.util.Comparator.comparing(Photo::id));
            return todo;
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
            progress.println("results: " + layout.resultsJson() + System.lineSeparator() + "index:   " + layout.indexHtml());
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
                    entry = new AlbumEntry(album, hero, fingerprints.get(hero), error == null ? "ok" : "error", error,
                            error == null ? name : null, millis(done.elapsed()), m.name() + " (weights " + m.weights() + ", "
                            + m.engine() + ")", config);
                } else if (outcome instanceof Outcome.Failed<Stylized> failed) {
                    entry = new AlbumEntry(album, hero, fingerprints.get(hero), "error", failed.message(), null, null, null, config);
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
                        .map(det -> toOriginal(det, info.orElseThrow())).toList()).orElse(null);
                Map<String, Double> timings = new LinkedHashMap<>();
                for (Map.Entry<StageKey<?>, Outcome<?>> o : result.outcomes().entrySet()) {
                    if (o.getValue() instanceof Outcome.Done<?> done) {
                        timings.put(o.getKey().name(), millis(done.elapsed()));
                    }
                }
                String status = result.status().name().toLowerCase(java.util.Locale.ROOT);
                String error = result.firstFailure().map(f -> f.stage() + ": " + f.message()).orElse(null);
                String cutout = null;
                String thumbnail = null;
                try {
                    Optional<Segmentation> seg = result.segmentation();
                    if (seg.isPresent()) {
                        cutout = OutputLayout.cutoutName(photo.id());
                        writeImage(seg.get().cutout(), "png", cutout);
                    }
                    Optional<BufferedImage> thumb = result.value(THUMBNAIL);
                    if (thumb.isPresent()) {
                        thumbnail = OutputLayout.thumbnailName(photo.id());
                        writeImage(toRgb(thumb.get()), "jpg", thumbnail);
                    }
                } catch (IOException e) {
                    status = "error";
                    error = (error == null ? "" : error + "; ") + "output: " + e.getMessage();
                }
                return new PhotoEntry(photo.id(), photo.album(), status, error, cls.map(c -> c.label().label()).orElse(null),
                        cls.map(Classification::confidence).orElse(null), detections,
                        info.map(DecodeInfo::originalWidth).orElse(null), info.map(DecodeInfo::originalHeight).orElse(null),
                        cutout, thumbnail, null, timings, fingerprints.get(photo.id()), config, heroScores.scoreOf(photo.id()));
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

        private static BufferedImage toRgb(BufferedImage image) {
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
}
