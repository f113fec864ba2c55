package io.phototriage.models.yolox;

import io.phototriage.core.eval.CalibrationCodec;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelSources;
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
import io.phototriage.core.spi.OptionSpec;
import java.util.Optional;
import io.phototriage.models.ModelPresence;

/**
 * {@code yolox}: the {@link YoloxDetector} on the lite set's YOLOX-Nano.
 *
 * <p>Models: {@code yolox-nano/} from the explicit models folder, else the class-path lite pack, else the cache (see
 * {@link ModelSources}). Options:
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

    /** True: it loads its own model files into networks of its own. */
    @Override
    public boolean loadsConcurrently() {
        return true;
    }

    @Override
    public String description() {
        return "YOLOX-Nano COCO-80 detector (ONNX, lite set), person/dog/cat at a threshold calibrated on coco128";
    }

    /** {@code threshold}, {@code calibration}, {@code classes} and {@code fine_tuned}. */
    @Override
    public List<OptionSpec> options() {
        List<OptionSpec> all = new java.util.ArrayList<>(OPTIONS);
        all.add(OptionSpec.of(FINE_TUNED, "a fine-tuned detector folder (train-detector, or export.py yolox-trainable): run it"
                + " on PyTorch instead of the ONNX YOLOX-Nano; its classes are the folder's"));
        return List.copyOf(all);
    }

    /**
     * The option naming a fine-tuned detector folder ({@link FineTunedYoloxDetector}); only this provider's (the lite
     * probe's detector keeps the ONNX model its probe was trained on).
     */
    public static final String FINE_TUNED = "fine_tuned";

    /** The options of every YOLOX detector, also passed on by the lite probe to its detector. */
    public static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.of("threshold", "score threshold in (0, 1]; overrides the calibration"),
            OptionSpec.of("calibration", "a calibration JSON file (written by calibrate); its threshold is used"),
            OptionSpec.of("classes", "comma-separated COCO-80 class names to keep", "person,dog,cat"));

    /** Whether {@code yolox-nano/} and its weights are in the models folder. */
    @Override
    public Optional<String> missing(StageSettings settings) {
        if (settings.option(FINE_TUNED).isPresent()) {
            try {
                FineTunedYoloxDetector.resolve(Path.of(settings.option(FINE_TUNED).get()));
                return Optional.empty();
            } catch (StageException e) {
                return Optional.of(e.getMessage());
            }
        }
        return ModelPresence.ofLite(settings, YoloxDetector.FOLDER, YoloxDetector.manifest());
    }

    @Override
    public Stage<?, ?> create(StageSettings settings) throws StageException {
        if (settings.option(FINE_TUNED).isPresent()) {
            return fineTuned(settings, Path.of(settings.option(FINE_TUNED).get()));
        }
        Path modelsDir;
        try {
            modelsDir = ModelSources.defaults().root(settings, YoloxDetector.FOLDER);
        } catch (ModelException e) {
            throw new StageException("yolox: " + e.getMessage(), e);
        }
        return YoloxDetector.create(modelsDir, config(settings));
    }

    /**
     * A fine-tuned folder: its classes; the threshold from {@code threshold} or {@code calibration} when given, else
     * the folder's own calibration, else the committed YOLOX-Nano calibration.
     */
    private static Stage<?, ?> fineTuned(StageSettings settings, Path dir) throws StageException {
        var resolved = FineTunedYoloxDetector.resolve(dir);
        List<String> classes = FineTunedYoloxDetector.classes(resolved);
        YoloxConfig config = config(settings).withClasses(classes);
        boolean explicit = settings.option("threshold").isPresent() || settings.option("calibration").isPresent();
        Optional<Double> own = FineTunedYoloxDetector.calibratedThreshold(resolved);
        if (!explicit && own.isPresent()) {
            config = new YoloxConfig(classes, own.get(), "calibrated by the fine-tuning of " + resolved.dir().getFileName());
        }
        return FineTunedYoloxDetector.load(resolved, config);
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
