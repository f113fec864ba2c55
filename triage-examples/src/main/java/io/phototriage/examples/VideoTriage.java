package io.phototriage.examples;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Outcome;
import io.phototriage.core.Photo;
import io.phototriage.core.eval.RegionSimilarity;
import io.phototriage.core.io.AtomicFiles;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.Mask;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.video.ClipTracker;
import io.phototriage.core.video.FrameMask;
import io.phototriage.core.video.VideoFrame;
import io.phototriage.core.video.VideoPrompt;
import io.phototriage.core.video.VideoSegmenter;
import io.phototriage.models.video.ClipReader;
import io.phototriage.models.video.ClipSegmentation;
import io.phototriage.models.video.CutoutVideoWriter;
import io.phototriage.models.video.GifPreview;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * {@code phototriage video}: one clip in, one output folder out ({@link VideoOutput}). Every check that can fail on
 * the user's input (the clip opens, the prompt fits the first frame, the output folder is free) runs before any model
 * is loaded; everything is written into a temporary folder beside the output and moved into place at the end, so a
 * failed run leaves no half-written output. {@link #run} is what {@code main} and the tests call.
 */
final class VideoTriage {
    /** Labels {@code --auto} prompts with. */
    static final Set<String> AUTO_LABELS = Set.of("person", "dog", "cat");
    /** How many frames {@code --auto} looks through for a subject. */
    static final int AUTO_MAX_FRAMES = 300;

    private VideoTriage() {}

    /** How the subject is given. */
    sealed interface PromptChoice {
        /** A mask PNG the size of the first frame (non-zero = subject). */
        record MaskFile(Path png) implements PromptChoice {}

        /** A box on the first frame. */
        record Box(BoundingBox box) implements PromptChoice {}

        /** The best person/dog/cat detection of the first frame that has one. */
        record Auto() implements PromptChoice {}
    }

    /**
     * The command's settings.
     *
     * @param input       a video file or a folder of frames
     * @param output      the output folder (created; replaced if it holds an earlier video output)
     * @param prompt      how the subject is given
     * @param set         the model set
     * @param models      the models folder, or empty for the set's default
     * @param provider    a video segmenter provider name overriding the set's, or null
     * @param options     segmenter options
     * @param groundTruth a folder of ground-truth masks (one PNG per frame, sorted), or null
     * @param folderFps   the frame rate of a frames folder
     */
    record Options(Path input, Path output, PromptChoice prompt, ModelSet set, Optional<Path> models, String provider,
            Map<String, String> options, Path groundTruth, double folderFps) {}

    /**
     * Runs the command.
     *
     * @param o   the settings
     * @param err where progress and errors go
     * @return the exit code ({@link FolderTriage#EXIT_OK}, ...)
     */
    static int run(Options o, PrintStream err) {
        // 1. Everything that depends only on the input, before a model is loaded.
        Path output = o.output().toAbsolutePath().normalize();
        try {
            checkOutput(o.input().toAbsolutePath().normalize(), output);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        }
        ClipReader.ClipInfo info;
        try (ClipReader probe = ClipReader.open(o.input(), o.folderFps())) {
            info = probe.info();
        } catch (IOException e) {
            err.println("error: --input: " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        }
        VideoPrompt prompt = null;
        try {
            if (o.prompt() instanceof PromptChoice.MaskFile m) {
                prompt = new VideoPrompt.MaskPrompt(readPromptMask(m.png(), info.width(), info.height()));
            } else if (o.prompt() instanceof PromptChoice.Box b) {
                prompt = new VideoPrompt.Box(checkBox(b.box(), info.width(), info.height()));
            }
        } catch (IllegalArgumentException | IOException e) {
            err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        }
        List<Path> truth = List.of();
        if (o.groundTruth() != null) {
            try {
                truth = VideoEval.maskFiles(o.groundTruth());
            } catch (IOException e) {
                err.println("error: --ground-truth: " + e.getMessage());
                return FolderTriage.EXIT_USAGE;
            }
        }
        int start = 0;
        if (prompt == null) {
            try {
                Optional<AutoPrompt> found = autoPrompt(o);
                if (found.isEmpty()) {
                    err.println("error: --auto: no person, dog or cat was detected in the first " + AUTO_MAX_FRAMES
                            + " frames; give --prompt-box or --prompt-mask");
                    return FolderTriage.EXIT_USAGE;
                }
                start = found.get().frame();
                Detection d = found.get().detection();
                prompt = new VideoPrompt.Box(d.box());
                err.printf(Locale.ROOT, "auto prompt: %s %.2f at %s on frame %d%n", d.label(), d.score(), d.box(), start);
            } catch (StageException | IllegalArgumentException e) {
                err.println("error: --auto: " + e.getMessage());
                return FolderTriage.EXIT_MODELS;
            } catch (IOException e) {
                err.println("error: --input: " + e.getMessage());
                return FolderTriage.EXIT_USAGE;
            }
        }
        // 2. The segmenter.
        VideoSegmenter segmenter;
        try {
            segmenter = VideoSegmenters.open(o.set(), o.models(), o.provider(), o.options());
        } catch (StageException | IllegalArgumentException | IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_MODELS;
        }
        // 3. Frames, into a temporary folder moved into place at the end.
        Path temp;
        try {
            Files.createDirectories(output.getParent());
            // Not createTempDirectory (0700): the output gets the permissions the umask allows, like any other folder.
            temp = Files.createDirectory(output.getParent().resolve(AtomicFiles.TEMP_PREFIX + "video-"
                    + Long.toUnsignedString(new java.security.SecureRandom().nextLong(), 36)));
        } catch (IOException e) {
            closeQuietly(segmenter);
            err.println("error: cannot create a folder beside " + output + ": " + e.getMessage());
            return FolderTriage.EXIT_IO_FAILURE;
        }
        try (VideoSegmenter s = segmenter) {
            VideoOutput.Document doc = segment(o, info, s, prompt, start, truth, temp, err);
            VideoOutput.finish(temp, doc, o.input());
            VideoOutput.moveIntoPlace(temp, output);
            err.printf(Locale.ROOT, "video: %d frames (%d failed) in %.1f s, %.2f frames/s%s -> %s%n", doc.summary().frames(),
                    doc.summary().failed(), doc.summary().seconds(), doc.summary().framesPerSecond(),
                    Double.isNaN(doc.summary().meanJ()) ? "" : String.format(Locale.ROOT, ", mean J %.3f", doc.summary().meanJ()),
                    output);
            return FolderTriage.EXIT_OK;
        } catch (StageException e) {
            err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        } catch (Exception e) {
            err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_IO_FAILURE;
        } finally {
            VideoOutput.deleteTree(temp);
        }
    }

    /** The frame {@code --auto} found a subject on, and the detection. */
    record AutoPrompt(int frame, Detection detection) {}

    /** The best auto-label detection of the first frame that has one. */
    private static Optional<AutoPrompt> autoPrompt(Options o) throws StageException, IOException {
        var settings = o.set().settings(o.models()).forStage("detect");
        String detectName = o.set().detectProvider();
        if (o.set() == ModelSet.TINY) {
            settings = settings.withOption("model", "grounding-dino-tiny");
        }
        try (Detector detector = StageRegistry.load().create(Detector.class, detectName, settings);
                ClipReader reader = ClipReader.open(o.input(), o.folderFps())) {
            for (int i = 0; i < AUTO_MAX_FRAMES && reader.hasNext(); i++) {
                VideoFrame frame;
                try {
                    frame = reader.next();
                } catch (ClipReader.FrameReadException e) {
                    continue;
                } catch (java.util.NoSuchElementException e) {
                    break;
                }
                Optional<Detection> best = detector.apply(DecodedPhoto.full(Photo.of(Path.of("frame-" + frame.index())),
                        frame.image())).detections().stream()
                        .filter(d -> AUTO_LABELS.contains(d.label().toLowerCase(Locale.ROOT)))
                        .max(java.util.Comparator.comparingDouble(Detection::score));
                if (best.isPresent()) {
                    return Optional.of(new AutoPrompt(frame.index(), best.get()));
                }
            }
            return Optional.empty();
        } catch (StageException | IOException e) {
            throw e;
        } catch (Exception e) {
            throw new StageException(e.getMessage(), e);
        }
    }

    private static VideoOutput.Document segment(Options o, ClipReader.ClipInfo info, VideoSegmenter segmenter,
            VideoPrompt prompt, int start, List<Path> truth, Path temp, PrintStream err) throws Exception {
        Path masks = Files.createDirectories(temp.resolve(VideoOutput.MASKS));
        List<VideoOutput.FrameEntry> entries = new ArrayList<>();
        List<Double> js = new ArrayList<>();
        GifPreview preview = new GifPreview(info.frameCount(), info.fps(), GifPreview.DEFAULT_MAX_FRAMES,
                GifPreview.DEFAULT_MAX_SIDE);
        long t0 = System.nanoTime();
        ClipSegmentation.Summary summary;
        String codec;
        try (ClipReader reader = ClipReader.open(o.input(), o.folderFps());
                ClipTracker tracker = segmenter.apply(prompt);
                CutoutVideoWriter cutout = CutoutVideoWriter.open(temp.resolve(VideoOutput.CUTOUT), info.width(), info.height(),
                        info.fps())) {
            codec = cutout.codec();
            ClipTracker skipping = start == 0 ? tracker : frame -> {
                if (frame.index() < start) {
                    return new FrameMask(frame.index(), VideoOutput.empty(info.width(), info.height()), 0);
                }
                return tracker.next(frame);
            };
            summary = ClipSegmentation.run(reader, skipping, segmenter.name(), segmenter.model(), (result, frame) -> {
                Mask mask = result.outcome().valueIfDone().map(FrameMask::mask)
                        .orElse(VideoOutput.empty(info.width(), info.height()));
                VideoOutput.writeMask(masks.resolve(VideoOutput.maskName(result.index())), mask);
                BufferedImage picture = frame != null ? frame.image()
                        : new BufferedImage(info.width(), info.height(), BufferedImage.TYPE_INT_RGB);
                cutout.write(picture, frame != null ? mask : null);
                preview.offer(result.index(), CutoutVideoWriter.composite(picture, mask));
                Double j = null;
                if (result.index() < truth.size() && result.outcome().isDone() && result.index() > start) {
                    j = RegionSimilarity.of(mask, VideoEval.readMask(truth.get(result.index()), info.width(), info.height()));
                    js.add(j);
                }
                entries.add(VideoOutput.FrameEntry.of(result, mask, j));
                if (result.outcome() instanceof Outcome.Failed<FrameMask> f) {
                    err.println("frame " + result.index() + " failed: " + f.message());
                }
            });
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        try (var out = Files.newOutputStream(temp.resolve(VideoOutput.PREVIEW))) {
            preview.writeTo(out);
        }
        LatencyStats latency = LatencyStats.of(java.util.Arrays.stream(summary.millis()).boxed().toList());
        return new VideoOutput.Document(VideoOutput.ClipEntry.of(info, o.input()),
                new VideoOutput.SegmenterEntry(segmenter.name(), segmenter.model().weights(), o.set().label(),
                        VideoOutput.describe(prompt), start),
                new VideoOutput.Outputs(VideoOutput.MASKS + "/", VideoOutput.CUTOUT, codec, VideoOutput.PREVIEW),
                new VideoOutput.Summary(summary.frames(), summary.failed(), seconds, summary.frames() / seconds,
                        latency.p50(), latency.p95(), truth.isEmpty() ? Double.NaN : RegionSimilarity.mean(js), js.size()),
                entries);
    }

    /** Refuses an output inside the input folder, or an existing folder that is not an earlier video output. */
    static void checkOutput(Path input, Path output) {
        if (Files.isDirectory(input) && output.startsWith(input)) {
            throw new IllegalArgumentException("--output " + output + " is inside --input " + input + "; choose another folder");
        }
        if (output.equals(input)) {
            throw new IllegalArgumentException("--output is the input itself");
        }
        if (Files.exists(output)) {
            if (!Files.isDirectory(output)) {
                throw new IllegalArgumentException("--output " + output + " is a file; give a folder");
            }
            try (var entries = Files.list(output)) {
                boolean empty = entries.findAny().isEmpty();
                if (!empty && !Files.isRegularFile(output.resolve(VideoOutput.VIDEO_JSON))) {
                    throw new IllegalArgumentException("--output " + output + " exists and is not an earlier video output (no "
                            + VideoOutput.VIDEO_JSON + "); give a new or empty folder");
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("--output " + output + " cannot be read: " + e.getMessage());
            }
        }
    }

    /** The prompt mask PNG: the first frame's size, non-zero pixels are the subject, not empty. */
    static Mask readPromptMask(Path png, int width, int height) throws IOException {
        BufferedImage image;
        try {
            image = ImageIO.read(png.toFile());
        } catch (IOException e) {
            throw new IOException("--prompt-mask " + png + " cannot be read: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new IOException("--prompt-mask " + png + " is not an image ImageIO can read (give a PNG)");
        }
        if (image.getWidth() != width || image.getHeight() != height) {
            throw new IllegalArgumentException("--prompt-mask " + png.getFileName() + " is " + image.getWidth() + "x"
                    + image.getHeight() + ", the clip's frames are " + width + "x" + height);
        }
        Mask mask = VideoEval.toMask(image);
        if (mask.area() == 0) {
            throw new IllegalArgumentException("--prompt-mask " + png.getFileName() + " is empty (every pixel is 0): it marks"
                    + " no subject");
        }
        return mask;
    }

    /** A box that overlaps the frame, clipped to it. */
    static BoundingBox checkBox(BoundingBox box, int width, int height) {
        if (box.x1() <= 0 || box.y1() <= 0 || box.x0() >= width || box.y0() >= height || box.width() < 1
                || box.height() < 1) {
            throw new IllegalArgumentException("--prompt-box " + box.x0() + "," + box.y0() + "," + box.x1() + "," + box.y1()
                    + " lies outside the " + width + "x" + height + " frame (or is under a pixel)");
        }
        return box.clip(width, height);
    }

    /** Parses {@code x0,y0,x1,y1}. */
    static BoundingBox parseBox(String value) {
        String[] parts = value.split(",");
        if (parts.length != 4) {
            throw new IllegalArgumentException("--prompt-box wants x0,y0,x1,y1 (four numbers), got '" + value + "'");
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--prompt-box: '" + parts[i].trim() + "' is not a number");
            }
        }
        try {
            return new BoundingBox(v[0], v[1], v[2], v[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--prompt-box: " + e.getMessage());
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // nothing was produced; the first error is the one reported
        }
    }
}
