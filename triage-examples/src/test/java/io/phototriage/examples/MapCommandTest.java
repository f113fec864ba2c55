package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code map} against pycocotools' numbers for the golden detection sets of triage-core (golden/eval/bbox-eval.json). */
class MapCommandTest {
    /** The tolerance the golden file's own test uses for pycocotools' summary numbers. */
    private static final double PYCOCOTOOLS_TOLERANCE = 1e-4;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** The golden cases evaluated over every image (map has no image restriction). */
    static Stream<Arguments> goldenCases() throws IOException {
        JsonNode cases = resource("golden/eval/bbox-eval.json").get("cases");
        return StreamSupport.stream(cases.spliterator(), false).filter(c -> c.get("image_ids").isNull())
                .map(c -> Arguments.of(c.get("name").asText(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCases")
    void printsTheMapsAndPerClassApThatPycocotoolsComputed(String name, JsonNode golden) throws IOException {
        Path detections = tmp.resolve(golden.get("detections").asText());
        try (InputStream in = MapCommandTest.class.getResourceAsStream("/golden/eval/" + golden.get("detections").asText())) {
            Files.copy(in, detections);
        }
        List<Integer> categories = new ArrayList<>();
        if (!golden.get("category_ids").isNull()) {
            golden.get("category_ids").forEach(c -> categories.add(c.asInt()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = MapCommand.run(SharedData.coco128().resolve("annotations.json"), detections, categories,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode printed = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        JsonNode stats = golden.get("stats");
        assertThat(printed.get("mAP").asDouble()).isCloseTo(stats.get(0).asDouble(), within(PYCOCOTOOLS_TOLERANCE));
        assertThat(printed.get("mAP50").asDouble()).isCloseTo(stats.get(1).asDouble(), within(PYCOCOTOOLS_TOLERANCE));
        assertThat(printed.get("mAP75").asDouble()).isCloseTo(stats.get(2).asDouble(), within(PYCOCOTOOLS_TOLERANCE));
        for (int i = 0; i < 12; i++) {
            assertThat(printed.get("stats").get(i).asDouble()).as("stats[%d]", i)
                    .isCloseTo(stats.get(i).asDouble(), within(PYCOCOTOOLS_TOLERANCE));
        }
        JsonNode perClass = printed.get("perClass");
        assertThat(perClass.size()).isEqualTo(golden.get("per_category").size());
        for (JsonNode expected : golden.get("per_category")) {
            int id = expected.get("category_id").asInt();
            JsonNode actual = StreamSupport.stream(perClass.spliterator(), false)
                    .filter(c -> c.get("categoryId").asInt() == id).findFirst().orElseThrow();
            assertThat(actual.get("ap").asDouble()).as("AP of %d", id).isCloseTo(expected.get("ap").asDouble(), within(PYCOCOTOOLS_TOLERANCE));
            assertThat(actual.get("ap50").asDouble()).as("AP50 of %d", id)
                    .isCloseTo(expected.get("ap50").asDouble(), within(PYCOCOTOOLS_TOLERANCE));
        }
    }

    @Test
    void personDogCatRestrictionIsKeyedByClassName() throws IOException {
        Path detections = tmp.resolve("perfect.json");
        try (InputStream in = MapCommandTest.class.getResourceAsStream("/golden/eval/detections-perfect.json")) {
            Files.copy(in, detections);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = PhotoTriageCliCapture.run(out, "map", "--gt", SharedData.coco128().resolve("annotations.json").toString(),
                "--detections", detections.toString(), "--categories", "1,17,18");

        assertThat(code).isZero();
        JsonNode printed = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(printed.get("perClass").fieldNames()).toIterable().containsExactly("person", "cat", "dog");
        assertThat(printed.get("categoryIds")).hasSize(3);
        assertThat(printed.get("mAP").asDouble()).isEqualTo(1.0);
    }

    @Test
    void missingDetectionsFileIsAUsageErrorNamingTheFile() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path missing = tmp.resolve("nope.json");

        int code = MapCommand.run(SharedData.coco128().resolve("annotations.json"), missing, List.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(FolderTriage.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(missing.toString()).contains("does not exist");
    }

    private static JsonNode resource(String path) throws IOException {
        try (InputStream in = MapCommandTest.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IOException("test resource /" + path + " is missing (triage-core test-jar)");
            }
            return JSON.readTree(in);
        }
    }
}
