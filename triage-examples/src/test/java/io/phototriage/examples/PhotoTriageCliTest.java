package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.phototriage.core.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line maps to {@link FolderTriage} and its exit codes. */
class PhotoTriageCliTest {
    @TempDir
    Path tmp;

    @Test
    void helpExitsZero() {
        assertThat(PhotoTriageCli.execute("run", "--help")).isZero();
        assertThat(PhotoTriageCli.execute("--help")).isZero();
    }

    @Test
    void missingRequiredOptionIsAUsageError() {
        assertThat(PhotoTriageCli.execute("run", "--input", tmp.toString())).isEqualTo(FolderTriage.EXIT_USAGE);
    }

    @Test
    void unknownModelSetIsAUsageError() throws IOException {
        Files.createDirectories(tmp.resolve("in"));
        assertThat(PhotoTriageCli.execute("run", "--input", tmp.resolve("in").toString(), "--output", tmp.resolve("out").toString(),
                "--model-set", "huge")).isEqualTo(FolderTriage.EXIT_USAGE);
    }

    @Test
    void videosOptionIsRefusedAsNotImplementedYetBeforeAnythingRuns() throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();

        int code = PhotoTriageCliCapture.run(new java.io.ByteArrayOutputStream(), err, "run", "--input", in.toString(),
                "--output", tmp.resolve("out").toString(), "--videos");

        assertThat(code).isEqualTo(FolderTriage.EXIT_USAGE);
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("--videos").contains("phototriage video");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void unknownXmpNamingIsAUsageError() throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        assertThat(PhotoTriageCli.execute("run", "--input", in.toString(), "--output", tmp.resolve("out").toString(),
                "--xmp", "--xmp-naming", "capture-one")).isEqualTo(FolderTriage.EXIT_USAGE);
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void missingInputIsAUsageError() {
        assertThat(PhotoTriageCli.execute("run", "--input", tmp.resolve("nope").toString(), "--output", tmp.resolve("out").toString()))
                .isEqualTo(FolderTriage.EXIT_USAGE);
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void emptyModelsFolderExitsWithModelsCode() throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        PhotoTree.writeImage(in.resolve("a.jpg"), 0xd02020, 30, 1, "jpg");
        Path models = Files.createDirectories(tmp.resolve("no-models"));

        int code = PhotoTriageCli.execute("run", "--input", in.toString(), "--output", tmp.resolve("out").toString(),
                "--models", models.toString(), "--model-set", "lite");

        // Either no provider is on the class path yet, or the providers find no model in the empty folder.
        assertThat(code).isEqualTo(FolderTriage.EXIT_MODELS);
        assertThat(tmp.resolve("out")).as("a setup error leaves no output behind").doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--probe", "--calibration", "--detector"})
    void runHandsTheProbeAndCalibrationFilesToTheStages(String option) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        PhotoTree.writeImage(in.resolve("a.jpg"), 0xd02020, 30, 1, "jpg");
        Path missing = tmp.resolve("missing-" + option.substring(2) + ".json");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();

        int code = PhotoTriageCliCapture.run(new java.io.ByteArrayOutputStream(), err, "run", "--input", in.toString(),
                "--output", tmp.resolve("out").toString(), "--models", SharedData.models().toString(), option, missing.toString());

        // The stage that was given the file refuses it, so the file did reach it.
        assertThat(code).isEqualTo(FolderTriage.EXIT_MODELS);
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).contains(missing.toString());
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void helpListsEverySubcommand() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        assertThat(PhotoTriageCliCapture.run(out, "--help")).isZero();

        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("run").contains("eval").contains("map")
                .contains("calibrate").contains("train-classifier").contains("train-detector");
    }
}
