package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The driver refuses what it must not do, with exit code 2 or 3 and a message that says what to change. */
class FolderTriageExitCodeTest {
    @TempDir
    Path tmp;

    Path input;
    String log;

    @BeforeEach
    void setUp() throws IOException {
        input = tmp.resolve("photos");
        Files.createDirectories(input.resolve("album"));
        PhotoTree.writeImage(input.resolve("album/a.jpg"), 0xd02020, 30, 1, "jpg");
    }

    private FolderTriage.Report run(Path in, Path out, StageRegistry registry) {
        DriverRuns.Run run = DriverRuns.run(FolderTriage.Options.of(in, out), registry);
        log = run.log();
        return run.report();
    }

    static Stream<Arguments> badFolders() {
        return Stream.of(
                Arguments.of("input that does not exist", (Function<Path, Path[]>) t -> new Path[] {t.resolve("nope"), t.resolve("out")},
                        "does not exist"),
                Arguments.of("input that is a file", (Function<Path, Path[]>) t -> new Path[] {t.resolve("photos/album/a.jpg"), t.resolve("out")},
                        "not a folder"),
                Arguments.of("output equal to input", (Function<Path, Path[]>) t -> new Path[] {t.resolve("photos"), t.resolve("photos")},
                        "is the input folder"),
                Arguments.of("output inside input", (Function<Path, Path[]>) t -> new Path[] {t.resolve("photos"), t.resolve("photos/album/out")},
                        "inside the input folder"),
                Arguments.of("output inside input through ..", (Function<Path, Path[]>) t -> new Path[] {t.resolve("photos"),
                        t.resolve("elsewhere/../photos/new")}, "inside the input folder"),
                Arguments.of("output containing input", (Function<Path, Path[]>) t -> new Path[] {t.resolve("photos/album"), t.resolve("photos")},
                        "contains the input folder"),
                Arguments.of("output that is a file", (Function<Path, Path[]>) t -> new Path[] {t.resolve("photos"), t.resolve("photos/album/a.jpg/x")},
                        "inside the input folder"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFolders")
    void badFoldersExitWithUsageCodeAndWriteNothing(String name, Function<Path, Path[]> folders, String message) throws IOException {
        Path[] f = folders.apply(tmp);
        var before = PhotoTree.snapshot(tmp);

        FolderTriage.Report report = run(f[0], f[1], new FakeModels().registry());

        assertThat(report.exitCode()).isEqualTo(FolderTriage.EXIT_USAGE);
        assertThat(log).startsWith("error: ").contains(message);
        assertThat(PhotoTree.snapshot(tmp)).isEqualTo(before);
    }

    @Test
    void outputThroughASymlinkIntoTheInputIsRefused() throws IOException {
        Files.createSymbolicLink(tmp.resolve("sneaky"), input);

        FolderTriage.Report report = run(input, tmp.resolve("sneaky/out"), new FakeModels().registry());

        assertThat(report.exitCode()).isEqualTo(FolderTriage.EXIT_USAGE);
        assertThat(input.resolve("out")).doesNotExist();
    }

    @Test
    void outputSubfolderThatIsASymlinkIsRefused() throws IOException {
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(out.resolve("thumbnails"), elsewhere);

        FolderTriage.Report report = run(input, out, new FakeModels().registry());

        assertThat(report.exitCode()).isEqualTo(FolderTriage.EXIT_USAGE);
        assertThat(log).contains("thumbnails").contains("symbolic link");
        try (Stream<Path> s = Files.list(elsewhere)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void missingProviderExitsWithModelsCodeNamingTheProvider() {
        StageRegistry noStylizer = StageRegistry.of(new FakeModels().registry().providers().stream()
                .filter(p -> !p.name().equals("fast-style")).toList());

        FolderTriage.Report report = run(input, tmp.resolve("out"), noStylizer);

        assertThat(report.exitCode()).isEqualTo(FolderTriage.EXIT_MODELS);
        assertThat(log).contains("cannot set up the 'lite' model set").contains("'fast-style'").contains("triage-models");
    }

    @Test
    void missingModelsExitWithModelsCodePassingOnTheStoreMessage() {
        String storeMessage = "model 'yolox' not found: no folder /x/yolox; export real models with tools/export";

        FolderTriage.Report report = run(input, tmp.resolve("out"), FakeModels.missingModels(storeMessage));

        assertThat(report.exitCode()).isEqualTo(FolderTriage.EXIT_MODELS);
        assertThat(report.message()).contains(storeMessage).contains("../shared/models");
        assertThat(log).contains(storeMessage);
    }

    @Test
    void unwritableJournalStopsTheRunWithTheIoCode() throws IOException {
        Files.createDirectories(tmp.resolve("out/results.jsonl/blocker"));

        FolderTriage.Report report = run(input, tmp.resolve("out"), new FakeModels().registry());

        assertThat(report.exitCode()).isEqualTo(FolderTriage.EXIT_IO_FAILURE);
        assertThat(log).contains("run stopped, the output could not be written").contains("Rerun the same command");
        assertThat(tmp.resolve("out/results.json")).doesNotExist();
    }

    @Test
    void emptyInputCompletesWithAnEmptyIndex() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));

        FolderTriage.Report report = run(empty, tmp.resolve("out"), new FakeModels().registry());

        assertThat(report.exitCode()).isZero();
        assertThat(report.photos()).isZero();
        assertThat(Files.readString(tmp.resolve("out/results.json"))).contains("\"photos\" : [ ]");
        assertThat(tmp.resolve("out/index.html")).isRegularFile();
    }

    @Test
    void modelSetLabelsParseCaseInsensitively() {
        assertThat(List.of("lite", "FULL", " Tiny ").stream().map(ModelSet::ofLabel).toList())
                .containsExactly(ModelSet.LITE, ModelSet.FULL, ModelSet.TINY);
        assertThat(ModelSet.TINY.settings(java.util.Optional.empty()).option("detect.model")).contains("grounding-dino-tiny");
        assertThat(ModelSet.TINY.settings(java.util.Optional.empty()).modelsDir()).as("no test fixtures by default").isEmpty();
        // ../shared/models when the current folder has one (a repository checkout's root), else none: the lite pack.
        Path shared = Path.of("../shared/models");
        assertThat(ModelSet.LITE.settings(java.util.Optional.empty()).modelsDir())
                .isEqualTo(Files.isDirectory(shared) ? java.util.Optional.of(shared.toAbsolutePath().normalize()) : java.util.Optional.empty());
        assertThat(ModelSet.FULL.settings(java.util.Optional.empty()).modelsDir()).isEmpty();
    }

    @Test
    void commandOptionsAreMappedToTheStageThatReadsThem() {
        java.util.Map<String, String> lite = ModelSet.LITE.settings(java.util.Optional.empty(),
                java.util.Map.of(StageOptions.PROBE, "p.json", StageOptions.CALIBRATION, "c.json")).options();
        assertThat(lite).containsOnly(java.util.Map.entry("classify.probe", "p.json"), java.util.Map.entry("detect.calibration", "c.json"),
                java.util.Map.entry("classify.calibration", "c.json"));
        java.util.Map<String, String> full = ModelSet.FULL.settings(java.util.Optional.empty(),
                java.util.Map.of(StageOptions.CALIBRATION, "c.json")).options();
        assertThat(full).containsOnly(java.util.Map.entry("detect.calibration", "c.json"));
    }

    @Test
    void liteRunWithoutModelsFolderUsesTheModelPackOnTheClassPath() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isDirectory(Path.of("../shared/models")),
                "the current folder has ../shared/models, which the lite set prefers to the pack");
        Path input = tmp.resolve("pack-in");
        Files.createDirectories(input);
        Files.createSymbolicLink(input.resolve("000000000036.jpg"),
                SharedData.coco128().resolve("images/000000000036.jpg").toAbsolutePath());
        FolderTriage.Options options = FolderTriage.Options.of(input, tmp.resolve("pack-out")).withModelSet(ModelSet.LITE);
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        FolderTriage.Report report;
        try (java.io.PrintStream progress = new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8)) {
            report = FolderTriage.run(options, progress);
        }

        assertThat(report.exitCode()).as(log.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(FolderTriage.EXIT_OK);
        com.fasterxml.jackson.databind.JsonNode photo = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(tmp.resolve("pack-out/results.json").toFile()).get("photos").get(0);
        // 000000000036.jpg is a person with an umbrella: the real models find and classify her
        assertThat(photo.get("status").asText()).isEqualTo("ok");
        assertThat(photo.get("class").asText()).isEqualTo("people");
        assertThat(photo.get("detections").get(0).get("label").asText()).isEqualTo("person");
    }

    @Test
    void modelAdviceNeverRepeatsWhatTheUserJustDid() {
        Path given = tmp.resolve("my-models");
        String withFolder = ModelSet.LITE.howToGetModels(java.util.Optional.of(given));
        assertThat(withFolder).contains(given.toString()).contains("point --models at the shared models folder")
                .doesNotContain("pass --models");
        String liteDefault = ModelSet.LITE.howToGetModels(java.util.Optional.empty());
        if (Files.isDirectory(Path.of("../shared/models"))) {
            assertThat(liteDefault).contains("../shared/models").contains("pass --models");
        } else {
            assertThat(liteDefault).contains("triage-models-lite").contains("given with --models");
        }
        assertThat(ModelSet.TINY.howToGetModels(java.util.Optional.empty())).contains("--models ")
                .contains(ModelSet.FIXTURES);
    }
}
