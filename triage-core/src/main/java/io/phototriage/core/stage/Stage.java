package io.phototriage.core.stage;

import java.util.ArrayList;
import java.util.List;

/**
 * One step of the triage chain: a model (or any function) applied to one photo at a time.
 *
 * <p>Implementations own their native resources and release them in {@link #close()}. They must be safe to
 * call from one thread at a time; the pipeline calls a stage from several threads at once only if it says it is
 * {@linkplain #threadSafe() thread-safe}.
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

    /**
     * Whether {@link #apply} and {@link #applyAll} may run on several threads at the same time (different photos).
     * A pipeline with several {@linkplain io.phototriage.core.Pipeline.Builder#workers(int) workers} calls a stage
     * that says so without a lock, so that photos in flight run the same model at once (each on its own cores);
     * otherwise it calls the stage from one thread at a time. Say {@code true} only when the stage keeps no
     * per-call state outside the call and every stage or model it delegates to is thread-safe as well.
     *
     * @return {@code false} by default
     */
    default boolean threadSafe() {
        return false;
    }

    @Override
    default void close() throws Exception {}
}
