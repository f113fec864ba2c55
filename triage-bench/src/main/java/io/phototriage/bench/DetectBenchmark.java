package io.phototriage.bench;

import ai.djl.ndarray.types.Shape;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.stage.Detections;
import io.phototriage.models.yolox.YoloxConfig;
import io.phototriage.models.yolox.YoloxDetector;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The detect stage on a real coco128 photo: YOLOX-nano (real ONNX weights) as the stage runs it (letterbox,
 * inference, decoding, NMS) and its forward alone ({@code yoloxForward}, model time, compared with onnxruntime in
 * Python).
 *
 * <p>Grounding DINO (the full model set's detector) is merged from another branch; its benchmark belongs here as a
 * second {@code @State} class with {@code @Param variant} ({@code tiny} | {@code full}), resolved with
 * {@link BenchPaths#model} once that family is added there, and a model-only method named like its entry in
 * {@code tools/export/phototriage_export/bench_eager.py}. Until then there is deliberately no Grounding DINO benchmark.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DetectBenchmark {
    /** YOLOX-nano, as the stage and alone. */
    @State(Scope.Benchmark)
    public static class Yolox {
        YoloxDetector detector;
        DecodedPhoto photo;
        RawModel forward;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            detector = YoloxDetector.create(BenchPaths.liteModels(), YoloxConfig.defaults());
            photo = BenchPaths.decode(BenchPaths.PHOTOS.get(1));
            forward = RawModel.onnx(BenchPaths.liteModelFile("yolox-nano/yolox_nano.onnx"),
                    new Shape(1, 3, YoloxDetector.INPUT_SIZE, YoloxDetector.INPUT_SIZE), 255f)
                    .warmUp(ClassifyBenchmark.SHAPE_WARMUP_CALLS);
            for (int i = 0; i < ClassifyBenchmark.SHAPE_WARMUP_CALLS; i++) {
                detector.apply(photo);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            try (RawModel f = forward) {
                detector.close();
            }
        }
    }

    /** The YOLOX stage on a 640x480 photo: letterbox to 416, inference, decode, NMS, person/dog/cat filter. */
    @Benchmark
    public Detections yolox(Yolox state) throws Exception {
        return state.detector.apply(state.photo);
    }

    /** YOLOX-nano alone on a ready {@code [1,3,416,416]} input (model time). */
    @Benchmark
    public long yoloxForward(Yolox state) throws Exception {
        return state.forward.forward();
    }
}
