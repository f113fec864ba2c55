package io.phototriage.examples;

import io.phototriage.core.AlbumResult;
import io.phototriage.core.DecodeInfo;
import io.phototriage.core.Outcome;
import io.phototriage.core.Photo;
import io.phototriage.core.PhotoResult;
import io.phototriage.core.StageKey;
import io.phototriage.core.io.AtomicFiles;
import io.phototriage.core.stage.Classification;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.Segmentation;
import io.phototriage.core.stage.Stylized;
import io.phototriage.examples.Journal.AlbumEntry;
import io.phototriage.examples.Journal.DetectionEntry;
import io.phototriage.examples.Journal.PhotoEntry;
import io.phototriage.examples.Journal.SegmentEntry;
import io.phototriage.examples.Journal.SourceFingerprint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Turns a pipeline result into its files and its journal entry: a photo's cut-out and thumbnail, an album's stylized
 * hero shot. Each file is written atomically ({@link AtomicFiles}) under a name made from the photo id or album
 * ({@link OutputLayout}), so writing the same result twice (a rerun, a retried Spark task) leaves one complete file.
 * The {@code run} command's sink and the Spark executors both use it, so both write the same records.
 */
public final class PhotoOutputs {
    private final OutputLayout layout;
    private final String config;
    private final List<Path> inputRoots;

    /**
     * @param layout     the output folder
     * @param config     the configuration hash recorded in every entry ({@link FolderTriage#configHash})
     * @param inputRoots the input folder's absolute paths (as scanned and as given): they are left out of messages
     */
    public PhotoOutputs(OutputLayout layout, String config, List<Path> inputRoots) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.config = Objects.requireNonNull(config, "config");
        this.inputRoots = List.copyOf(inputRoots);
    }

    /**
     * {@code text} with the input folder's absolute path left out (paths relative to the input folder), so that
     * results.json and index.html, which may be shared, never show where the photos live.
     *
     * @param text a message
     * @return the message without the input folder's path
     */
    public String relative(String text) {
        String out = text;
        for (Path root : inputRoots) {
            String r = root.toString();
            out = out.replace(r + java.io.File.separator, "").replace(r, ".");
        }
        return out;
    }

    /**
     * Writes the photo's cut-out and thumbnail (when it has them) and returns its journal entry. A file that cannot
     * be written makes the entry an error ({@code output: ...}), like a failed stage.
     *
     * @param result    the photo's result
     * @param source    its fingerprint taken when the run was planned, or null if it could not be read
     * @param heroScore its hero-shot score, null when not eligible
     * @return the entry, the same record results.json lists
     */
    public PhotoEntry photo(PhotoResult result, SourceFingerprint source, Double heroScore) {
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
                cutout, segmentEntry(result), thumbnail, null, timings, source, config, heroScore,
                info.flatMap(DecodeInfo::source).map(this::relative).orElse(null), null);
    }

    /**
     * Writes the album's stylized hero shot (when stylize succeeded) and returns its journal entry.
     *
     * @param result     the album's result
     * @param heroSource the hero's fingerprint, null when there is no hero or it could not be read
     * @return the entry
     */
    public AlbumEntry album(AlbumResult result, SourceFingerprint heroSource) {
        String album = result.album();
        Outcome<Stylized> outcome = result.stylized();
        String hero = result.hero().map(Photo::id).orElse(null);
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
            return new AlbumEntry(album, hero, heroSource, error == null ? "ok" : "error", error,
                    error == null ? name : null, millis(done.elapsed()), m.name() + " (weights " + m.weights() + ", "
                    + m.engine() + ")", config, styled.input().id(), styled.inputNote().isEmpty() ? null : styled.inputNote());
        }
        if (outcome instanceof Outcome.Failed<Stylized> failed) {
            return new AlbumEntry(album, hero, heroSource, "error", relative(failed.message()), null, null, null, config);
        }
        return new AlbumEntry(album, hero, hero == null ? null : heroSource, "skipped",
                ((Outcome.Skipped<Stylized>) outcome).reason(), null, null, null, config);
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

    static double millis(Duration d) {
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
