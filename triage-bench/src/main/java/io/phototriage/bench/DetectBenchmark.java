package io.phototriage.bench;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.Detections;
import io.phototriage.models.groundingdino.GroundingDinoContract;
import io.phototriage.models.groundingdino.GroundingDinoDetector;
import io.phototriage.models.yolox.YoloxConfig;
import io.phototriage.models.yolox.YoloxDetector;
import java.util.Arrays;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The detect stage on a real 640x480 coco128 photo:
 * <ul>
 *   <li>YOLOX-nano (real ONNX weights) as the stage runs it (letterbox, inference, decoding, NMS) and its forward alone
 *       ({@code yoloxForward}, model time, compared with onnxruntime in Python).</li>
 *   <li>Grounding DINO, {@code variant} {@code tiny} (the committed fixture, traced at 256x320) or {@code full}
 *       (grounding-dino-tiny's architecture with random weights, traced at 800x800, {@code models-full/grounding-dino-tiny}):
 *       the stage with the prompt "person . dog . cat ." ({@code groundingDino}: resize and pad into the traced frame,
 *       normalise, inference, per-class scores, threshold, NMS) and the network alone on ready inputs
 *       ({@code groundingDinoForward}: model time, compared with the eager transformers model in Python).</li>
 * </ul>
 */
public class DetectBenchmark extends BenchmarkDefaults {
    /** YOLOX-nano, as the stage and alone. */
    @State(Scope.Benchmark)
    public static class Yolox extends OwningState {
        YoloxDetector detector;
        DecodedPhoto photo;
        RawModel forward;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            detector = own(YoloxDetector.create(BenchPaths.liteModels(), YoloxConfig.defaults()));
            photo = BenchPaths.decode(BenchPaths.PHOTOS.get(1));
            forward = own(RawModel.onnx(BenchPaths.liteModelFile("yolox-nano/yolox_nano.onnx"),
                    new Shape(1, 3, YoloxDetector.INPUT_SIZE, YoloxDetector.INPUT_SIZE), 255f)
                    .warmUp(SHAPE_WARMUP_CALLS));
            warmUp(detector, photo);
        }
    }

    /** Grounding DINO, as the stage and its network alone. */
    @State(Scope.Benchmark)
    public static class GroundingDino extends OwningState {
        /** {@code tiny}: the test fixture; {@code full}: grounding-dino-tiny size, random weights (generated on demand). */
        @Param({"tiny"})
        public String variant;

        GroundingDinoDetector detector;
        DecodedPhoto photo;
        RawModel forward;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            ResolvedModel resolved = BenchPaths.model("grounding-dino", variant);
            detector = own(GroundingDinoDetector.builder().setModel(resolved).build());
            try {
                photo = BenchPaths.decode(BenchPaths.PHOTOS.get(1));
                forward = own(networkOnReadyInputs(resolved, detector).warmUp(SHAPE_WARMUP_CALLS));
                warmUp(detector, photo);
            } catch (Exception e) {
                tearDown();
                throw e;
            }
        }

        /**
         * The model file with the stage's inputs prepared once: seeded normalised-pixel noise filling the whole traced
         * frame (pixel_mask all 1), the detector's own prompt ids and attention mask padded to the text length.
         */
        private static RawModel networkOnReadyInputs(ResolvedModel resolved, GroundingDinoDetector detector) throws Exception {
            GroundingDinoContract contract = detector.contract();
            int h = contract.tracedHeight();
            int w = contract.tracedWidth();
            int len = contract.maxTextLen();
            float[] pixels = gaussianNoise(new Random(0), 3 * h * w);
            long[] ids = detector.prompt().paddedIds(len);
            long[] attention = detector.prompt().attentionMask(len);
            long[] tokenTypes = new long[len];
            long[] pixelMask = new long[h * w];
            Arrays.fill(pixelMask, 1L);
            String shapes = "pixel_values [1,3," + h + "," + w + "], input_ids/token_type_ids/attention_mask [1," + len
                    + "], pixel_mask [1," + h + "," + w + "]";
            return RawModel.torchScript(resolved.file("model"), shapes, manager -> new NDList(
                    manager.create(pixels, new Shape(1, 3, h, w)),
                    manager.create(ids, new Shape(1, len)),
                    manager.create(tokenTypes, new Shape(1, len)),
                    manager.create(attention, new Shape(1, len)),
                    manager.create(pixelMask, new Shape(1, h, w))));
        }
    }

    /** The YOLOX stage on a 640x480 photo: letterbox to 416, inference, decode, NMS, person/dog/cat filter. */
    @Benchmark
    public Detections yolox(Yolox state) throws Exception {
        return state.detector.apply(state.photo.withNewScratch()); // a fresh scratch: the networks run on every call
    }

    /** YOLOX-nano alone on a ready {@code [1,3,416,416]} input (model time). */
    @Benchmark
    public long yoloxForward(Yolox state) throws Exception {
        return state.forward.forward();
    }

    /**
     * The Grounding DINO stage on a 640x480 photo with person, dog, cat: resize into the traced frame, pad, normalise,
     * inference, per-class scores, threshold, class-wise NMS.
     */
    @Benchmark
    public Detections groundingDino(GroundingDino state) throws Exception {
        return state.detector.apply(state.photo);
    }

    /** Grounding DINO's network alone on ready inputs of the traced frame (model time; logits and boxes copied back). */
    @Benchmark
    public long groundingDinoForward(GroundingDino state) throws Exception {
        return state.forward.forward();
    }
}
