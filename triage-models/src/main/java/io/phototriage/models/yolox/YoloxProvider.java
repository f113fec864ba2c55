package io.phototriage.models.yolox;

import io.phototriage.core.eval.CalibrationCodec;
import io.phototriage.core.eval.ThresholdCalibration;
import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code yolox}: the {@link YoloxDetector} on the lite set's YOLOX-Nano.
 *
 * <p>Settings: {@link StageSettings#requireModelsDir()} is the folder that contains {@code yolox-nano/}. Options:
 * {@code threshold} (a number, overrides everything else), {@code calibration} (a calibration JSON file written by
 * {@link io.phototriage.core.eval.CalibrationCodec#save}; its threshold is used), {@code classes} (comma-separated COCO-80 names,
 * default {@code person,dog,cat}). With neither threshold nor calibration the committed default calibration is used.
 */
public final class YoloxProvider implements StageProvider {
    /** The name to select this detector by. */
    public static final String NAME = "yolox";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<? extends Stage<?, ?>> kind() {
        return Detector.class;
    }

    @Override
    public String description() {
        return "YOLOX-Nano COCO-80 detector (ONNX, lite set), person/dog/cat at a threshold calibrated on coco128";
    }

    @Override
    public Stage<?, ?> create(StageSettings settings) throws StageException {
        Path modelsDir;
        try {
            modelsDir = settings.requireModelsDir();
        } catch (IllegalStateException e) {
            throw new StageException("yolox: " + e.getMessage(), e);
        }
        return YoloxDetector.create(modelsDir, config(settings));
    }

    static YoloxConfig config(StageSettings settings) throws StageException {
        List<String> classes = settings.option("classes")
                .map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                .orElse(YoloxConfig.DEFAULT_CLASSES);
        YoloxConfig config;
        try {
            if (settings.option("calibration").isPresent()) {
                Path file = Path.of(settings.option("calibration").get());
                try {
                    config = YoloxConfig.withCalibration(classes, CalibrationCodec.load(file));
                } catch (IOException e) {
                    throw new StageException("yolox: option calibration=" + file + ": " + e.getMessage()
                            + "; write one with YoloxCalibration or drop the option to use the default", e);
                }
            } else {
                config = YoloxConfig.withCalibration(classes, YoloxConfig.defaultCalibration());
            }
            if (settings.option("threshold").isPresent()) {
                String value = settings.option("threshold").get();
                try {
                    config = config.withThreshold(Double.parseDouble(value));
                } catch (NumberFormatException e) {
                    throw new StageException("yolox: option threshold=" + value + " is not a number in (0, 1]", e);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new StageException("yolox: " + e.getMessage(), e);
        }
        return config;
    }
}
