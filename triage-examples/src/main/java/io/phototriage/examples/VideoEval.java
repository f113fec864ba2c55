package io.phototriage.examples;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.phototriage.core.eval.RegionSimilarity;
import io.phototriage.core.io.AtomicFiles;
import io.phototriage.core.stage.Mask;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.video.ClipTracker;
import io.phototriage.core.video.FrameMask;
import io.phototriage.core.video.VideoPrompt;
import io.phototriage.core.video.VideoSegmenter;
import io.phototriage.models.video.ClipReader;
import io.phototriage.models.video.ClipSegmentation;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * {@code phototriage eval-video}: region similarity J on a DAVIS-layout data set. Each sequence is a folder with
 * {@code masks/} (one 0/255 PNG per frame, the ground truth) and the clip as {@code frames/} (JPEG/PNG) or
 * {@code clip.mp4} ({@code --from video}); the first frame's ground-truth mask is the prompt and is left out of the
 * mean (DAVIS's semi-supervised protocol). Writes {@code OUT/metrics.json} ({@link Metrics}) atomically.
 */
final class VideoEval {
    static final String METRICS_JSON = "metrics.json";

    private VideoEval() {}

    /**
     * The settings.
     *
     * @param dataset   the DAVIS-layout folder
     * @param output    where metrics.json goes (created)
     * @param set       the model set
     * @param models    the models folder, or empty for the set's default
     * @param provider  a video segmenter overriding the set's, or null
     * @param options   segmenter options
     * @param fromVideo read {@code clip.mp4} instead of {@code frames/}
     * @param sequences only these sequences (empty: all)
     */
    record Options(Path dataset, Path output, ModelSet set, Optional<Path> models, String provider,
            Map<String, String> options, boolean fromVideo, List<String> sequences) {}

    /** metrics.json. */
    record Metrics(String segmenter, String weights, String modelSet, String source, Map<String, Sequence> sequences,
            double meanJ, double latencyP50Ms, double latencyP95Ms, double framesPerSecond) {}

    /** One sequence's result: frames, failures, J over the frames after the prompt, latency per frame. */
    record Sequence(int frames, int failed, double j, int scoredFrames, double latencyP50Ms, double latencyP95Ms,
            List<Double> perFrameJ) {}

    static int run(Options o, PrintStream err) {
        List<Path> sequences;
        try {
            sequences = sequences(o.dataset(), o.fromVideo(), o.sequences());
        } catch (IOException | IllegalArgumentException e) {
            err.println("error: --dataset: " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        }
        Metrics metrics;
        try (VideoSegmenter segmenter = VideoSegmenters.open(o.set(), o.models(), o.provider(), o.options())) {
            Map<String, Sequence> out = new LinkedHashMap<>();
            List<Double> allMillis = new ArrayList<>();
            double seconds = 0;
            int frames = 0;
            for (Path seq : sequences) {
                long t0 = System.nanoTime();
                Sequence result = evaluate(segmenter, seq, o.fromVideo(), allMillis);
                seconds += (System.nanoTime() - t0) / 1e9;
                frames += result.frames();
                out.put(seq.getFileName().toString(), result);
                err.printf(Locale.ROOT, "%-12s J %.3f over %d frames (%d failed), p50 %.0f ms%n", seq.getFileName(), result.j(),
                        result.scoredFrames(), result.failed(), result.latencyP50Ms());
            }
            LatencyStats latency = LatencyStats.of(allMillis);
            double meanJ = out.values().stream().mapToDouble(Sequence::j).average().orElse(Double.NaN);
            metrics = new Metrics(segmenter.name(), segmenter.model().weights(), o.set().label(),
                    o.fromVideo() ? "clip.mp4" : "frames/", out, meanJ, latency.p50(), latency.p95(), frames / seconds);
            err.printf(Locale.ROOT, "mean J %.3f over %d sequences; per frame p50 %.0f ms, p95 %.0f ms%n", meanJ, out.size(),
                    latency.p50(), latency.p95());
        } catch (StageException | IllegalArgumentException | IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_MODELS;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        } catch (Exception e) {
            err.println("error: closing the video segmenter failed: " + e.getMessage());
            return FolderTriage.EXIT_IO_FAILURE;
        }
        try {
            Files.createDirectories(o.output());
            byte[] json = Journal.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(metrics);
            AtomicFiles.write(o.output().resolve(METRICS_JSON), s -> s.write(json));
        } catch (IOException e) {
            err.println("error: cannot write " + METRICS_JSON + ": " + e.getMessage());
            return FolderTriage.EXIT_IO_FAILURE;
        }
        return FolderTriage.EXIT_OK;
    }

    /** One sequence: prompt with mask 0, J over frames 1..n-1 (a failed frame scores 0: an empty prediction). */
    static Sequence evaluate(VideoSegmenter segmenter, Path seq, boolean fromVideo, List<Double> allMillis)
            throws IOException, StageException {
        List<Path> truth = maskFiles(seq.resolve("masks"));
        Path clip = fromVideo ? seq.resolve("clip.mp4") : seq.resolve("frames");
        try (ClipReader reader = ClipReader.open(clip)) {
            int w = reader.info().width();
            int h = reader.info().height();
            Mask prompt = readMask(truth.get(0), w, h);
            List<Double> js = new ArrayList<>();
            ClipSegmentation.Summary summary;
            try (ClipTracker tracker = segmenter.apply(new VideoPrompt.MaskPrompt(prompt))) {
                summary = ClipSegmentation.run(reader, tracker, segmenter.name(), segmenter.model(), (result, frame) -> {
                    if (result.index() == 0 || result.index() >= truth.size()) {
                        return;
                    }
                    Mask predicted = result.outcome().valueIfDone().map(FrameMask::mask).orElse(VideoOutput.empty(w, h));
                    js.add(RegionSimilarity.of(predicted, readMask(truth.get(result.index()), w, h)));
                });
            } catch (StageException | IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("closing the tracker failed: " + e.getMessage(), e);
            }
            List<Double> millis = java.util.Arrays.stream(summary.millis()).boxed().toList();
            allMillis.addAll(millis);
            LatencyStats latency = LatencyStats.of(millis);
            List<Double> rounded = js.stream().map(j -> Math.round(j * 10000) / 10000.0).toList();
            return new Sequence(summary.frames(), summary.failed(), RegionSimilarity.mean(js), js.size(), latency.p50(),
                    latency.p95(), rounded);
        }
    }

    /** The sequence folders of a data set: those with masks/ and frames/ (or clip.mp4), sorted by name. */
    static List<Path> sequences(Path dataset, boolean fromVideo, List<String> only) throws IOException {
        if (!Files.isDirectory(dataset)) {
            throw new IOException("not a folder: " + dataset);
        }
        List<Path> found;
        try (Stream<Path> s = Files.list(dataset)) {
            found = s.filter(Files::isDirectory).filter(d -> Files.isDirectory(d.resolve("masks")))
                    .filter(d -> fromVideo ? Files.isRegularFile(d.resolve("clip.mp4")) : Files.isDirectory(d.resolve("frames")))
                    .filter(d -> only.isEmpty() || only.contains(d.getFileName().toString())).sorted().toList();
        }
        if (found.isEmpty()) {
            throw new IOException(dataset + " holds no sequence folder with masks/ and " + (fromVideo ? "clip.mp4" : "frames/")
                    + (only.isEmpty() ? "" : " among " + only) + " (DAVIS layout)");
        }
        if (!only.isEmpty() && found.size() != only.size()) {
            throw new IllegalArgumentException("--sequences " + only + ": found only " + found.stream()
                    .map(p -> p.getFileName().toString()).toList());
        }
        return found;
    }

    /** The PNG masks of a folder, sorted by name; at least one. */
    static List<Path> maskFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("not a folder of masks: " + dir);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException(dir + " holds no PNG mask");
        }
        return files;
    }

    /** A mask PNG of the expected size; non-zero pixels are the subject. */
    static Mask readMask(Path png, int width, int height) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        if (image == null) {
            throw new IOException(png + " is not a readable PNG");
        }
        if (image.getWidth() != width || image.getHeight() != height) {
            throw new IOException(png.getFileName() + " is " + image.getWidth() + "x" + image.getHeight() + ", the frames are "
                    + width + "x" + height);
        }
        return toMask(image);
    }

    /** Non-zero pixels (of the first band, or any colour) are the subject. */
    static Mask toMask(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        boolean[] values = new boolean[w * h];
        Raster raster = image.getRaster();
        int bands = Math.min(3, raster.getNumBands());
        int[] row = new int[w];
        for (int b = 0; b < bands; b++) {
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, b, row);
                for (int x = 0; x < w; x++) {
                    if (row[x] != 0) {
                        values[y * w + x] = true;
                    }
                }
            }
        }
        return Mask.of(w, h, values);
    }
}
