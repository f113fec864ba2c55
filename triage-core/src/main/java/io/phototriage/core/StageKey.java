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
    public static final StageKey<DecodeInfo> DECODE = new StageKey<>("decode", DecodeInfo.class);
    public static final StageKey<Classification> CLASSIFY = new StageKey<>("classify", Classification.class);
    public static final StageKey<Detections> DETECT = new StageKey<>("detect", Detections.class);
    public static final StageKey<Segmentation> SEGMENT = new StageKey<>("segment", Segmentation.class);
    public static final StageKey<Stylized> STYLIZE = new StageKey<>("stylize", Stylized.class);

    public StageKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("stage key name must not be blank");
        }
    }

    public static <T> StageKey<T> of(String name, Class<T> type) {
        return new StageKey<>(name, type);
    }
}
