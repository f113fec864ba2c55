package io.phototriage.bench;

import io.phototriage.core.stage.StyleRequest;
import io.phototriage.core.stage.Stylized;
import io.phototriage.models.faststyle.FastStyleConfig;
import io.phototriage.models.faststyle.FastStyleStylizer;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** One fast-neural-style (candy) call on a real 481x640 coco128 photo, by the long side it is styled at. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FastStyleBenchmark {
    @Param({"256", "512"})
    public int maxSide;

    private FastStyleStylizer stylizer;
    private StyleRequest request;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        stylizer = FastStyleStylizer.load(LiteSegmenterBenchmark.modelsDir(), new FastStyleConfig("candy", maxSide));
        request = new StyleRequest(LiteSegmenterBenchmark.portrait(), Optional.empty(), "", 0);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        stylizer.close();
    }

    @Benchmark
    public Stylized stylize() throws Exception {
        return stylizer.apply(request);
    }
}
