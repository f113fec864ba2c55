package io.phototriage.examples;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The picocli mixin of the files that replace a model set's shipped defaults in the commands that run the stages
 * ({@code run}, {@code eval}): {@code --probe}, {@code --calibration} and {@code --detector}, turned into stage options.
 */
final class StageFileOptions {
    @Option(names = "--probe", paramLabel = "FILE",
            description = "Classifier probe written by 'train-classifier' (default: the probe shipped with the model set).")
    Path probe;

    @Option(names = "--calibration", paramLabel = "FILE",
            description = "Detector threshold written by 'calibrate' (default: the committed calibration).")
    Path calibration;

    @Option(names = "--detector", paramLabel = "DET_DIR",
            description = "Detector folder written by 'train-detector' (lite set: replaces YOLOX-Nano in the detect stage).")
    Path detector;

    /** The given files as stage options ({@link StageOptions#PROBE}, {@link StageOptions#CALIBRATION}), absolute paths. */
    Map<String, String> stageOptions() {
        Map<String, String> out = new LinkedHashMap<>();
        if (probe != null) {
            out.put(StageOptions.PROBE, probe.toAbsolutePath().normalize().toString());
        }
        if (calibration != null) {
            out.put(StageOptions.CALIBRATION, calibration.toAbsolutePath().normalize().toString());
        }
        if (detector != null) {
            out.put(StageOptions.DETECTOR, detector.toAbsolutePath().normalize().toString());
        }
        return out;
    }
}
