package io.phototriage.examples;

import io.phototriage.core.FolderScanner;
import io.phototriage.core.SinkFailurePolicy;
import io.phototriage.core.DecodeInfo;
import io.phototriage.core.HeroPicker;
import io.phototriage.core.Pipeline;
import io.phototriage.core.StageKey;
import io.phototriage.core.image.DecodeOptions;
import io.phototriage.core.image.AutoPhotoDecoder;
import io.phototriage.core.image.PhotoDecoder;
import io.phototriage.core.io.AtomicFiles;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.examples.Journal.DetectionEntry;
import io.phototriage.examples.Journal.SourceFingerprint;
import io.phototriage.models.image.HeifPhotoDecoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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

    /** The reason recorded for an album none of whose photos can be its hero shot. */
    public static final String NO_HERO = "no photo in the album is eligible as hero shot";

    static final StageKey<BufferedImage> THUMBNAIL = StageKey.of("thumbnail", BufferedImage.class);

    /**
     * What to triage and how.
     *
     * @param input       the folder of photos (read only)
     * @param output      where results go; must not be inside {@code input} nor contain it
     * @param models      the models folder, or empty for the model set's default
     * @param modelSet    which providers run the stages
     * @param retryErrors process again the photos that failed in an earlier run (otherwise they count as done)
     * @param stageOptions extra options for the stage providers, e.g. {@code probe=FILE} (classifier) or
     *                    {@code calibration=FILE} (detector); part of the configuration that decides what a rerun reuses
     * @param decodeLongSide 0 to decode every photo at full resolution; else JPEGs much larger than this are decoded
     *                    at 1/2, 1/4 or 1/8 scale by libjpeg ({@code OpenCvPhotoDecoder}), never below this long side;
     *                    boxes are still written in original pixels. Part of the configuration.
     * @param workers     photos in flight at once (default {@link #DEFAULT_WORKERS}); results do not depend on it
     */
    public record Options(Path input, Path output, Optional<Path> models, ModelSet modelSet, boolean retryErrors,
            Map<String, String> stageOptions, int decodeLongSide, int workers) {
        public Options {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(models, "models");
            Objects.requireNonNull(modelSet, "modelSet");
            stageOptions = Map.copyOf(stageOptions);
            if (decodeLongSide < 0) {
                throw new IllegalArgumentException("decodeLongSide must be 0 (full resolution) or positive: " + decodeLongSide);
            }
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be at least 1: " + workers);
            }
        }

        /** The lite model set from its default folder, errors not retried, photos decoded at full resolution. */
        public static Options of(Path input, Path output) {
            return new Options(input, output, Optional.empty(), ModelSet.LITE, false, Map.of(), 0, DEFAULT_WORKERS);
        }

        public Options withModels(Path models) {
            return new Options(input, output, Optional.of(models), modelSet, retryErrors, stageOptions, decodeLongSide, workers);
        }

        public Options withModelSet(ModelSet set) {
            return new Options(input, output, models, set, retryErrors, stageOptions, decodeLongSide, workers);
        }

        public Options withRetryErrors(boolean retry) {
            return new Options(input, output, models, modelSet, retry, stageOptions, decodeLongSide, workers);
        }

        /** Decodes large JPEGs at reduced scale, keeping at least {@code longSide} pixels on the long side (0: full). */
        public Options withDecodeLongSide(int longSide) {
            return new Options(input, output, models, modelSet, retryErrors, stageOptions, longSide, workers);
        }

        /**
         * Photos in flight at once ({@link Pipeline.Builder#workers(int)}): decoding, the models and writing the
         * outputs overlap. Not part of the configuration: results are the same for any number.
         *
         * @param workers at least 1
         * @return the options with that many workers
         */
        public Options withWorkers(int workers) {
            return new Options(input, output, models, modelSet, retryErrors, stageOptions, decodeLongSide, workers);
        }

        /**
         * The photo decoder for a photographer's drive ({@code HeifPhotoDecoder.auto}: JPEG/PNG/..., camera RAW
         * through its embedded preview, HEIC/AVIF through FFmpeg), with {@link #decodeLongSide()}.
         *
         * @throws IllegalStateException if the FFmpeg or OpenCV natives cannot be loaded
         */
        public PhotoDecoder decoder() {
            return HeifPhotoDecoder.auto(decodeOptions());
        }

        /**
         * The decode options of this run: defaults with {@link #decodeLongSide()}.
         *
         * @return the options
         */
        public DecodeOptions decodeOptions() {
            return DecodeOptions.defaults().withTargetLongSide(decodeLongSide);
        }

        /** Adds one stage option ({@code probe}, {@code calibration}, ...). */
        public Options withStageOption(String key, String value) {
            Map<String, String> copy = new HashMap<>(stageOptions);
            copy.put(key, value);
            return new Options(input, output, models, modelSet, retryErrors, copy, decodeLongSide, workers);
        }

        /** The stage settings of this run: the model set's, plus {@link #stageOptions()}. */
        public io.phototriage.core.spi.StageSettings stageSettings() {
            return modelSet.settings(models, stageOptions);
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
        /**
         * A run that stopped before any photo was processed.
         *
         * @param exitCode   one of the {@code EXIT_} codes
         * @param message    why
         * @param startNanos {@link System#nanoTime()} at the start
         * @return the report
         */
        public static Report failed(int exitCode, String message, long startNanos) {
            return new Report(exitCode, message, 0, 0, 0, 0, 0, 0, Duration.ofNanos(System.nanoTime() - startNanos));
        }
    }

    /**
     * Photos in flight for {@link Options#of}: one (everything on the calling thread). The command line's {@code run}
     * uses {@link #autoWorkers} instead.
     */
    public static final int DEFAULT_WORKERS = 1;

    /** The most photos in flight {@link #autoWorkers} chooses: each holds its decoded pixels, 2 per worker queued. */
    public static final int MAX_AUTO_WORKERS = 8;

    /**
     * Photos in flight for the command line's {@code run}: one per core, at most {@link #MAX_AUTO_WORKERS}. The lite
     * stages are thread-safe and run with one ONNX Runtime thread per session there, so each photo in flight keeps
     * one core busy (measured on 2 cores in docs/performance.md).
     *
     * @param cores the available cores
     * @return between 1 and {@link #MAX_AUTO_WORKERS}
     */
    public static int autoWorkers(int cores) {
        return Math.max(1, Math.min(MAX_AUTO_WORKERS, cores));
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
        DecoderSetup decoder = DecoderSetup.start(options);
        FolderScanner.Scan scan;
        try {
            scan = FolderScanner.scan(input);
        } catch (IOException e) {
            String message = "cannot list the input folder " + input + ": " + e.getMessage();
            progress.println("error: " + message);
            return Report.failed(EXIT_USAGE, message, start);
        }
        scan.warnings().forEach(w -> progress.println("warning: " + w));
        progress.printf("found %d photos under %s (%d RAW files paired with their JPEG, %d videos listed, %d other files"
                + " skipped, %d folder links not followed)%n", scan.photos().size(), input, scan.pairedFiles(),
                scan.videos().size(), scan.otherFiles(), scan.skippedLinks());

        HeroScores heroScores = new HeroScores();
        ModelSet set = options.modelSet();
        Pipeline pipeline;
        try {
            pipeline = chain(options, registry, decoder, heroScores)
                    // the sink writes the journal: if that fails, going on would only lose more work
                    .sinkFailures(SinkFailurePolicy.STOP)
                    .listener(new ProgressReporter(progress, terminal, System::nanoTime))
                    .build();
        } catch (StageException | RuntimeException e) {
            // StageRegistry reports a provider it cannot find with IllegalArgumentException; the rest is models.
            String hint = e instanceof IllegalArgumentException
                    ? "  The stage implementations come from triage-models: run the packaged jar (java -jar"
                            + " triage-examples/target/phototriage.jar, with its lib/ folder) or put triage-models on the class path"
                    : "  To get the models: " + set.howToGetModels(options.models());
            String message = "cannot set up the '" + set.label() + "' model set: " + e.getMessage() + System.lineSeparator() + hint;
            progress.println("error: " + message);
            return Report.failed(EXIT_MODELS, message, start);
        }
        try {
            decoder.await().forEach(w -> progress.println("warning: " + w));
        } catch (IllegalStateException e) {
            progress.println("error: " + e.getMessage());
            closeQuietly(pipeline, progress);
            return Report.failed(EXIT_MODELS, e.getMessage(), start);
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
            report = new TriageRun(options, layout, scan, pipeline, heroScores, progress, start).execute();
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

    /**
     * The {@code run} command's chain: classify, detect, segment, thumbnail, stylize of the options' model set, with
     * the options' settings and workers. The caller adds its listener and sink policy and builds it.
     *
     * @param options    the run's options
     * @param registry   where the stage providers come from
     * @param decoder    the photo decoder ({@link #decoderOrFallback})
     * @param heroPicker the hero-shot rule
     * @return the configured builder
     */
    public static Pipeline.Builder chain(Options options, StageRegistry registry, PhotoDecoder decoder, HeroPicker heroPicker) {
        ModelSet set = options.modelSet();
        return Pipeline.builder()
                .decoder(decoder)
                .registry(registry)
                .settings(options.stageSettings())
                .classify(set.classifyProvider(options.stageSettings()))
                .detect(set.detectProvider())
                .segment(set.segmentProvider())
                .stage(THUMBNAIL, new ThumbnailStage(THUMBNAIL_SIZE))
                .stylize(set.stylizeProvider())
                .heroPicker(heroPicker)
                .workers(options.workers());
    }

    /**
     * The decoder of {@link Options#decoder()}, or, when the FFmpeg/OpenCV natives cannot be loaded and photos are
     * decoded at full resolution, the ImageIO one (JPEG, PNG, ..., RAW previews still decode; HEIC fails per photo).
     *
     * @param options the run's options
     * @param warn    receives the warning when falling back
     * @return the decoder
     * @throws IllegalStateException if the natives are missing and {@code --decode-long-side} needs them
     */
    public static PhotoDecoder decoderOrFallback(Options options, java.util.function.Consumer<String> warn) {
        try {
            return options.decoder();
        } catch (IllegalStateException e) {
            if (options.decodeLongSide() != 0) {
                throw new IllegalStateException("cannot set up the photo decoder for --decode-long-side: " + e.getMessage(), e);
            }
            warn.accept("HEIC/AVIF photos cannot be decoded here: " + e.getMessage());
            return AutoPhotoDecoder.withoutHeif(options.decodeOptions());
        }
    }

    /**
     * The stage → model description of a built pipeline, as results.json's {@code stageModels} lists it.
     *
     * @param pipeline the built chain
     * @return per stage key (decode excluded): {@code name (weights W, engine)}
     */
    public static Map<String, String> stageModels(Pipeline pipeline) {
        Map<String, String> models = new java.util.LinkedHashMap<>();
        List<StageKey<?>> keys = pipeline.stageKeys().subList(1, pipeline.stageKeys().size());
        List<Stage<?, ?>> stages = pipeline.stages();
        for (int i = 0; i < keys.size() && i < stages.size(); i++) {
            ModelInfo m = stages.get(i).model();
            models.put(keys.get(i).name(), m.name() + " (weights " + m.weights() + ", " + m.engine() + ")");
        }
        return models;
    }

    /**
     * The configuration hash every journal line carries: format version, model set, stage options, each stage's
     * model and the decode size. A rerun reuses only lines with the same hash.
     *
     * @param options     the run's options
     * @param stageModels {@link #stageModels(Pipeline)} of the built chain
     * @return 16 hex digits
     */
    public static String configHash(Options options, Map<String, String> stageModels) {
        return OutputLayout.sha256Hex(FORMAT_VERSION + "\n" + options.modelSet().label() + "\n"
                + new java.util.TreeMap<>(options.modelSet().settings(Optional.empty(), options.stageOptions()).options()) + "\n"
                + stageModels + (options.decodeLongSide() == 0 ? "" : "\ndecodeLongSide=" + options.decodeLongSide())).substring(0, 16);
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

    /**
     * The input folder as a real path, refused when it does not exist, is not a folder or cannot be read.
     *
     * @param input the input folder as given
     * @return its real path
     * @throws UsageException with the message the command prints
     */
    public static Path checkInput(Path input) throws UsageException {
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
     *
     * @param realInput the input's real path ({@link #checkInput})
     * @param output    the output folder as given
     * @return the output's absolute path, links resolved
     * @throws UsageException with the message the command prints
     */
    public static Path checkOutput(Path realInput, Path output) throws UsageException {
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
            throw UsageException.outputUnderInput(real, realInput, real.equals(realInput));
        }
        if (realInput.startsWith(real)) {
            throw UsageException.outputAboveInput(real, realInput);
        }
        return real;
    }

    /** A bad command line or folder: exit code {@link #EXIT_USAGE}. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        /**
         * @param message what is wrong and what to do
         */
        public UsageException(String message) {
            super(message);
        }

        /**
         * The output is the input or inside it: refused, whatever file system both are on.
         *
         * @param output the output folder
         * @param input  the input folder
         * @param same   whether the output is the input itself
         * @return the error the command prints
         */
        public static UsageException outputUnderInput(Object output, Object input, boolean same) {
            return new UsageException("output folder " + output + " is " + (same ? "the input folder" : "inside the input folder "
                    + input) + "; phototriage never writes under the input. Choose an output folder elsewhere");
        }

        /**
         * The output contains the input (a sub-folder of the output could be the input): refused.
         *
         * @param output the output folder
         * @param input  the input folder
         * @return the error the command prints
         */
        public static UsageException outputAboveInput(Object output, Object input) {
            return new UsageException("output folder " + output + " contains the input folder " + input
                    + "; choose an output folder beside the input, not above it");
        }
    }

    /**
     * A detection as results.json records it: the box mapped from the pixels the detector saw to pixels of the
     * original (oriented) photo, clipped to it, rounded to 1/100 pixel.
     */
    public static DetectionEntry toOriginal(Detection det, DecodeInfo info) {
        double sx = (double) info.originalWidth() / info.decodedWidth();
        double sy = (double) info.originalHeight() / info.decodedHeight();
        BoundingBox b = det.box().scale(sx, sy).clip(info.originalWidth(), info.originalHeight());
        return new DetectionEntry(det.label(), det.score(), List.of(round(b.x0()), round(b.y0()), round(b.x1()), round(b.y1())));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
