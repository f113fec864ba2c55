package io.phototriage.core.stage;

import java.util.Objects;

/**
 * Provenance of a stage's output: which model, which weights.
 *
 * @param name    model name, e.g. {@code yolox-nano}
 * @param weights identifies the weights (a sha256 prefix, a file name, or {@code "none"} for model-free stages)
 * @param engine  what ran it, e.g. {@code OnnxRuntime}, {@code PyTorch}, {@code java}
 */
public record ModelInfo(String name, String weights, String engine) {
    /**
     * Checks that no component is null.
     *
     * @param name model name, e.g. {@code yolox-nano}
     * @param weights identifies the weights (a sha256 prefix, a file name, or {@code "none"} for model-free stages)
     * @param engine what ran it, e.g. {@code OnnxRuntime}, {@code PyTorch}, {@code java}
     */
    public ModelInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(engine, "engine");
    }

    /**
     * A stage that runs no model.
     *
     * @param name the stage's name
     * @return the info, weights {@code none}, engine {@code java}
     */
    public static ModelInfo of(String name) {
        return new ModelInfo(name, "none", "java");
    }
}
