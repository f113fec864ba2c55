package io.phototriage.examples;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
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
final class Journal implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Bytes hashed at each end of a photo for its {@link SourceFingerprint}. */
    static final int SAMPLE_BYTES = 64 * 1024;

    /** A detection in pixels of the original (oriented) photo. */
    record DetectionEntry(String label, double score, List<Double> box) {}

    /**
     * Identifies a photo's content cheaply: size, modification time and the sha256 of its first and last
     * {@value #SAMPLE_BYTES} bytes. An edit that keeps size and time and changes only the middle goes unnoticed;
     * hashing whole files would read the whole drive on every rerun.
     */
    record SourceFingerprint(long size, long modifiedMs, String sampleSha256) {
        static SourceFingerprint of(Path file) throws IOException {
            long size = Files.size(file);
            long modified = Files.getLastModifiedTime(file).toMillis();
            MessageDigest md;
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
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
            }
            return new SourceFingerprint(size, modified, HexFormat.of().formatHex(md.digest()));
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
     * @param width      original (oriented) width in pixels, null if not decoded
     * @param cutout     output-relative path of the RGBA cut-out, or null
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
     */
    record PhotoEntry(String path, String album, String status, String error, @JsonProperty("class") String classLabel,
            Double confidence, List<DetectionEntry> detections, Integer width, Integer height, String cutout,
            String thumbnail, String stylized, Map<String, Double> timingsMs, SourceFingerprint source, String config,
            Double heroScore, String decodedFrom, List<String> companions) {
        PhotoEntry withStylized(String stylizedPath, Double stylizeMs) {
            Map<String, Double> timings = new java.util.LinkedHashMap<>(timingsMs == null ? Map.of() : timingsMs);
            if (stylizeMs != null) {
                timings.put("stylize", stylizeMs);
            }
            return new PhotoEntry(path, album, status, error, classLabel, confidence, detections, width, height, cutout,
                    thumbnail, stylizedPath, timings, source, config, heroScore, decodedFrom, companions);
        }

        PhotoEntry withCompanions(List<String> raws) {
            return new PhotoEntry(path, album, status, error, classLabel, confidence, detections, width, height, cutout,
                    thumbnail, stylized, timingsMs, source, config, heroScore, decodedFrom,
                    raws == null || raws.isEmpty() ? null : List.copyOf(raws));
        }
    }

    /**
     * One album's line: the stylize stage on its hero shot.
     *
     * @param hero       the hero photo's path, or null when no photo was eligible
     * @param heroSource the hero's fingerprint when it was stylized (a changed hero invalidates the line)
     * @param status     {@code ok}, {@code skipped} or {@code error}
     */
    record AlbumEntry(String album, String hero, SourceFingerprint heroSource, String status, String error,
            String stylized, Double timingMs, String model, String config) {}

    /** A journal line: exactly one of {@code photo} and {@code album}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Line(PhotoEntry photo, AlbumEntry album) {}

    /**
     * What an existing journal held.
     *
     * @param lines        the lines that parsed, in file order
     * @param brokenLines  lines that did not parse (a line cut short by a kill), ignored
     */
    record Contents(List<Line> lines, int brokenLines) {}

    private final FileChannel channel;

    private Journal(FileChannel channel) {
        this.channel = channel;
    }

    /** Reads {@code file} if it exists, tolerating broken lines. */
    static Contents read(Path file) throws IOException {
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

    /** Replaces {@code file} atomically with exactly {@code lines} (drops superseded and broken lines). */
    static void compact(Path file, List<Line> lines) throws IOException {
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
