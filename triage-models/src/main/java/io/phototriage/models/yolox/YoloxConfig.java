package io.phototriage.models.yolox;

import io.phototriage.core.eval.CalibrationCodec;
import io.phototriage.core.eval.ThresholdCalibration;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link YoloxDetector} answers in production.
 *
 * @param classes         the labels kept, names from the model's {@code coco80.names} (default person, dog, cat)
 * @param threshold       production keeps boxes with {@code score >= threshold}
 * @param thresholdSource where the threshold comes from, recorded for provenance
 */
public record YoloxConfig(List<String> classes, double threshold, String thresholdSource) {
    /** The labels a photo triage cares about. */
    public static final List<String> DEFAULT_CLASSES = List.of("person", "dog", "cat");
    /** Class-path resource (next to this class) with the committed calibration of YOLOX-Nano on coco128. */
    public static final String DEFAULT_CALIBRATION = "yolox-nano.calibration.json";

    /**
     * Validates and copies the classes.
     *
     * @param classes         the labels to keep; at least one
     * @param threshold       keep boxes with {@code score >= threshold}, in (0, 1]
     * @param thresholdSource where the threshold comes from, recorded for provenance
     * @throws IllegalArgumentException when there is no class or the threshold is out of range
     */
    public YoloxConfig {
        classes = List.copyOf(classes);
        Objects.requireNonNull(thresholdSource, "thresholdSource");
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("keep at least one class");
        }
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1]: " + threshold);
        }
    }

    /**
     * Person, dog and cat at the committed calibrated threshold ({@link #defaultCalibration()}).
     *
     * @return the default configuration
     */
    public static YoloxConfig defaults() {
        return withCalibration(DEFAULT_CLASSES, defaultCalibration());
    }

    /**
     * The given classes at the threshold of a calibration.
     *
     * @param classes     the labels to keep
     * @param calibration a calibration result; its threshold and provenance are recorded
     * @return the configuration
     */
    public static YoloxConfig withCalibration(List<String> classes, ThresholdCalibration.Result calibration) {
        return new YoloxConfig(classes, calibration.threshold(), describe(calibration));
    }

    /**
     * The same classes at a threshold the caller chose.
     *
     * @param threshold in (0, 1]
     * @return a copy whose threshold source is "set explicitly"
     * @throws IllegalArgumentException when the threshold is out of range
     */
    public YoloxConfig withThreshold(double threshold) {
        return new YoloxConfig(classes, threshold, "set explicitly");
    }

    /**
     * Other classes, same threshold.
     *
     * @param classes the labels to keep; at least one
     * @return a copy with those classes
     */
    public YoloxConfig withClasses(List<String> classes) {
        return new YoloxConfig(classes, threshold, thresholdSource);
    }

    /**
     * The committed calibration of YOLOX-Nano (max F1 on the even-indexed half of coco128; see its provenance).
     *
     * @return the calibration read from the class-path resource {@value #DEFAULT_CALIBRATION}
     * @throws IllegalStateException when the resource is missing (a packaging bug)
     * @throws java.io.UncheckedIOException when the resource cannot be read or parsed
     */
    public static ThresholdCalibration.Result defaultCalibration() {
        try (InputStream in = YoloxConfig.class.getResourceAsStream(DEFAULT_CALIBRATION)) {
            if (in == null) {
                throw new IllegalStateException("class-path resource " + DEFAULT_CALIBRATION + " is missing next to "
                        + YoloxConfig.class.getName() + "; the triage-models jar is incomplete");
            }
            return CalibrationCodec.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULT_CALIBRATION + ": " + e.getMessage(), e);
        }
    }

    private static String describe(ThresholdCalibration.Result c) {
        return String.format(java.util.Locale.ROOT, "calibrated: %s; P %.3f R %.3f F1 %.3f on %s (%d images), model %s",
                c.rule(), c.precision(), c.recall(), c.f1(), c.provenance().dataset(), c.provenance().imageCount(),
                c.provenance().model());
    }
}
