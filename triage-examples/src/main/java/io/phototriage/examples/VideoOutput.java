package io.phototriage.examples;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.phototriage.core.Outcome;
import io.phototriage.core.io.AtomicFiles;
import io.phototriage.core.stage.Mask;
import io.phototriage.core.video.FrameMask;
import io.phototriage.core.video.VideoPrompt;
import io.phototriage.models.video.ClipReader;
import io.phototriage.models.video.ClipSegmentation;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The {@code video} command's output folder: {@code masks/00000.png ...} (one 0/255 PNG per frame, the frame's size),
 * {@code cutout.mp4}, {@code preview.gif}, {@code video.json} (this class's {@link Document}) and {@code index.html}.
 * Written into a temporary folder and moved into place whole ({@link #moveIntoPlace}).
 */
final class VideoOutput {
    static final String MASKS = "masks";
    static final String CUTOUT = "cutout.mp4";
    static final String PREVIEW = "preview.gif";
    static final String VIDEO_JSON = "video.json";
    static final String INDEX = "index.html";

    private VideoOutput() {}

    /** video.json. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Document(ClipEntry clip, SegmenterEntry segmenter, Outputs outputs, Summary summary, List<FrameEntry> frames) {}

    /** The clip as read. */
    record ClipEntry(String input, String kind, int width, int height, double fps, int announcedFrames, double rotation,
            String codec) {
        static ClipEntry of(ClipReader.ClipInfo info, Path input) {
            return new ClipEntry(String.valueOf(input.getFileName()), info.kind(), info.width(), info.height(), info.fps(),
                    info.frameCount(), info.rotation(), info.codec());
        }
    }

    /** Which segmenter, with what prompt, from which frame. */
    record SegmenterEntry(String provider, String weights, String modelSet, String prompt, int promptFrame) {}

    /** The files written. */
    record Outputs(String masks, String cutout, String cutoutCodec, String preview) {}

    /**
     * Totals: frames, failures, wall time, frames per second, tracker latency per frame p50/p95 (ms), mean J over the
     * frames with ground truth (NaN without), and how many frames J was averaged over.
     */
    record Summary(int frames, int failed, double seconds, double framesPerSecond, double latencyP50Ms, double latencyP95Ms,
            double meanJ, int scoredFrames) {}

    /** One frame: done or failed, mask area, score, tracker time, J when ground truth was given. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FrameEntry(int index, double timeSeconds, String status, long area, Double score, Double millis, Double j,
            String error) {
        static FrameEntry of(ClipSegmentation.FrameResult r, Mask mask, Double j) {
            double t = r.timestampMicros() / 1e6;
            if (r.outcome() instanceof Outcome.Done<FrameMask> d) {
                return new FrameEntry(r.index(), t, "done", mask.area(), round(d.value().score()),
                        round(d.elapsed().toNanos() / 1e6), j == null ? null : round(j), null);
            }
            String why = r.outcome() instanceof Outcome.Failed<FrameMask> f ? f.message()
                    : ((Outcome.Skipped<FrameMask>) r.outcome()).reason();
            return new FrameEntry(r.index(), t, r.outcome().isDone() ? "done" : "failed", 0, null, null, null, why);
        }
    }

    private static Double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 10000) / 10000.0 : null;
    }

    static String maskName(int index) {
        return String.format(Locale.ROOT, "%05d.png", index);
    }

    static Mask empty(int width, int height) {
        return Mask.of(width, height, new boolean[width * height]);
    }

    /** A mask as an 8-bit grey PNG, 0 background, 255 subject. */
    static void writeMask(Path file, Mask mask) throws IOException {
        BufferedImage png = new BufferedImage(mask.width(), mask.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) png.getRaster().getDataBuffer()).getData();
        java.util.BitSet bits = mask.bits();
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            data[i] = (byte) 255;
        }
        if (!ImageIO.write(png, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
    }

    static String describe(VideoPrompt prompt) {
        if (prompt instanceof VideoPrompt.Box b) {
            return String.format(Locale.ROOT, "box %.1f,%.1f,%.1f,%.1f", b.box().x0(), b.box().y0(), b.box().x1(), b.box().y1());
        }
        return "mask (" + ((VideoPrompt.MaskPrompt) prompt).mask().area() + " px)";
    }

    /** Writes video.json and index.html into {@code dir}. */
    static void finish(Path dir, Document doc, Path input) throws IOException {
        byte[] json = Journal.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(doc);
        AtomicFiles.write(dir.resolve(VIDEO_JSON), out -> out.write(json));
        String relativeClip = null;
        try {
            Path out = dir.toAbsolutePath().getParent();
            relativeClip = out.relativize(input.toAbsolutePath().normalize()).toString().replace('\\', '/');
            if (!Files.isDirectory(input)) {
                relativeClip = "../" + relativeClip; // index.html sits one level below the output's parent
            } else {
                relativeClip = null;
            }
        } catch (IllegalArgumentException e) {
            // another root: no link to the original
        }
        byte[] html = VideoPage.render(doc, relativeClip).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(dir.resolve(INDEX), out -> out.write(html));
    }

    /**
     * Moves the finished {@code temp} folder to {@code output}: directly when there is nothing there, else the old
     * folder (empty, or an earlier video output) is first renamed aside and deleted once the new one is in place.
     */
    static void moveIntoPlace(Path temp, Path output) throws IOException {
        Path old = null;
        if (Files.exists(output)) {
            old = output.resolveSibling(AtomicFiles.TEMP_PREFIX + "old-" + output.getFileName() + "-" + System.nanoTime());
            Files.move(output, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(temp, output, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            if (old != null) {
                Files.move(old, output, StandardCopyOption.ATOMIC_MOVE);
            }
            throw new IOException("cannot move the finished output into place atomically: " + e.getMessage(), e);
        } catch (IOException e) {
            if (old != null) {
                Files.move(old, output, StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
        if (old != null) {
            deleteTree(old);
        }
    }

    /** Deletes a folder tree if it exists (best effort for a temporary folder). */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary folder is named .partial-*; the next run does not read it
        }
    }
}
