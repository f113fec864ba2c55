package io.phototriage.models.yolox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.phototriage.core.eval.ThresholdCalibration;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

@DisabledIfSystemProperty(named = "skip.native.tests", matches = "true")
class YoloxCalibrationTest {
    /**
     * The threshold is a midpoint between two detection scores; runtimes that differ in the last float bits move it
     * by far less than this.
     */
    private static final double THRESHOLD_TOLERANCE = 1e-4;

    @Test
    void committedCalibrationIsReproducedFromTheCoco128Split() throws Exception {
        ThresholdCalibration.Result committed = YoloxConfig.defaultCalibration();

        YoloxCalibration.Report fresh = YoloxCalibration.run(Path.of(System.getProperty("phototriage.shared")));

        assertThat(fresh.calibration().threshold()).isCloseTo(committed.threshold(), within(THRESHOLD_TOLERANCE));
        assertThat(fresh.calibration().counts().truePositives()).isEqualTo(committed.counts().truePositives());
        assertThat(fresh.calibration().counts().falsePositives()).isEqualTo(committed.counts().falsePositives());
        assertThat(fresh.calibration().counts().groundTruths()).isEqualTo(committed.counts().groundTruths());
        assertThat(fresh.calibration().rule()).isEqualTo(committed.rule());
        assertThat(fresh.calibration().provenance()).isEqualTo(committed.provenance());
        assertThat(fresh.heldOut().groundTruths()).isPositive();
    }
}
