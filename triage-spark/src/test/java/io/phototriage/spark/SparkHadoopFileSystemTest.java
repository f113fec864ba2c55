package io.phototriage.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.examples.FolderTriage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input and output on a Hadoop file system that {@code java.nio.file} cannot open: the {@code ptfs:} test scheme
 * ({@link TestSchemeFileSystem}, registered with {@code spark.hadoop.fs.ptfs.impl}), in local[2] with the real lite
 * models. Same records and files as the {@code run} command on the same photos, originals untouched, resume, and
 * the command's errors.
 */
@NeedsNatives
@Timeout(600)
class SparkHadoopFileSystemTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SparkSession spark;
    private static Path input;
    private static Map<String, String> originals;
    private static Path hadoopOut;
    private static Path cliOut;
    private static SparkTestSupport.Run first;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws IOException {
        SparkTestSupport.assumeShared();
        input = SparkTestSupport.copiedDrive(tmp.resolve("drive"));
        originals = hashes(input);
        spark = SparkTestSupport.session("local[2]", "spark.hadoop.fs." + TestSchemeFileSystem.SCHEME + ".impl",
                TestSchemeFileSystem.class.getName());
        hadoopOut = tmp.resolve("hadoop-out");
        cliOut = tmp.resolve("cli");
        first = spark(TestSchemeFileSystem.uri(input), TestSchemeFileSystem.uri(hadoopOut));
        assertThat(SparkTestSupport.runCommand(options()).exitCode()).isZero();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static FolderTriage.Options options() {
        return SparkTestSupport.liteOptions(input, cliOut);
    }

    private static SparkTestSupport.Run spark(String in, String out) {
        return SparkTestSupport.runSpark(spark, new SparkTriage.Options(options(), 0, false, in, out));
    }

    private static Map<String, String> hashes(Path root) throws IOException {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                try {
                    all.put(root.relativize(p).toString(), HexFormat.of().formatHex(
                            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return all;
    }

    @Test
    void sameRecordsAndFilesAsTheRunCommandThroughHadoop() throws IOException {
        assertThat(first.report().exitCode()).as(first.log()).isZero();
        assertThat(first.report().processed()).isEqualTo(6);
        assertThat(first.log()).contains("found 6 photos under ptfs:").contains("photo pass: 6 photos")
                .contains("album pass: stylizing 2 hero shots").contains("results: ptfs:");
        assertThat(SparkTestSupport.withoutTimings(hadoopOut)).isEqualTo(SparkTestSupport.withoutTimings(cliOut));
        assertThat(SparkTestSupport.files(hadoopOut)).isEqualTo(SparkTestSupport.files(cliOut)).isNotEmpty();
        for (String f : SparkTestSupport.files(cliOut)) {
            assertThat(Files.readAllBytes(hadoopOut.resolve(f))).as(f).isEqualTo(Files.readAllBytes(cliOut.resolve(f)));
        }
        // no temporary file and no journal part left; the journal is the command's
        try (Stream<Path> all = Files.walk(hadoopOut)) {
            assertThat(all.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".partial-"));
        }
        assertThat(hadoopOut.resolve(JournalParts.FOLDER)).doesNotExist();
        assertThat(Files.readAllLines(hadoopOut.resolve("results.jsonl"))).hasSize(6 + 3);
        assertThat(hadoopOut.resolve("index.html")).isRegularFile();
        assertThat(spark.read().parquet(TestSchemeFileSystem.uri(hadoopOut.resolve("results.parquet"))).count()).isEqualTo(6);
    }

    @Test
    void originalsAreUntouched() throws IOException {
        assertThat(hashes(input)).isEqualTo(originals);
    }

    @Test
    void rerunReusesEveryResultWithoutASparkJob() throws IOException {
        SparkTestSupport.Run second = spark(TestSchemeFileSystem.uri(input), TestSchemeFileSystem.uri(hadoopOut));
        assertThat(second.report().exitCode()).as(second.log()).isZero();
        assertThat(second.report().processed()).isZero();
        assertThat(second.report().reused()).isEqualTo(6);
        assertThat(second.log()).doesNotContain("photo pass").doesNotContain("album pass");
    }

    @Test
    void badFoldersAreTheCommandsUsageErrors() throws IOException {
        String in = TestSchemeFileSystem.uri(input);
        Map<String, String[]> cases = Map.of(
                "does not exist or is not a folder", new String[] {TestSchemeFileSystem.uri(tmp.resolve("missing")), TestSchemeFileSystem.uri(tmp.resolve("o1"))},
                "inside the input folder", new String[] {in, in + "/people/out"},
                "is the input folder", new String[] {in, in + "/"},
                "contains the input folder", new String[] {in, TestSchemeFileSystem.uri(tmp)});
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            SparkTestSupport.Run r = spark(c.getValue()[0], c.getValue()[1]);
            assertThat(r.report().exitCode()).as(c.getKey()).isEqualTo(FolderTriage.EXIT_USAGE);
            assertThat(r.log()).startsWith("error: ").contains(c.getKey());
        }
        assertThat(input.resolve("people/out")).doesNotExist();
        assertThat(tmp.resolve("o1")).doesNotExist();
    }

    @Test
    void emptyFolderCompletesWithAnEmptyIndex() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        FolderTriage.Report r = spark(TestSchemeFileSystem.uri(empty), TestSchemeFileSystem.uri(tmp.resolve("empty-out")))
                .report();
        assertThat(r.exitCode()).isZero();
        assertThat(r.photos()).isZero();
        assertThat(tmp.resolve("empty-out/index.html")).isRegularFile();
        assertThat(JSON.readTree(tmp.resolve("empty-out/results.json").toFile()).get("photos")).isEmpty();
    }
}
