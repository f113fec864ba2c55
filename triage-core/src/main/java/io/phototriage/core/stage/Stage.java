package io.phototriage.core.stage;

import java.util.ArrayList;
import java.util.List;

/**
 * One step of the triage chain: a model (or any function) applied to one photo at a time.
 *
 * <p>Implementations own their native resources and release them in {@link #close()}. They must be safe to
 * call from one thread at a time; the pipeline never calls a stage concurrently.
 *
 * @param <I> what the stage reads
 * @param <O> what it produces
 */
public interface Stage<I, O> extends AutoCloseable {

    /**
     * Applies the stage to one input. A failure for this input only is reported as {@link StageException}.
     *
     * @param input one photo's input
     * @return the stage's value for it, never null
     * @throws StageException when this input cannot be processed (other inputs are not affected)
     */
    O apply(I input) throws StageException;

    /**
     * Applies the stage to several inputs, in order. Override where the model batches; the pipeline falls back
     * to {@link #apply} one input at a time if a batched call fails, so one bad photo never fails its neighbours.
     *
     * @param inputs several photos' inputs
     * @return one value per input, in the same order
     * @throws StageException when the batch fails (the pipeline then retries one input at a time)
     */
    default List<O> applyAll(List<I> inputs) throws StageException {
        List<O> outputs = new ArrayList<>(inputs.size());
        for (I input : inputs) {
            outputs.add(apply(input));
        }
        return outputs;
    }

    /**
     * A short name for logs and reports.
     *
     * @return the name, by default the class's simple name
     */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * Which model and weights produce this stage's results (recorded in every result).
     *
     * @return the model's name, weights and engine
     */
    default ModelInfo model() {
        return ModelInfo.of(name());
    }

    @Override
    default void close() throws Exception {}
}
