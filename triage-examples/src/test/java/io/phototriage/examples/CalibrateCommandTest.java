package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.eval.CalibrationCodec;
import io.phototriage.core.eval.ThresholdCalibration;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.EvaluationModeDetector;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.core.testing.SharedData;
import io.phototriage.models.yolox.YoloxConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code calibrate} with the real YOLOX-Nano on 6 coco128 photos, and {@code run --calibration} taking its file. */
@NeedsNatives
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CalibrateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path tmp;
    private Path slice;

    @BeforeAll
    void makeTheSlice(@TempDir Path dir) throws IOException {
        tmp = dir;
        slice = CocoSlice.of(dir.resolve("slice"), CocoSlice.SIX);
    }

    @Test
    void calibrateWritesWhatItPrintsAndRecordsTheRealDetector() throws Exception {
        Path file = tmp.resolve("cal/max-f1.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        CalibrateCommand.Report report = CalibrateCommand.run(options(file, ThresholdCalibration.Rule.MAX_F1, Double.NaN),
                StageRegistry.load(), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        // The choosing is proven on a hand-computed table in CalibrateHandTableTest; here the real wiring.
        assertThat(report.exitCode()).isZero();
        ThresholdCalibration.Result written = CalibrationCodec.load(file);
        assertThat(written.provenance().imageCount()).isEqualTo(6);
        assertThat(written.provenance().model()).contains("yolox-nano").contains("evaluation mode: score > 0.001");
        assertThat(written.provenance().dataset()).contains(slice.toString());
        JsonNode printed = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(printed.get("threshold").asDouble()).isEqualTo(written.threshold());
    }

    @Test
    void runWithCalibrationFileUsesItsThreshold() throws Exception {
        Path file = tmp.resolve("cal/for-run.json");
        assertThat(CalibrateCommand.run(options(file, ThresholdCalibration.Rule.MIN_PRECISION, 0.95), StageRegistry.load(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), System.err).exitCode()).isZero();
        double threshold = CalibrationCodec.load(file).threshold();
        assertThat(threshold).isNotEqualTo(YoloxConfig.defaults().threshold());

        FolderTriage.Options run = FolderTriage.Options.of(tmp, tmp.resolve("unused")).withModels(SharedData.models())
                .withStageOption(StageOptions.CALIBRATION, file.toString());
        try (Detector detector = StageRegistry.load().create(Detector.class, ModelSet.LITE.detectProvider(),
                run.stageSettings().forStage("detect"))) {
            assertThat(((EvaluationModeDetector) detector).threshold()).isEqualTo(threshold);
            assertThat(((EvaluationModeDetector) detector).thresholdSource()).contains(slice.toString());
        }
    }

    @Test
    void minPrecisionWithoutTargetIsAUsageError() {
        int code = PhotoTriageCli.execute("calibrate", "--dataset", slice.toString(), "--output", tmp.resolve("x.json").toString(),
                "--rule", "min-precision");

        assertThat(code).isEqualTo(FolderTriage.EXIT_USAGE);
        assertThat(tmp.resolve("x.json")).doesNotExist();
    }

    @Test
    void folderWithoutAnnotationsIsAUsageErrorNamingTheFile() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        CalibrateCommand.Report report = CalibrateCommand.run(new CalibrateCommand.Options(tmp.resolve("empty"), tmp.resolve("e.json"),
                Optional.of(SharedData.models()), ModelSet.LITE, ThresholdCalibration.Rule.MAX_F1, Double.NaN, 0.5),
                StageRegistry.load(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(report.exitCode()).isEqualTo(FolderTriage.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(tmp.resolve("empty").resolve("annotations.json").toString());
        assertThat(tmp.resolve("e.json")).doesNotExist();
    }

    private CalibrateCommand.Options options(Path file, ThresholdCalibration.Rule rule, double target) {
        return new CalibrateCommand.Options(slice, file, Optional.of(SharedData.models()), ModelSet.LITE, rule, target, 0.5);
    }
}
