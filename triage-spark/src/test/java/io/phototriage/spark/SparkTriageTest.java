package io.phototriage.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.examples.FolderTriage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark runner against the {@code run} command, with the real lite models on a few coco128 photos in local[2]:
 * same records, same files, the same resume.
 */
@NeedsNatives
@Timeout(600)
class SparkTriageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SparkSession spark;
    private static Path input;
    /** One Spark run and one run of the command over {@link #input}, made once for the class (they are slow). */
    private static Path sparkOut;
    private static Path cliOut;
    private static SparkTestSupport.Run sparkRun;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws IOException {
        SparkTestSupport.assumeShared();
        input = SparkTestSupport.drive(tmp.resolve("drive"));
        spark = SparkTestSupport.session("local[2]");
        sparkOut = tmp.resolve("spark");
        cliOut = tmp.resolve("cli");
        sparkRun = spark(input, sparkOut);
        assertThat(command(input, cliOut).exitCode()).isZero();
    }

    /** A copy of the first Spark run's output, for a test that changes it. */
    private static Path copyOfSparkOutput(String name) throws IOException {
        Path target = tmp.resolve(name);
        try (Stream<Path> all = Files.walk(sparkOut)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path q = target.resolve(sparkOut.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return target;
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static SparkTestSupport.Run spark(Path in, Path out) {
        return SparkTestSupport.runSpark(spark, new SparkTriage.Options(SparkTestSupport.liteOptions(in, out), 0, false));
    }

    private static FolderTriage.Report command(Path in, Path out) {
        return SparkTestSupport.runCommand(SparkTestSupport.liteOptions(in, out));
    }

    @Test
    void sameRecordsAndFilesAsTheRunCommand() throws IOException {
        assertThat(sparkRun.report().exitCode()).as(sparkRun.log()).isZero();
        assertThat(sparkRun.report().processed()).isEqualTo(6);
        assertThat(sparkRun.log()).contains("photo pass: 6 photos").contains("album pass: stylizing 2 hero shots");
        ObjectNode s = SparkTestSupport.withoutTimings(tmp.resolve("spark"));
        ObjectNode c = SparkTestSupport.withoutTimings(tmp.resolve("cli"));
        assertThat(s.get("photos")).hasSize(6);
        // per photo: status, class, confidence, detections (label, score, box), cut-out, hero score ... all equal
        for (int i = 0; i < c.get("photos").size(); i++) {
            assertThat(s.get("photos").get(i)).as(c.get("photos").get(i).get("path").asText()).isEqualTo(c.get("photos").get(i));
        }
        assertThat(s.get("albums")).isEqualTo(c.get("albums"));
        assertThat(s).isEqualTo(c);
        assertThat(SparkTestSupport.files(tmp.resolve("spark"))).isEqualTo(SparkTestSupport.files(tmp.resolve("cli"))).isNotEmpty();
        for (String f : SparkTestSupport.files(tmp.resolve("cli"))) {
            assertThat(Files.readAllBytes(tmp.resolve("spark").resolve(f))).as(f).isEqualTo(Files.readAllBytes(tmp.resolve("cli").resolve(f)));
        }
        // the corrupt photo is an error of its own; the others went through
        Map<String, JsonNode> byPath = new HashMap<>();
        s.get("photos").forEach(p -> byPath.put(p.get("path").asText(), p));
        assertThat(byPath.get("pets/corrupt.jpg").get("status").asText()).isEqualTo("error");
        assertThat(byPath.get("pets/corrupt.jpg").get("error").asText()).startsWith("decode: pets/corrupt.jpg");
        assertThat(byPath.get("people/000000000036.jpg").get("status").asText()).isEqualTo("ok");
        Map<String, String> albumStatus = new HashMap<>();
        s.get("albums").forEach(a -> albumStatus.put(a.get("album").asText(), a.get("status").asText()));
        assertThat(albumStatus).containsExactlyInAnyOrderEntriesOf(Map.of("", "skipped", "people", "ok", "pets", "ok"));
        assertThat(tmp.resolve("spark").resolve(JournalParts.FOLDER)).doesNotExist();

        // results.parquet: one row per photo, the same class, confidence, counts and boxes as results.json
        List<Row> rows = spark.read().parquet(tmp.resolve("spark/results.parquet").toString()).collectAsList();
        assertThat(rows).hasSize(6);
        for (Row row : rows) {
            JsonNode p = byPath.get(row.<String>getAs("path"));
            assertThat(row.<String>getAs("status")).isEqualTo(p.get("status").asText());
            assertThat(row.<String>getAs("album")).isEqualTo(p.get("album").asText());
            if (p.hasNonNull("class")) {
                assertThat(row.<String>getAs("class")).isEqualTo(p.get("class").asText());
                assertThat(row.<Double>getAs("confidence")).isEqualTo(p.get("confidence").asDouble());
            } else {
                assertThat(row.<String>getAs("class")).isNull();
            }
            JsonNode detections = p.get("detections");
            if (detections == null || detections.isNull()) {
                assertThat(row.<Object>getAs("boxes")).isNull();
                continue;
            }
            List<Row> boxes = row.getList(row.fieldIndex("boxes"));
            assertThat(boxes).hasSize(detections.size());
            for (int i = 0; i < boxes.size(); i++) {
                assertThat(boxes.get(i).<String>getAs("label")).isEqualTo(detections.get(i).get("label").asText());
                assertThat(boxes.get(i).<Double>getAs("x1")).isEqualTo(detections.get(i).get("box").get(2).asDouble());
            }
            Map<String, Integer> counts = new HashMap<>(row.getJavaMap(row.fieldIndex("counts")));
            Map<String, Integer> expected = new HashMap<>();
            p.get("counts").fields().forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asInt()));
            assertThat(counts).isEqualTo(expected);
        }
    }

    @Test
    void rerunReusesEveryResultAndTheRunCommandContinuesTheSameOutput() throws IOException {
        Path out = copyOfSparkOutput("rerun");
        byte[] journal = Files.readAllBytes(out.resolve("results.jsonl"));
        ObjectNode first = SparkTestSupport.withoutTimings(out);

        SparkTestSupport.Run second = spark(input, out);
        assertThat(second.report().processed()).as(second.log()).isZero();
        assertThat(second.report().reused()).isEqualTo(6);
        assertThat(second.log()).doesNotContain("photo pass").doesNotContain("album pass");
        assertThat(Files.readAllBytes(out.resolve("results.jsonl"))).isEqualTo(journal);
        ObjectNode secondDoc = SparkTestSupport.withoutTimings(out);
        ((ObjectNode) first.get("counts")).put("processed", 0).put("reused", 6);
        assertThat(secondDoc).isEqualTo(first);

        // the same configuration hash: the single-machine command takes the output over without redoing anything
        FolderTriage.Report local = command(input, out);
        assertThat(local.processed()).isZero();
        assertThat(local.reused()).isEqualTo(6);
    }

    @Test
    void journalPartsOfAKilledDriverAreReusedByTheNextRun() throws IOException {
        Path out = copyOfSparkOutput("killed");
        // what a driver killed after its tasks finished leaves: the tasks' parts, no compacted journal, no results.json
        List<String> lines = Files.readAllLines(out.resolve("results.jsonl"));
        Files.createDirectories(out.resolve(JournalParts.FOLDER));
        Files.write(out.resolve(JournalParts.FOLDER).resolve("photos-a.jsonl"), lines.subList(0, 3));
        Files.write(out.resolve(JournalParts.FOLDER).resolve("photos-b.jsonl"), lines.subList(3, lines.size()));
        Files.delete(out.resolve("results.jsonl"));
        Files.delete(out.resolve("results.json"));

        SparkTestSupport.Run rerun = spark(input, out);
        assertThat(rerun.report().exitCode()).as(rerun.log()).isZero();
        assertThat(rerun.report().processed()).as(rerun.log()).isZero();
        assertThat(rerun.report().reused()).isEqualTo(6);
        assertThat(out.resolve(JournalParts.FOLDER)).doesNotExist();
        assertThat(Files.readAllLines(out.resolve("results.jsonl"))).containsExactlyInAnyOrderElementsOf(lines);
    }

    @Test
    void emptyFolderCompletesWithAnEmptyIndexLikeTheRunCommand() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        FolderTriage.Report report = spark(empty, tmp.resolve("empty-out")).report();
        assertThat(report.exitCode()).isZero();
        assertThat(report.photos()).isZero();
        assertThat(tmp.resolve("empty-out/index.html")).exists();
        assertThat(JSON.readTree(tmp.resolve("empty-out/results.json").toFile()).get("photos")).isEmpty();
        assertThat(spark.read().parquet(tmp.resolve("empty-out/results.parquet").toString()).count()).isZero();
    }
}
