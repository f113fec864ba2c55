package io.phototriage.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.spi.StageRegistry;
import io.phototriage.examples.FolderTriage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad folders and options: the same message and exit code as the {@code run} command, before Spark starts (no
 * session here: a check that started Spark would make these tests slow, and they are not).
 */
class SparkBadInputTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> badFolders() {
        return Stream.of(
                Arguments.of("input that does not exist", (Function<Path, Path[]>) t -> new Path[] {t.resolve("nope"), t.resolve("out")},
                        "does not exist"),
                Arguments.of("input that is a file", (Function<Path, Path[]>) t -> new Path[] {t.resolve("photos/a.jpg"), t.resolve("out")},
                        "is not a folder"),
                Arguments.of("output inside the input", (Function<Path, Path[]>) t -> new Path[] {t.resolve("photos"),
                        t.resolve("photos/out")}, "inside the input folder"),
                Arguments.of("output is the input", (Function<Path, Path[]>) t -> new Path[] {t.resolve("photos"), t.resolve("photos")},
                        "is the input folder"),
                Arguments.of("output contains the input", (Function<Path, Path[]>) t -> new Path[] {t.resolve("photos"), t},
                        "contains the input folder"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFolders")
    void badFoldersGiveTheRunCommandsMessageAndExitCode(String name, Function<Path, Path[]> folders, String expected)
            throws IOException {
        Files.createDirectories(tmp.resolve("photos"));
        Files.write(tmp.resolve("photos/a.jpg"), new byte[] {1, 2, 3});
        Path[] io = folders.apply(tmp);
        ByteArrayOutputStream commandErr = new ByteArrayOutputStream();
        FolderTriage.Report command = FolderTriage.run(FolderTriage.Options.of(io[0], io[1]), StageRegistry.of(List.of()),
                new PrintStream(commandErr, true, StandardCharsets.UTF_8), false);
        ByteArrayOutputStream sparkErr = new ByteArrayOutputStream();

        int code = SparkTriageCli.run(new String[] {"--input", io[0].toString(), "--output", io[1].toString(),
            "--master", "local[1]"}, new PrintStream(sparkErr, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(command.exitCode()).isEqualTo(FolderTriage.EXIT_USAGE);
        assertThat(sparkErr.toString(StandardCharsets.UTF_8)).isEqualTo(commandErr.toString(StandardCharsets.UTF_8))
                .contains(expected);
        assertThat(tmp.resolve("photos/out")).doesNotExist();
    }

    @Test
    void aHadoopSchemeWithoutItsJarIsAUsageErrorNamingTheJarBeforeSparkStarts() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        // hadoop-aws is not bundled (docs/distributed.md): s3a: has no file system on this class path
        int code = SparkTriageCli.run(new String[] {"--input", "s3a://bucket/photos", "--output",
            tmp.resolve("out").toString()}, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(FolderTriage.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: cannot read input folder s3a://bucket/photos")
                .contains("s3a").contains("hadoop-aws");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hdfs://namenode:8020/photos", "s3a://bucket/photos", "abfs://c@acct.dfs.core.windows.net/p"})
    void hadoopUrisAreNotLocalFolders(String url) {
        assertThat(HadoopFolders.isHadoop(url)).isTrue();
        assertThatThrownBy(() -> SparkTriageCli.folder("--input", url)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "plain"})
    void fileUrisAndPathsNameTheSameFolder(String form) {
        Path dir = tmp.resolve("photos");
        String given = form.equals("file") ? dir.toUri().toString() : dir.toString();

        assertThat(SparkTriageCli.folder("--input", given)).isEqualTo(dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--partitions=-1", "--model-set=huge", "--decode-long-side=-5"})
    void badOptionsAreUsageErrors(String option) throws IOException {
        Files.createDirectories(tmp.resolve("photos"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = SparkTriageCli.run(new String[] {"--input", tmp.resolve("photos").toString(), "--output",
            tmp.resolve("out").toString(), option}, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(FolderTriage.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: ");
        assertThat(tmp.resolve("out")).doesNotExist();
    }
}
