package io.phototriage.examples;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.io.AtomicFiles;
import io.phototriage.core.stage.Segmentation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The append-only journal {@code results.jsonl}: one JSON line per finished photo or album, written in one
 * {@code write} and handed to the OS before the next photo starts, so a run killed at any point (even
 * {@code kill -9}) loses at most the photo in progress. A rerun reads it back to skip finished photos; a last line
 * cut short by the kill is ignored. {@code results.json} is rebuilt from it.
 */
public final class Journal implements AutoCloseable {
    /** The JSON mapper of journal lines and results.json (unknown properties ignored, so older readers cope). */
    public static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Bytes hashed at each end of a photo for its {@link SourceFingerprint}. */
    static final int SAMPLE_BYTES = 64 * 1024;

    /** A detection in pixels of the original (oriented) photo. */
    /**
     * @param label the detected class
     * @param score the detector's score
     * @param box   {@code [x0, y0, x1, y1]} in pixels of the original (oriented) photo
     */
    public record DetectionEntry(String label, double score, List<Double> box) {}

    /**
     * How the segment stage ended for a photo it ran on (absent when it did not run, e.g. nothing detected).
     *
     * @param status      {@code ok} (a cut-out was made) or {@code skipped} (the segmenter declined: no usable cut-out)
     * @param method      {@code model}, {@code fallback-model}, {@code other-class} or {@code box}; null when skipped
     * @param approximate whether the cut-out is only the detection box ({@code method = box}); null when skipped
     * @param subjectRank which detection was cut out, 0 = the best (the detections are listed best first); null when
     *                    skipped
     * @param label       the class of the pixels cut out when it is not the detection's own ({@code other-class}:
     *                    e.g. {@code sofa}; {@code fallback-model}: {@code person}), else null
     * @param reason      why the segmenter did not simply mask the best box, or why it declined; null when it did
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SegmentEntry(String status, String method, Boolean approximate, Integer subjectRank, String label, String reason) {
        /** The entry for a cut-out made by a segmenter. */
        public static SegmentEntry of(Segmentation.Source source) {
            return new SegmentEntry("ok", source.method().id(), source.method() == Segmentation.Method.BOX,
                    source.subjectRank(), source.label().isEmpty() ? null : source.label(),
                    source.reason().isEmpty() ? null : source.reason());
        }

        /** The entry for a photo the segmenter declined. */
        public static SegmentEntry skipped(String reason) {
            return new SegmentEntry("skipped", null, null, null, null, reason);
        }
    }

    /**
     * Identifies a photo's content cheaply: size, modification time and the sha256 of its first and last
     * {@value #SAMPLE_BYTES} bytes. An edit that keeps size and time and changes only the middle goes unnoticed;
     * hashing whole files would read the whole drive on every rerun.
     *
     * @param size         bytes
     * @param modifiedMs   last modification time, milliseconds since the epoch
     * @param sampleSha256 sha256 (hex) of the first and last bytes
     */
    public record SourceFingerprint(long size, long modifiedMs, String sampleSha256) {
        /**
         * Fingerprints a file.
         *
         * @param file the photo
         * @return its fingerprint
         * @throws IOException if it cannot be read
         */
        public static SourceFingerprint of(Path file) throws IOException {
            long size = Files.size(file);
            long modified = Files.getLastModifiedTime(file).toMillis();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                return of(size, modified, ch);
            }
        }

        /**
         * Fingerprints a file read through a channel (a file on another file system, e.g. Hadoop's): the same
         * sample of the first and last bytes as {@link #of(Path)}.
         *
         * @param size       the file's size in bytes
         * @param modifiedMs its modification time
         * @param ch         the file's bytes, positioned anywhere; not closed
         * @return its fingerprint
         * @throws IOException if it cannot be read
         */
        public static SourceFingerprint of(long size, long modifiedMs, java.nio.channels.SeekableByteChannel ch)
                throws IOException {
            MessageDigest md;
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            ch.position(0);
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, SAMPLE_BYTES));
            while (head.hasRemaining() && ch.read(head) > 0) {
                // keep reading
            }
            md.update(head.flip());
            if (size > SAMPLE_BYTES) {
                long tailStart = Math.max(SAMPLE_BYTES, size - SAMPLE_BYTES);
                ByteBuffer tail = ByteBuffer.allocate((int) (size - tailStart));
                ch.position(tailStart);
                while (tail.hasRemaining() && ch.read(tail) > 0) {
                    // keep reading
                }
                md.update(tail.flip());
            }
            return new SourceFingerprint(size, modifiedMs, HexFormat.of().formatHex(md.digest()));
        }
    }

    /**
     * One photo's line, also its entry in results.json.
     *
     * @param path       relative to the input, {@code /}-separated
     * @param album      folder relative to the input, {@code ""} for the root
     * @param status     {@code ok}, {@code skipped} (nothing detected) or {@code error}
     * @param error      the first failure (stage: message), or null
     * @param classLabel {@code people}, {@code pets}, {@code neither}, or null without a classification
     * @param detections the detect stage's boxes (at or above its threshold), best first; null without detect
     * @param counts     how many of {@code detections} there are per label (sorted by label), derived from them;
     *                   null without detect
     * @param width      original (oriented) width in pixels, null if not decoded
     * @param cutout     output-relative path of the RGBA cut-out, or null
     * @param segment    how the segment stage made the cut-out, or why it declined; null when it did not run
     * @param thumbnail  output-relative path of the thumbnail, or null
     * @param stylized   output-relative path of the album's stylized hero shot when this photo is the hero (filled in
     *                   results.json only)
     * @param timingsMs  milliseconds per stage that ran
     * @param source     content fingerprint at the time it was processed
     * @param config     hash of the configuration it was processed with
     * @param heroScore  its score as hero-shot candidate, null when not eligible
     * @param decodedFrom what was decoded when it was not the file's main image ({@code DecodeInfo.source()}), e.g.
     *                   {@code "PRVW JPEG 1620x1080"} for a CR3's embedded preview or {@code "HEVC grid 8x6 tiles
     *                   4032x3024"}; null for an ordinary photo
     * @param companions the RAW files paired with this JPEG/HEIF photo (paths relative to the input), filled in
     *                   results.json only (from the scan, so a RAW added later shows up); null when none
     * @param confidence the classifier's confidence, or null
     * @param height     original (oriented) height in pixels, null if not decoded
     */
    public record PhotoEntry(String path, String album, String status, String error, @JsonProperty("class") String classLabel,
            Double confidence, List<DetectionEntry> detections, Map<String, Integer> counts, Integer width, Integer height,
            String cutout, SegmentEntry segment, String thumbnail, String stylized, Map<String, Double> timingsMs,
            SourceFingerprint source, String config, Double heroScore, String decodedFrom, List<String> companions) {
        public PhotoEntry {
            // Always derived from the detections, so that lines written before counts existed get them too.
            counts = detections == null ? null : countsOf(detections);
        }

        /**
         * Whether a rerun may keep this entry (made with the current configuration) instead of processing the photo
         * again: the photo is unchanged, and it did not fail or failures are not to be retried.
         *
         * @param current     the photo's fingerprint now, null if it cannot be read now
         * @param retryErrors whether failed photos are processed again ({@code --retry-errors})
         * @return true if the entry is still the photo's result
         */
        public boolean reusableFor(SourceFingerprint current, boolean retryErrors) {
            return current != null && current.equals(source) && !(retryErrors && "error".equals(status));
        }

        /** Detections per label, sorted by label. */
        static Map<String, Integer> countsOf(List<DetectionEntry> detections) {
            Map<String, Integer> counts = new java.util.TreeMap<>();
            for (DetectionEntry d : detections) {
                counts.merge(d.label(), 1, Integer::sum);
            }
            return java.util.Collections.unmodifiableMap(counts);
        }

        PhotoEntry withStylized(String stylizedPath, Double stylizeMs) {
            Map<String, Double> timings = new java.util.LinkedHashMap<>(timingsMs == null ? Map.of() : timingsMs);
            if (stylizeMs != null) {
                timings.put("stylize", stylizeMs);
            }
            return new PhotoEntry(path, album, status, error, classLabel, confidence, detections, counts, width, height, cutout,
                    segment, thumbnail, stylizedPath, timings, source, config, heroScore, decodedFrom, companions);
        }

        /**
         * This entry with the RAW files paired with the photo, as results.json lists them.
         *
         * @param raws the companions' paths relative to the input; null or empty for none
         * @return the entry with {@code companions} set
         */
        public PhotoEntry withCompanions(List<String> raws) {
            return new PhotoEntry(path, album, status, error, classLabel, confidence, detections, counts, width, height, cutout,
                    segment, thumbnail, stylized, timingsMs, source, config, heroScore, decodedFrom,
                    raws == null || raws.isEmpty() ? null : List.copyOf(raws));
        }
    }

    /**
     * One album's line: the stylize stage on its hero shot.
     *
     * @param hero       the hero photo's path, or null when no photo was eligible
     * @param heroSource the hero's fingerprint when it was stylized (a changed hero invalidates the line)
     * @param status     {@code ok}, {@code skipped} or {@code error}
     * @param input      what was stylized: {@code cutout} (the hero's cut-out on neutral grey) or {@code photo}; null
     *                   unless stylized
     * @param inputNote  why the input is the photo although the cut-out was asked, or that the cut-out is
     *                   approximate; null when there is nothing to say
     */
    public record AlbumEntry(String album, String hero, SourceFingerprint heroSource, String status, String error,
            String stylized, Double timingMs, String model, String config, String input, String inputNote) {
        /**
         * Whether a rerun may keep this album line: the album's best finished photo is still its hero, unchanged,
         * the line is not an error to retry, and its stylized file is still there.
         *
         * @param bestPhoto   the id of the album's best hero candidate now
         * @param bestSource  that photo's fingerprint now
         * @param retryErrors whether failures are processed again
         * @param layout      the output folder
         * @return true if the line still holds
         */
        public boolean stillValidFor(String bestPhoto, SourceFingerprint bestSource, boolean retryErrors, OutputLayout layout) {
            return stillValidFor(bestPhoto, bestSource, retryErrors,
                    name -> Files.isRegularFile(layout.inside(name), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        }

        /**
         * {@link #stillValidFor(String, SourceFingerprint, boolean, OutputLayout)} for an output that is not a local
         * folder (a Hadoop file system): whether the stylized image is still there is asked of {@code outputHas}.
         *
         * @param bestPhoto   the album's hero now
         * @param bestSource  its fingerprint now
         * @param retryErrors whether failures are to be redone
         * @param outputHas   whether a file (output-relative path) is in the output
         * @return whether this line still stands
         */
        public boolean stillValidFor(String bestPhoto, SourceFingerprint bestSource, boolean retryErrors,
                java.util.function.Predicate<String> outputHas) {
            return bestPhoto.equals(hero) && !(retryErrors && "error".equals(status))
                    && java.util.Objects.equals(bestSource, heroSource)
                    && (stylized == null || outputHas.test(stylized));
        }

        /** An album line without an input (not stylized). */
        /**
         * @param album      the album (folder relative to the input)
         * @param hero       the hero photo's path, or null
         * @param heroSource the hero's fingerprint, or null
         * @param status     ok, skipped or error
         * @param error      the reason for skipped or error, or null
         * @param stylized   output-relative path of the stylized image, or null
         * @param timingMs   stylize time, or null
         * @param model      the stylize model, or null
         * @param config     the configuration hash
         */
        public AlbumEntry(String album, String hero, SourceFingerprint heroSource, String status, String error, String stylized,
                Double timingMs, String model, String config) {
            this(album, hero, heroSource, status, error, stylized, timingMs, model, config, null, null);
        }
    }

    /** A journal line: exactly one of {@code photo} and {@code album}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Line(PhotoEntry photo, AlbumEntry album) {}

    /**
     * What an existing journal held.
     *
     * @param lines        the lines that parsed, in file order
     * @param brokenLines  lines that did not parse (a line cut short by a kill), ignored
     */
    public record Contents(List<Line> lines, int brokenLines) {}

    private final FileChannel channel;

    private Journal(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Reads {@code file} if it exists, tolerating broken lines.
     *
     * @param file the journal
     * @return its lines
     * @throws IOException if it exists and cannot be read
     */
    public static Contents read(Path file) throws IOException {
        List<Line> lines = new ArrayList<>();
        int broken = 0;
        if (!Files.exists(file)) {
            return new Contents(lines, 0);
        }
        // Decoded leniently: a line cut by a kill may end inside a multi-byte character.
        for (String text : new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n")) {
            if (text.isBlank()) {
                continue;
            }
            try {
                Line line = JSON.readValue(text, Line.class);
                if ((line.photo() == null) == (line.album() == null)) {
                    broken++;
                } else {
                    lines.add(line);
                }
            } catch (JsonProcessingException e) {
                broken++;
            }
        }
        return new Contents(lines, broken);
    }

    /** Opens {@code file} for appending; if a kill left its last line unterminated, that line is closed first. */
    static Journal openForAppend(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        try {
            long size = ch.size();
            if (size > 0) {
                ByteBuffer last = ByteBuffer.allocate(1);
                ch.read(last, size - 1);
                if (last.get(0) != '\n') {
                    ch.write(ByteBuffer.wrap(new byte[] {'\n'}), size);
                }
            }
            ch.position(ch.size());
            return new Journal(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Appends one line in a single write. */
    void append(Line line) throws IOException {
        byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    /**
     * Replaces {@code file} atomically with exactly {@code lines} (drops superseded and broken lines).
     *
     * @param file  the journal
     * @param lines its new content
     * @throws IOException if it cannot be written (the old file is then unchanged)
     */
    public static void compact(Path file, List<Line> lines) throws IOException {
        AtomicFiles.write(file, out -> {
            for (Line line : lines) {
                out.write((JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
