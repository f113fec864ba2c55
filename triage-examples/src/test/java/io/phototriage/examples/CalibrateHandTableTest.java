package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.phototriage.core.eval.CalibrationCodec;
import io.phototriage.core.eval.ThresholdCalibration;
import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.Stage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code calibrate} with the fake evaluation-mode detector of {@link HandTable}, against thresholds worked out by hand.
 *
 * <pre>
 * boxes by score: 0.9 person TP (a), 0.7 person FP (c), 0.5 dog TP (b); 3 ground truths (a, b, d)
 * threshold 0.9: TP 1 FP 0  P 1    R 1/3  F1 1/2
 * threshold 0.7: TP 1 FP 1  P 1/2  R 1/3  F1 2/5
 * threshold 0.5: TP 2 FP 1  P 2/3  R 2/3  F1 2/3   <- max F1; midpoint to the next score (none: 0) = 0.25
 * min precision 0.9: the lowest threshold with P >= 0.9 is 0.9; midpoint to 0.7 = 0.8
 * </pre>
 */
class CalibrateHandTableTest {
    @TempDir
    Path dir;

    @BeforeEach
    void writeTheDataSet() throws IOException {
        HandTable.write(dir);
    }

    /** The registry holds only the fake, under the lite set's detector name. */
    private static StageRegistry fakeRegistry() {
        return StageRegistry.of(List.of(new StageProvider() {
            @Override
            public String name() {
                return ModelSet.LITE.detectProvider();
            }

            @Override
            public Class<? extends Stage<?, ?>> kind() {
                return Detector.class;
            }

            @Override
            public Stage<?, ?> create(StageSettings settings) {
                return new HandTable.FakeDetector();
            }
        }));
    }

    private CalibrateCommand.Report calibrate(ThresholdCalibration.Rule rule, double target) {
        return CalibrateCommand.run(new CalibrateCommand.Options(dir, dir.resolve("cal.json"), Optional.of(dir), ModelSet.LITE, rule,
                target, 0.5), fakeRegistry(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void maxF1ChoosesTheHandComputedThresholdAndWritesIt() throws IOException {
        CalibrateCommand.Report report = calibrate(ThresholdCalibration.Rule.MAX_F1, Double.NaN);

        assertThat(report.exitCode()).as(report.message()).isZero();
        ThresholdCalibration.Result written = CalibrationCodec.load(dir.resolve("cal.json"));
        assertThat(written.threshold()).isCloseTo(0.25, within(1e-12));
        assertThat(written.precision()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(written.recall()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(written.counts()).isEqualTo(new ThresholdCalibration.Counts(0.25, 2, 1, 3));
        assertThat(written.provenance().imageCount()).isEqualTo(4);
        assertThat(written.provenance().model()).contains("evaluation mode: the hand table");
    }

    @Test
    void minPrecisionChoosesTheLowestThresholdThatReachesTheTarget() throws IOException {
        CalibrateCommand.Report report = calibrate(ThresholdCalibration.Rule.MIN_PRECISION, 0.9);

        assertThat(report.exitCode()).as(report.message()).isZero();
        ThresholdCalibration.Result written = CalibrationCodec.load(dir.resolve("cal.json"));
        assertThat(written.threshold()).isCloseTo(0.8, within(1e-12));
        assertThat(written.counts()).isEqualTo(new ThresholdCalibration.Counts(0.8, 1, 0, 3));
    }
}
