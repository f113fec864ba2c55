package io.phototriage.examples;

/** The stage-provider option keys that the subcommands set from their own options. */
final class StageOptions {
    /** Classifier providers ({@code lite-probe}, {@code clip-probe}): the probe file to use. */
    static final String PROBE = "probe";
    /** The {@code yolox} detector: a threshold calibration file written by {@code calibrate}. */
    static final String CALIBRATION = "calibration";

    /** The {@code yolox} detector: a fine-tuned detector folder written by {@code train-detector}. */
    static final String DETECTOR = "detector";

    private StageOptions() {}
}
