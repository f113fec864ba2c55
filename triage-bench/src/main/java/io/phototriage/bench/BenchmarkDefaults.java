package io.phototriage.bench;

import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JMH settings every benchmark class of this module shares, written once: average time per call in milliseconds,
 * one fork, 2 warm-up and 3 measured iterations of one second. JMH reads these class annotations from a superclass;
 * a class that needs other iteration counts (the cheap, noisier library-overhead benchmarks) puts its own
 * {@code @Warmup}/{@code @Measurement} on itself, which win over these.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public abstract class BenchmarkDefaults {
    /** Calls per shape in setup before JMH's own warm-up: TorchScript re-optimises per input shape on its first calls. */
    static final int SHAPE_WARMUP_CALLS = 2;

    /**
     * Runs {@code stage} {@link #SHAPE_WARMUP_CALLS} times on {@code input}, so JMH's own warm-up starts on networks
     * that have seen this input's shapes.
     *
     * @param stage the stage a benchmark calls
     * @param input what the benchmark calls it on
     * @param <I>   the stage's input
     * @throws StageException when a call fails (the benchmark would fail the same way)
     */
    static <I> void warmUp(Stage<I, ?> stage, I input) throws StageException {
        for (int i = 0; i < SHAPE_WARMUP_CALLS; i++) {
            stage.apply(input);
        }
    }

    /**
     * Standard normal noise: the ready inputs of benchmarks whose cost does not depend on the values.
     *
     * @param random the seeded source (consumed in order, one value an element)
     * @param n      how many values
     * @return {@code n} values of {@code random.nextGaussian()}, as floats
     */
    static float[] gaussianNoise(Random random, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) random.nextGaussian();
        }
        return out;
    }
}
