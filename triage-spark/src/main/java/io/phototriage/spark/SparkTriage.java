package io.phototriage.spark;

import io.phototriage.core.FolderScanner;
import io.phototriage.core.Photo;
import io.phototriage.core.StageKey;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.io.AtomicFiles;
import io.phototriage.examples.FolderTriage;
import io.phototriage.examples.FolderTriage.Report;
import io.phototriage.examples.HtmlIndex;
import io.phototriage.examples.Journal;
import io.phototriage.examples.Journal.AlbumEntry;
import io.phototriage.examples.Journal.Line;
import io.phototriage.examples.Journal.PhotoEntry;
import io.phototriage.examples.Journal.SourceFingerprint;
import io.phototriage.examples.OutputLayout;
import io.phototriage.examples.PhotoOutputs;
import io.phototriage.examples.ResultsDocument;
import io.phototriage.examples.VideoPosters;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code run} command on Apache Spark. The driver checks the folders and lists the photos (the command's own
 * checks and {@link FolderScanner}), builds the chain once to fail fast on missing models and to know the
 * configuration, plans from the journal exactly as the command resumes, then:
 * <ol>
 * <li>photo pass ({@link PhotoPass}): the photos to do, in partitions, through each executor JVM's pipeline; each
 * executor writes cut-outs and thumbnails and returns the photos' journal lines;</li>
 * <li>album pass ({@link AlbumPass}): the driver picks each album's hero shot from the hero scores of all its photos,
 * the executors stylize the heroes whose earlier stylized image is not still valid;</li>
 * <li>the driver writes {@code results.jsonl} (compacted), {@code results.json}, {@code index.html}, the video
 * posters and {@code results.parquet} ({@link ResultsParquet}).</li>
 * </ol>
 * Results equal the command's for the same photos and models; the output folder can be continued by either.
 */
public final class SparkTriage {
    private SparkTriage() {}

    /**
     * What to triage and how.
     *
     * @param triage      the {@code run} command's options (input, output, model set, models, retry, ...)
     * @param partitions  partitions of the photo pass; 0 = four per core of the cluster, at most one per photo
     * @param retryErrors process again the photos (and albums) that failed in an earlier run
     * @param hadoopInput  the input folder as a Hadoop file system URI ({@code hdfs://...}), or null for the local
     *                     folder of {@code triage}
     * @param hadoopOutput the output folder as a Hadoop file system URI, or null for the local folder of
     *                     {@code triage}; both null or both set
     */
    public record Options(FolderTriage.Options triage, int partitions, boolean retryErrors, String hadoopInput,
            String hadoopOutput) {
        /**
         * Checks the values.
         *
         * @param triage       the command's options
         * @param partitions   0 or more
         * @param retryErrors  whether to retry failures
         * @param hadoopInput  input URI or null
         * @param hadoopOutput output URI or null
         */
        public Options {
            Objects.requireNonNull(triage, "triage");
            if (partitions < 0) {
                throw new IllegalArgumentException("partitions must be 0 (automatic) or positive: " + partitions);
            }
            if ((hadoopInput == null) != (hadoopOutput == null)) {
                throw new IllegalArgumentException("input and output must both be on Hadoop file systems or both local: "
                        + hadoopInput + ", " + hadoopOutput);
            }
        }

        /**
         * Local folders (those of {@code triage}).
         *
         * @param triage      the command's options
         * @param partitions  0 or more
         * @param retryErrors whether to retry failures
         */
        public Options(FolderTriage.Options triage, int partitions, boolean retryErrors) {
            this(triage, partitions, retryErrors, null, null);
        }
    }

    /**
     * Runs the triage on {@code spark}'s cluster.
     *
     * @param options  what to triage
     * @param spark    the session (its master decides where the executors are)
     * @param progress receives progress lines, the summary and every error message
     * @return how it ended, with the {@code run} command's exit codes
     */
    public static Report run(Options options, SparkSession spark, PrintStream progress) {
        long start = System.nanoTime();
        FolderTriage.Options triage = options.triage().withRetryErrors(options.retryErrors());
        Path input;
        Path output;
        Hadoop hadoop = null;
        FolderScanner.Scan scan;
        if (options.hadoopInput() == null) {
            try {
                input = FolderTriage.checkInput(triage.input());
                output = FolderTriage.checkOutput(input, triage.output());
            } catch (FolderTriage.UsageException e) {
                progress.println("error: " + e.getMessage());
                return Report.failed(FolderTriage.EXIT_USAGE, e.getMessage(), start);
            }
            try {
                scan = FolderScanner.scan(input);
            } catch (IOException e) {
                String message = "cannot list the input folder " + input + ": " + e.getMessage();
                progress.println("error: " + message);
                return Report.failed(FolderTriage.EXIT_USAGE, message, start);
            }
        } else {
            org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
            org.apache.hadoop.fs.Path in;
            try {
                in = HadoopFolders.checkInput(options.hadoopInput(), conf);
                hadoop = new Hadoop(in, HadoopFolders.checkOutput(in, options.hadoopOutput(), conf), conf);
            } catch (FolderTriage.UsageException e) {
                progress.println("error: " + e.getMessage());
                return Report.failed(FolderTriage.EXIT_USAGE, e.getMessage(), start);
            }
            try {
                scan = HadoopFolders.scan(in, conf);
                output = Files.createTempDirectory("phototriage-driver-");
            } catch (IOException e) {
                String message = "cannot list the input folder " + in + ": " + e.getMessage();
                progress.println("error: " + message);
                return Report.failed(FolderTriage.EXIT_USAGE, message, start);
            }
            input = scan.root();
        }
        scan.warnings().forEach(w -> progress.println("warning: " + w));
        progress.printf("found %d photos under %s (%d RAW files paired with their JPEG, %d videos listed, %d other files"
                + " skipped, %d folder links not followed)%n", scan.photos().size(), hadoop == null ? input : hadoop.input,
                scan.pairedFiles(), scan.videos().size(), scan.otherFiles(), scan.skippedLinks());
        try {
            return run(options, triage, spark, progress, start, input, output, hadoop, scan);
        } finally {
            if (hadoop != null) {
                HadoopFolders.deleteLocal(output);
            }
        }
    }

    /** Where a run on Hadoop file systems reads and writes, and the driver's configuration. */
    private record Hadoop(org.apache.hadoop.fs.Path input, org.apache.hadoop.fs.Path output,
            org.apache.hadoop.conf.Configuration conf) {
        org.apache.hadoop.fs.Path out(String relative) {
            return HadoopFolders.child(output, relative);
        }
    }

    private static Report run(Options options, FolderTriage.Options triage, SparkSession spark, PrintStream progress,
            long start, Path input, Path output, Hadoop hadoop, FolderScanner.Scan scan) {
        RunConfig config = hadoop == null ? RunConfig.of(triage, input, output)
                : RunConfig.hadoop(triage, hadoop.input().toString(), hadoop.output().toString());
        ExecutorPipelines.Held held;
        try {
            held = ExecutorPipelines.acquire(config);
        } catch (StageException | RuntimeException e) {
            String hint = e instanceof IllegalArgumentException
                    ? "  The stage implementations come from triage-models: run the packaged jar (java -jar"
                            + " triage-spark/target/phototriage-spark.jar, with its lib/ folders) or put triage-models on the class path"
                    : "  To get the models: " + triage.modelSet().howToGetModels(triage.models());
            String message = "cannot set up the '" + triage.modelSet().label() + "' model set: " + e.getMessage()
                    + System.lineSeparator() + hint;
            progress.println("error: " + message);
            return Report.failed(FolderTriage.EXIT_MODELS, message, start);
        }
        boolean local = spark.sparkContext().isLocal();
        if (!local) {
            // the executors build their own; the driver needed the chain only to check the models and know the
            // configuration (both kept in `held`), so its memory is given back before the photos run
            ExecutorPipelines.close();
        }
        try {
            return new Run(triage, options, spark, config, held, scan, output, hadoop, progress, start).execute();
        } catch (IOException | UncheckedIOException e) {
            IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            String message = "run stopped, the output could not be written: " + io.getMessage() + System.lineSeparator()
                    + "  Rerun the same command to finish: photos already done are kept.";
            progress.println("error: " + message);
            return Report.failed(FolderTriage.EXIT_IO_FAILURE, message, start);
        } catch (Exception e) {
            if (!(e instanceof org.apache.spark.SparkException)) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
            // a task failed more often than spark.task.maxFailures allows (an executor lost for good, a full disk, ...)
            String message = "run stopped, a Spark job failed: " + e.getMessage() + System.lineSeparator()
                    + "  Rerun the same command to finish: photos of the tasks that finished are kept.";
            progress.println("error: " + message);
            return Report.failed(FolderTriage.EXIT_IO_FAILURE, message, start);
        } finally {
            if (local) {
                ExecutorPipelines.close(); // local[N]: the driver is the executor, and its task sets are done
            }
        }
    }

    /** One run: plan, the two passes, the files of the driver. */
    private static final class Run {
        private final FolderTriage.Options triage;
        private final Options options;
        private final SparkSession spark;
        private final RunConfig config;
        private final ExecutorPipelines.Held held;
        private final FolderScanner.Scan scan;
        private final Path output;
        /** null for local folders; else the output is a local staging folder, uploaded at the end */
        private final Hadoop hadoop;
        private final PrintStream progress;
        private final long start;
        private final String configHash;
        private final Map<String, SourceFingerprint> fingerprints = new HashMap<>();
        private final Map<String, PhotoEntry> photoEntries = new HashMap<>();
        private final Map<String, AlbumEntry> albumEntries = new TreeMap<>();

        Run(FolderTriage.Options triage, Options options, SparkSession spark, RunConfig config, ExecutorPipelines.Held held,
                FolderScanner.Scan scan, Path output, Hadoop hadoop, PrintStream progress, long start) {
            this.triage = triage;
            this.options = options;
            this.spark = spark;
            this.config = config;
            this.held = held;
            this.scan = scan;
            this.output = output;
            this.hadoop = hadoop;
            this.progress = progress;
            this.start = start;
            this.configHash = held.configHash();
        }

        Report execute() throws IOException {
            if (hadoop != null) {
                pull();
            }
            OutputLayout layout = OutputLayout.create(output);
            AtomicFiles.deleteStaleTemporaries(layout.root());
            for (String folder : OutputLayout.FOLDERS) {
                AtomicFiles.deleteStaleTemporaries(layout.root().resolve(folder));
            }
            PhotoOutputs outputs = new PhotoOutputs(layout, configHash, List.of(Path.of(config.input()),
                    Path.of(config.inputAsGiven())));
            // The journal, then the parts of tasks a killed driver left behind: later lines win.
            List<Line> previous = new ArrayList<>(Journal.read(layout.journal()).lines());
            previous.addAll(JournalParts.read(layout.root()).lines());
            Map<String, PhotoEntry> oldPhotos = new HashMap<>();
            Map<String, AlbumEntry> oldAlbums = new HashMap<>();
            for (Line line : previous) {
                if (line.photo() != null && configHash.equals(line.photo().config())) {
                    oldPhotos.put(line.photo().path(), line.photo());
                } else if (line.album() != null && configHash.equals(line.album().config())) {
                    oldAlbums.put(line.album().album(), line.album());
                }
            }
            List<PhotoTask> todo = new ArrayList<>();
            for (Photo photo : scan.photos()) {
                SourceFingerprint fp = null;
                try {
                    fp = hadoop == null ? SourceFingerprint.of(photo.path())
                            : HadoopFolders.fingerprint(HadoopFolders.child(hadoop.input(), photo.id()), hadoop.conf());
                    fingerprints.put(photo.id(), fp);
                } catch (IOException e) {
                    // unreadable now: run it, the decoder reports the failure for this photo
                }
                PhotoEntry old = oldPhotos.get(photo.id());
                if (old != null && old.reusableFor(fp, triage.retryErrors())) {
                    photoEntries.put(photo.id(), old);
                } else {
                    todo.add(task(photo, fp));
                }
            }
            int reused = scan.photos().size() - todo.size();
            if (reused > 0) {
                progress.printf("resuming: %d of %d photos already done with this configuration; %d to do%n", reused,
                        scan.photos().size(), todo.size());
            }
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            if (!todo.isEmpty()) {
                int partitions = options.partitions() > 0 ? options.partitions()
                        : Math.max(1, Math.min(todo.size(), 4 * jsc.defaultParallelism()));
                progress.printf("photo pass: %d photos in %d partitions on %s%n", todo.size(), partitions, jsc.master());
                long t0 = System.nanoTime();
                for (String json : jsc.parallelize(todo, partitions).mapPartitions(new PhotoPass(config, configHash)).collect()) {
                    PhotoEntry entry = Journal.JSON.readValue(json, Line.class).photo();
                    photoEntries.put(entry.path(), entry);
                }
                progress.printf("photo pass: done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            }
            if (held.pipeline().stageKeys().contains(StageKey.STYLIZE)) {
                albumPass(jsc, oldAlbums, layout);
            }
            List<PhotoEntry> photos = new ArrayList<>();
            for (Photo photo : scan.photos()) {
                PhotoEntry entry = photoEntries.get(photo.id());
                if (entry != null) {
                    photos.add(entry.withCompanions(scan.companionsOf(photo.id())));
                }
            }
            List<Line> lines = new ArrayList<>();
            photos.forEach(p -> lines.add(new Line(p.withCompanions(null), null)));
            albumEntries.values().forEach(a -> lines.add(new Line(null, a)));
            Journal.compact(layout.journal(), lines);
            if (hadoop != null) {
                // the compacted journal first: a driver killed in between leaves parts whose lines it repeats
                HadoopFolders.upload(layout.journal(), hadoop.out(OutputLayout.JOURNAL), hadoop.conf());
                org.apache.hadoop.fs.Path parts = hadoop.out(JournalParts.FOLDER);
                hadoop.output().getFileSystem(hadoop.conf()).delete(parts, true);
            }
            JournalParts.clear(layout.root());

            List<ResultsDocument.VideoEntry> videos = hadoop == null ? VideoPosters.write(scan.videos(), layout, outputs::relative)
                    : scan.videos().stream().map(v -> new ResultsDocument.VideoEntry(v.id(), v.album(), null,
                            "poster: not made for videos on a Hadoop file system")).toList();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            ResultsDocument doc = ResultsDocument.of(triage.modelSet().label(), configHash, held.stageModels(), photos,
                    List.copyOf(albumEntries.values()), todo.size(), reused, elapsed, ResultsDocument.kindCounts(scan, photos),
                    videos);
            AtomicFiles.write(layout.resultsJson(), out -> Journal.JSON.writerWithDefaultPrettyPrinter().writeValue(out, doc));
            String html = HtmlIndex.render(doc);
            AtomicFiles.write(layout.indexHtml(), out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
            String parquet;
            if (hadoop == null) {
                parquet = layout.root().resolve(ResultsParquet.NAME).toString();
                ResultsParquet.write(spark, doc.photos(), layout.root().resolve(ResultsParquet.NAME));
            } else {
                HadoopFolders.upload(layout.resultsJson(), hadoop.out(OutputLayout.RESULTS_JSON), hadoop.conf());
                HadoopFolders.upload(layout.indexHtml(), hadoop.out(OutputLayout.INDEX_HTML), hadoop.conf());
                parquet = hadoop.out(ResultsParquet.NAME).toString();
                ResultsParquet.write(spark, doc.photos(), parquet);
            }
            ResultsDocument.Counts c = doc.counts();
            progress.printf("done: %d photos (%d ok, %d skipped, %d errors; %d processed, %d reused) in %.1f s%n",
                    c.photos(), c.ok(), c.skipped(), c.error(), c.processed(), c.reused(), elapsed.toMillis() / 1000.0);
            int shown = 0;
            for (PhotoEntry e : doc.photos()) {
                if ("error".equals(e.status()) && shown++ < 20) {
                    progress.println("  error: " + e.path().replaceAll("\\p{Cntrl}", "?") + ": "
                            + String.valueOf(e.error()).replaceAll("\\p{Cntrl}", "?"));
                }
            }
            Object resultsAt = hadoop == null ? layout.resultsJson() : hadoop.out(OutputLayout.RESULTS_JSON);
            Object indexAt = hadoop == null ? layout.indexHtml() : hadoop.out(OutputLayout.INDEX_HTML);
            progress.println("results: " + resultsAt + System.lineSeparator() + "index:   " + indexAt
                    + System.lineSeparator() + "parquet: " + parquet);
            return new Report(FolderTriage.EXIT_OK, "", scan.photos().size(), todo.size(), reused, c.ok(), c.skipped(),
                    c.error(), elapsed);
        }

        /** The task of a photo: read where the scan found it, or (Hadoop) from the input URI. */
        private PhotoTask task(Photo photo, SourceFingerprint fp) {
            return hadoop == null ? PhotoTask.of(photo, fp)
                    : PhotoTask.at(HadoopFolders.child(hadoop.input(), photo.id()).toString(), photo, fp);
        }

        /** Whether an output-relative file is in the Hadoop output. */
        private boolean outputHas(String relative) {
            try {
                org.apache.hadoop.fs.Path p = hadoop.out(relative);
                org.apache.hadoop.fs.FileSystem fs = p.getFileSystem(hadoop.conf());
                return fs.exists(p) && fs.getFileStatus(p).isFile();
            } catch (IOException e) {
                return false;
            }
        }

        /**
         * Makes the Hadoop output folder and brings what the plan reads into the local staging folder: the journal
         * and the parts of tasks a killed driver left behind. Temporary files a killed upload left are deleted.
         */
        private void pull() throws IOException {
            org.apache.hadoop.fs.FileSystem fs = hadoop.output().getFileSystem(hadoop.conf());
            fs.mkdirs(hadoop.output());
            HadoopFolders.deleteStaleTemporaries(hadoop.output(), hadoop.conf());
            for (String folder : OutputLayout.FOLDERS) {
                HadoopFolders.deleteStaleTemporaries(hadoop.out(folder), hadoop.conf());
            }
            HadoopFolders.deleteStaleTemporaries(hadoop.out(JournalParts.FOLDER), hadoop.conf());
            org.apache.hadoop.fs.Path journal = hadoop.out(OutputLayout.JOURNAL);
            if (fs.exists(journal)) {
                HadoopFolders.download(journal, output.resolve(OutputLayout.JOURNAL), hadoop.conf());
            }
            org.apache.hadoop.fs.Path parts = hadoop.out(JournalParts.FOLDER);
            if (fs.exists(parts)) {
                for (org.apache.hadoop.fs.FileStatus part : fs.listStatus(parts)) {
                    if (part.isFile() && part.getPath().getName().endsWith(".jsonl")) {
                        HadoopFolders.download(part.getPath(), output.resolve(JournalParts.FOLDER)
                                .resolve(part.getPath().getName()), hadoop.conf());
                    }
                }
            }
        }

        /**
         * Picks each album's hero from all its photos' hero scores (the best; ties: the first by path, the order the
         * command sees them in), keeps an earlier album line that still holds, and stylizes the others on the
         * executors.
         */
        private void albumPass(JavaSparkContext jsc, Map<String, AlbumEntry> oldAlbums, OutputLayout layout) {
            Map<String, Photo> best = new LinkedHashMap<>();
            Map<String, Double> bestScore = new HashMap<>();
            for (Photo photo : scan.photos()) {
                best.putIfAbsent(photo.album(), null);
                PhotoEntry e = photoEntries.get(photo.id());
                Double s = e == null ? null : e.heroScore();
                if (s != null && s > bestScore.getOrDefault(photo.album(), Double.NEGATIVE_INFINITY)) {
                    best.put(photo.album(), photo);
                    bestScore.put(photo.album(), s);
                }
            }
            List<PhotoTask> heroes = new ArrayList<>();
            for (Map.Entry<String, Photo> e : best.entrySet()) {
                String album = e.getKey();
                Photo hero = e.getValue();
                AlbumEntry old = oldAlbums.get(album);
                if (hero == null) {
                    albumEntries.put(album, new AlbumEntry(album, null, null, "skipped", FolderTriage.NO_HERO, null, null,
                            null, configHash));
                } else if (old != null && (hadoop == null
                        ? old.stillValidFor(hero.id(), fingerprints.get(hero.id()), triage.retryErrors(), layout)
                        : old.stillValidFor(hero.id(), fingerprints.get(hero.id()), triage.retryErrors(), this::outputHas))) {
                    albumEntries.put(album, old);
                } else {
                    heroes.add(task(hero, fingerprints.get(hero.id())));
                }
            }
            if (heroes.isEmpty()) {
                return;
            }
            int partitions = Math.max(1, Math.min(heroes.size(), options.partitions() > 0 ? options.partitions()
                    : 4 * jsc.defaultParallelism()));
            progress.printf("album pass: stylizing %d hero shots in %d partitions%n", heroes.size(), partitions);
            long t0 = System.nanoTime();
            for (String json : jsc.parallelize(heroes, partitions).mapPartitions(new AlbumPass(config, configHash)).collect()) {
                try {
                    AlbumEntry entry = Journal.JSON.readValue(json, Line.class).album();
                    albumEntries.put(entry.album(), entry);
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }
            progress.printf("album pass: done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
    }
}
