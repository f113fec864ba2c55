package io.phototriage.core;

import io.phototriage.core.stage.Classification;
import io.phototriage.core.stage.Detections;
import io.phototriage.core.stage.Segmentation;
import io.phototriage.core.stage.Stylized;
import java.util.Objects;

/**
 * A typed key for a stage's outcome in a {@link PhotoResult}: {@code result.outcome(StageKey.DETECT)} is an
 * {@code Outcome<Detections>}. Custom stages declare their own key.
 *
 * @param name unique within a pipeline
 * @param type the stage's output type
 */
public record StageKey<T>(String name, Class<T> type) {
    /** Decoding: sizes and scale of the decoded photo. */
    public static final StageKey<DecodeInfo> DECODE = new StageKey<>("decode", DecodeInfo.class);
    /** The classify stage's outcome. */
    public static final StageKey<Classification> CLASSIFY = new StageKey<>("classify", Classification.class);
    /** The detect stage's outcome. */
    public static final StageKey<Detections> DETECT = new StageKey<>("detect", Detections.class);
    /** The segment stage's outcome. */
    public static final StageKey<Segmentation> SEGMENT = new StageKey<>("segment", Segmentation.class);
    /** The stylize outcome, on each album's hero shot. */
    public static final StageKey<Stylized> STYLIZE = new StageKey<>("stylize", Stylized.class);

    /**
     * Checks the name and type.
     *
     * @param name unique within a pipeline
     * @param type the stage's output type
     * @throws IllegalArgumentException if the name is blank
     */
    public StageKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("stage key name must not be blank");
        }
    }

    /**
     * A key for a custom stage.
     *
     * @param name unique within a pipeline; also the prefix of its options ({@code name.option})
     * @param type the stage's output type
     * @param <T>  the output type
     * @return the key
     */
    public static <T> StageKey<T> of(String name, Class<T> type) {
        return new StageKey<>(name, type);
    }
}
