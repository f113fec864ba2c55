package io.phototriage.bench;

import io.phototriage.core.Photo;
import io.phototriage.core.PhotoResult;
import io.phototriage.core.Pipeline;
import io.phototriage.core.spi.StageSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The whole lite pipeline (the {@code lite} model set: lite-probe classify, YOLOX detect, DeepLab segment, fast-style
 * stylize of the album's hero shot) on four coco128 photos (a portrait, people, a pet, neither), decoding included:
 * what {@code phototriage run --model-set lite} spends per album of four. Stages created by their providers from
 * the shared lite models, exactly as the CLI does.
 */
@State(Scope.Benchmark)
public class PipelineBenchmark extends BenchmarkDefaults {
    /** Photos decoded and handed to each stage at once. */
    @Param({"1", "4"})
    public int batchSize;

    /** Photos in flight at once ({@code Pipeline.Builder.workers}); try {@code -p workers=1,2,4}. */
    @Param({"1"})
    public int workers;

    private Pipeline pipeline;
    private final List<Photo> photos = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        pipeline = Pipeline.builder()
                .classify("lite-probe")
                .detect("yolox")
                .segment("deeplab")
                .stylize("fast-style")
                .settings(StageSettings.ofModelsDir(BenchPaths.liteModels()))
                .batchSize(batchSize)
                .workers(workers)
                .build();
        for (String name : BenchPaths.PHOTOS) {
            photos.add(Photo.of(BenchPaths.cocoImage(name)));
        }
        // Warm up, and refuse to time a pipeline whose stages fail (that would time error handling).
        for (int i = 0; i < SHAPE_WARMUP_CALLS; i++) {
            for (PhotoResult result : pipeline.run(photos)) {
                Optional<?> failure = result.firstFailure();
                if (failure.isPresent()) {
                    throw new IllegalStateException("the lite pipeline failed on " + result.photo().path() + ": " + failure.get());
                }
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        pipeline.close();
    }

    /** decode, classify, detect, segment each photo; pick the hero shot and stylize it. */
    @Benchmark
    public List<PhotoResult> litePipeline() {
        return pipeline.run(photos);
    }
}
