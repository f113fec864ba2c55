package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.core.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --workers N} gives the same results.json (timings aside) and the same files as one worker (#13). */
@NeedsNatives
@Timeout(600)
class RunWorkersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Neither, people, a dog, people with a dog: some photos are segmented, some are not. */
    private static final List<String> PHOTOS = CocoSlice.SIX.subList(0, 4);

    @TempDir
    Path tmp;

    private Path run(Path in, String name, int workers) {
        Path out = tmp.resolve(name);
        int code = PhotoTriageCliCapture.run(new ByteArrayOutputStream(), new ByteArrayOutputStream(), "run", "--input", in.toString(),
                "--output", out.toString(), "--model-set", "lite", "--models", SharedData.models().toString(),
                "--workers", Integer.toString(workers));
        assertThat(code).as("exit code with %d workers", workers).isZero();
        return out;
    }

    /** results.json without what measures time: {@code elapsedMs}, each photo's {@code timingsMs}, each album's {@code timingMs}. */
    private static String withoutTimings(Path out) throws IOException {
        ObjectNode doc = (ObjectNode) JSON.readTree(out.resolve("results.json").toFile());
        assertThat(doc.remove("elapsedMs")).isNotNull();
        for (JsonNode photo : doc.get("photos")) {
            assertThat(((ObjectNode) photo).remove("timingsMs")).isNotNull();
        }
        for (JsonNode album : doc.get("albums")) {
            ((ObjectNode) album).remove("timingMs");
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
    }

    /** Every written image (thumbnails, cut-outs, stylized) by relative path, with its bytes' hash. */
    private static Map<String, Integer> images(Path out) throws IOException {
        Map<String, Integer> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(out)) {
            for (Path p : all.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(jpg|png)$")).toList()) {
                files.put(out.relativize(p).toString(), java.util.Arrays.hashCode(Files.readAllBytes(p)));
            }
        }
        return files;
    }

    @Test
    void threeWorkersWriteTheSameResultsAsOne() throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (String name : PHOTOS) {
            Files.copy(SharedData.coco128().resolve("images").resolve(name), in.resolve(name));
        }
        Path one = run(in, "one", 1);
        Path three = run(in, "three", 3);

        String expected = withoutTimings(one);
        assertThat(withoutTimings(three)).isEqualTo(expected);
        JsonNode photos = JSON.readTree(expected).get("photos");
        assertThat(photos).hasSize(PHOTOS.size());
        assertThat(photos.findValuesAsText("path")).containsExactlyElementsOf(PHOTOS);
        assertThat(photos.findValues("cutout").stream().filter(c -> !c.isNull()).count()).as("segmented photos").isPositive();
        assertThat(images(three)).isEqualTo(images(one)).isNotEmpty();
    }
}
