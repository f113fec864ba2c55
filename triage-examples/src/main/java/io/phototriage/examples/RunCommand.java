package io.phototriage.examples;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phototriage run}: triage a folder of photos into an output folder (see {@link FolderTriage}). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Triage every photo under --input and write results.json, cut-outs, thumbnails, stylized hero"
                + " shots and index.html into --output. Nothing under --input is changed. Rerunning over the same"
                + " output skips photos already done with the same models.",
                "Exit codes: 0 batch completed (photos that failed are listed), 1 output could not be written,"
                        + " 2 bad folders or options, 3 models or stage providers missing."})
final class RunCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "DIR", description = "Folder of photos (read only).")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "Where results go; not inside --input.")
    Path output;

    @Option(names = "--models", paramLabel = "DIR",
            description = "Models folder. Default: ../shared/models for lite, triage-models/src/test/resources/fixtures for tiny, $PHOTOTRIAGE_MODELS for full.")
    Path models;

    @Option(names = "--model-set", paramLabel = "SET", defaultValue = "lite",
            description = "full, lite or tiny (default: ${DEFAULT-VALUE}).")
    String modelSet;

    @Option(names = "--decode-long-side", paramLabel = "PX", defaultValue = "0",
            description = "Decode JPEGs much larger than this at 1/2, 1/4 or 1/8 scale (libjpeg), keeping at least PX on"
                    + " the long side: much faster on camera-sized photos; 0 = full resolution (default).")
    int decodeLongSide;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "" + FolderTriage.DEFAULT_WORKERS,
            description = "Photos in flight at once: decoding, the models and writing outputs overlap (default: ${DEFAULT-VALUE})."
                    + " Results do not depend on it.")
    int workers;

    @Option(names = "--retry-errors", description = "Process again the photos that failed in an earlier run.")
    boolean retryErrors;

    @Option(names = "--probe", paramLabel = "FILE",
            description = "Classifier probe written by 'train-classifier' (default: the probe shipped with the model set).")
    Path probe;

    @Option(names = "--calibration", paramLabel = "FILE",
            description = "Detector threshold written by 'calibrate' (default: the committed calibration).")
    Path calibration;

    @Override
    public Integer call() {
        ModelSet set;
        try {
            set = ModelSet.ofLabel(modelSet);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        }
        if (workers < 1) {
            System.err.println("error: --workers must be at least 1: " + workers);
            return FolderTriage.EXIT_USAGE;
        }
        FolderTriage.Options options = FolderTriage.Options.of(input, output).withModelSet(set).withRetryErrors(retryErrors)
                .withDecodeLongSide(decodeLongSide).withWorkers(workers);
        if (models != null) {
            options = options.withModels(models);
        }
        if (probe != null) {
            options = options.withStageOption(StageOptions.PROBE, probe.toAbsolutePath().normalize().toString());
        }
        if (calibration != null) {
            options = options.withStageOption(StageOptions.CALIBRATION, calibration.toAbsolutePath().normalize().toString());
        }
        return FolderTriage.run(options, System.err).exitCode();
    }
}
