package io.phototriage.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.examples.FolderTriage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every task's first attempt fails after it has written its photos' files ({@link PhotoPass#FAIL_FIRST_ATTEMPT});
 * Spark retries it ({@code local[2,2]}: two attempts per task). The run must end as if nothing had failed: each
 * photo once in the journal, each file once and complete, no temporary file, no journal part left.
 */
@NeedsNatives
@Timeout(600)
class SparkTaskRetryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SparkSession spark;
    private static final AtomicInteger FAILED_ATTEMPTS = new AtomicInteger();

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        SparkTestSupport.assumeShared();
        spark = SparkTestSupport.session("local[2,2]", PhotoPass.FAIL_FIRST_ATTEMPT, "true",
                "spark.hadoop.fs." + TestSchemeFileSystem.SCHEME + ".impl", TestSchemeFileSystem.class.getName());
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.reason() != Success$.MODULE$) {
                    FAILED_ATTEMPTS.incrementAndGet();
                }
            }
        });
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /**
     * On local folders, and on a Hadoop file system (the {@code ptfs:} test scheme), where the first attempt has
     * uploaded its files before it fails.
     */
    @ParameterizedTest(name = "hadoop={0}")
    @ValueSource(booleans = {false, true})
    void retriedTasksLeaveNoDuplicateNorHalfWrittenOutput(boolean hadoop) throws Exception {
        Path input = hadoop ? SparkTestSupport.copiedDrive(tmp.resolve("drive-hadoop")) : SparkTestSupport.drive(tmp.resolve("drive"));
        Path out = tmp.resolve(hadoop ? "out-hadoop" : "out");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        spark.sparkContext().listenerBus().waitUntilEmpty();
        FAILED_ATTEMPTS.set(0);
        FolderTriage.Options triage = SparkTestSupport.liteOptions(input, out);
        FolderTriage.Report report = SparkTriage.run(hadoop
                ? new SparkTriage.Options(triage, 3, false, TestSchemeFileSystem.uri(input), TestSchemeFileSystem.uri(out))
                : new SparkTriage.Options(triage, 3, false), spark, new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(report.exitCode()).as(log.toString(StandardCharsets.UTF_8)).isZero();
        if (hadoop) {
            assertThat(log.toString(StandardCharsets.UTF_8)).contains("results: ptfs:");
        }
        spark.sparkContext().listenerBus().waitUntilEmpty();
        assertThat(FAILED_ATTEMPTS.get()).as("first attempts that failed (3 photo tasks)").isEqualTo(3);
        assertThat(report.processed()).isEqualTo(6);

        List<String> journal = Files.readAllLines(out.resolve("results.jsonl"));
        List<String> photoPaths = new ArrayList<>();
        for (String line : journal) {
            JsonNode l = JSON.readTree(line);
            if (l.has("photo")) {
                photoPaths.add(l.get("photo").get("path").asText());
            }
        }
        assertThat(photoPaths).hasSize(6).doesNotHaveDuplicates();
        JsonNode doc = JSON.readTree(out.resolve("results.json").toFile());
        List<String> referenced = new ArrayList<>();
        for (JsonNode photo : doc.get("photos")) {
            for (String field : List.of("cutout", "thumbnail")) {
                if (photo.hasNonNull(field)) {
                    referenced.add(photo.get(field).asText());
                }
            }
        }
        for (JsonNode album : doc.get("albums")) {
            if (album.hasNonNull("stylized")) {
                referenced.add(album.get("stylized").asText());
            }
        }
        List<String> written = new ArrayList<>();
        for (String folder : List.of("cutouts", "thumbnails", "stylized")) {
            try (Stream<Path> s = Files.list(out.resolve(folder))) {
                s.forEach(p -> written.add(folder + "/" + p.getFileName()));
            }
        }
        assertThat(written).as("every file once, nothing else (no .partial- temporaries)")
                .containsExactlyInAnyOrderElementsOf(referenced);
        for (String f : written) {
            assertThat(javax.imageio.ImageIO.read(out.resolve(f).toFile())).as(f + " decodes").isNotNull();
        }
        assertThat(out.resolve(JournalParts.FOLDER)).doesNotExist();
    }
}
