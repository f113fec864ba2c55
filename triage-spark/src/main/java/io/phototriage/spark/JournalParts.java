package io.phototriage.spark;

import io.phototriage.core.io.AtomicFiles;
import io.phototriage.examples.Journal;
import io.phototriage.examples.Journal.Line;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The journal of a distributed run before the driver compacts it into {@code results.jsonl}: each finished task
 * writes its lines, atomically, to {@code OUTPUT/.spark-journal/<kind>-<hash of its photo ids>.jsonl}. A retried
 * task writes the same name again (no duplicate, never half a file); a driver that dies mid-run leaves the finished
 * tasks' parts behind, and the next run reads them like journal lines, so their photos are not run again.
 */
public final class JournalParts {
    /** The folder of the parts, inside the output folder. */
    public static final String FOLDER = ".spark-journal";

    private JournalParts() {}

    /**
     * Writes one task's lines.
     *
     * @param output the output folder
     * @param kind   {@code photos} or {@code albums}
     * @param keys   what the task covered (photo ids or album names), in task order: names the part
     * @param lines  the task's journal lines
     * @return the part written
     * @throws IOException if the part cannot be written
     */
    public static Path write(Path output, String kind, List<String> keys, List<Line> lines) throws IOException {
        Path dir = Files.createDirectories(output.resolve(FOLDER));
        Path part = dir.resolve(kind + "-" + sha256(String.join("\n", keys)).substring(0, 24) + ".jsonl");
        AtomicFiles.write(part, out -> {
            for (Line line : lines) {
                out.write((Journal.JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        return part;
    }

    /**
     * Reads every part left in the output (broken lines are skipped, like the journal's).
     *
     * @param output the output folder
     * @return the parts' lines, parts in name order
     * @throws IOException if a part cannot be read
     */
    public static Journal.Contents read(Path output) throws IOException {
        List<Line> lines = new ArrayList<>();
        int broken = 0;
        for (Path part : parts(output)) {
            Journal.Contents c = Journal.read(part);
            lines.addAll(c.lines());
            broken += c.brokenLines();
        }
        return new Journal.Contents(lines, broken);
    }

    /**
     * Deletes the parts (once their lines are in the compacted journal) and leftover temporary files.
     *
     * @param output the output folder
     * @throws IOException if one cannot be deleted
     */
    public static void clear(Path output) throws IOException {
        for (Path part : parts(output)) {
            Files.delete(part);
        }
        Path dir = output.resolve(FOLDER);
        AtomicFiles.deleteStaleTemporaries(dir);
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> rest = Files.newDirectoryStream(dir)) {
                if (!rest.iterator().hasNext()) {
                    Files.delete(dir);
                }
            }
        }
    }

    private static List<Path> parts(Path output) throws IOException {
        Path dir = output.resolve(FOLDER);
        List<Path> parts = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return parts;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.jsonl")) {
            entries.forEach(parts::add);
        }
        parts.sort(null);
        return parts;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
