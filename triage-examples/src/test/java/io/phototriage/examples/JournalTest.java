package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.phototriage.examples.Journal.Line;
import io.phototriage.examples.Journal.PhotoEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resume journal survives a line cut anywhere, even inside a multi-byte character. */
class JournalTest {
    @TempDir
    Path tmp;

    private static Line line(String path) {
        return new Line(new PhotoEntry(path, "", "ok", null, "people", 0.9, List.of(), null, 10, 10, null, null, null, null,
                Map.of("decode", 1.0), new Journal.SourceFingerprint(1, 2, "ab"), "cfg", 0.5, null, null), null);
    }

    @Test
    void lineCutInsideAMultiByteCharacterIsIgnoredAndTheNextAppendStartsOnANewLine() throws IOException {
        Path file = tmp.resolve("results.jsonl");
        try (Journal j = Journal.openForAppend(file)) {
            j.append(line("a.jpg"));
            j.append(line("照片.jpg"));
        }
        byte[] bytes = Files.readAllBytes(file);
        int secondStart = 0;
        while (bytes[secondStart++] != '\n') {
            // find the start of the second line
        }
        int cut = secondStart + "{\"photo\":{\"path\":\"".getBytes(StandardCharsets.UTF_8).length + 1; // inside 照 (3 bytes)
        Files.write(file, Arrays.copyOf(bytes, cut));

        Journal.Contents cut1 = Journal.read(file);
        assertThat(cut1.lines()).extracting(l -> l.photo().path()).containsExactly("a.jpg");
        assertThat(cut1.brokenLines()).isEqualTo(1);

        try (Journal j = Journal.openForAppend(file)) {
            j.append(line("b.jpg"));
        }
        Journal.Contents after = Journal.read(file);
        assertThat(after.lines()).extracting(l -> l.photo().path()).containsExactly("a.jpg", "b.jpg");
        assertThat(after.brokenLines()).isEqualTo(1);
        assertThat(after.lines().get(1)).isEqualTo(line("b.jpg"));
    }

    @Test
    void linesWithNeitherOrBothPartsAreBroken() throws IOException {
        Path file = tmp.resolve("results.jsonl");
        Files.writeString(file, "{}\n{\"photo\":null}\nnot json\n\n");

        Journal.Contents contents = Journal.read(file);

        assertThat(contents.lines()).isEmpty();
        assertThat(contents.brokenLines()).isEqualTo(3);
    }

    @Test
    void compactKeepsExactlyTheGivenLines() throws IOException {
        Path file = tmp.resolve("results.jsonl");
        Files.writeString(file, "garbage\n");

        Journal.compact(file, List.of(line("x.jpg"), line("y.jpg")));

        assertThat(Journal.read(file).lines()).containsExactly(line("x.jpg"), line("y.jpg"));
        assertThat(Journal.read(file).brokenLines()).isZero();
    }
}
