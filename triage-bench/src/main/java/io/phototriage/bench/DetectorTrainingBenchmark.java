package io.phototriage.bench;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.stage.Detections;
import io.phototriage.models.yolox.FineTunedYoloxDetector;
import io.phototriage.models.yolox.YoloxConfig;
import io.phototriage.models.yolox.YoloxDetector;
import io.phototriage.models.yolox.YoloxTrainingSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue #16's detector fine-tuning:
 * <ul>
 *   <li>{@code trainingStep}: one Adam step of the YOLOX loss (forward, SimOTA, loss, backward, update) on a batch of
 *       {@code batchSize} seeded 416x416 inputs with two boxes each; {@code variant} {@code tiny} (the committed random
 *       fixture) or {@code lite} (the trainable YOLOX-Nano, {@code export.py yolox-trainable}, 897 K parameters);</li>
 *   <li>{@code fineTunedInference} vs {@code pretrainedInference}: the production detect call on a 640x480 coco128
 *       photo with the trainable/fine-tuned TorchScript folder ({@code -Dphototriage.yolox.trainable=DIR}, default
 *       {@code ../shared/models/yolox-nano-trainable}) on PyTorch vs the ONNX YOLOX-Nano on OnnxRuntime.</li>
 * </ul>
 */
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class DetectorTrainingBenchmark extends BenchmarkDefaults {
    /** The trainable YOLOX-Nano folder: {@code -Dphototriage.yolox.trainable=DIR}, else {@code <lite models>/yolox-nano-trainable}. */
    static Path trainableFolder() {
        Path dir = Path.of(System.getProperty("phototriage.yolox.trainable",
                BenchPaths.liteModels().resolve("yolox-nano-trainable").toString())).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
            throw new IllegalStateException("trainable YOLOX-Nano not found at " + dir + "; make it with tools/export/.venv/bin/python"
                    + " tools/export/export.py yolox-trainable --out " + dir + " or pass -Dphototriage.yolox.trainable=DIR");
        }
        return dir;
    }

    /** A training session and a seeded batch. */
    @State(Scope.Benchmark)
    public static class Training extends OwningState {
        /** {@code tiny}: the committed random fixture; {@code lite}: the trainable YOLOX-Nano. */
        @Param({"tiny"})
        public String variant;

        /** Images per step. */
        @Param({"4"})
        public int batchSize;

        YoloxTrainingSession session;
        float[] pixels;
        List<float[][]> boxes;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            Path folder = variant.equals("tiny") ? BenchPaths.tinyFixtures().resolve("yolox-tiny") : trainableFolder();
            session = own(YoloxTrainingSession.open(folder.resolve("yolox_trainable.pt"), 3, 1e-5f));
            Random random = new Random(0);
            pixels = new float[batchSize * 3 * 416 * 416];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = random.nextInt(256);
            }
            boxes = new ArrayList<>();
            for (int b = 0; b < batchSize; b++) {
                boxes.add(new float[][] {{0, 120 + 10 * b, 200, 80, 160}, {1, 300, 260 - 10 * b, 120, 90}});
            }
            session.step(pixels, boxes); // first call traces/optimises the graph for this shape
        }
    }

    /** The fine-tuned (TorchScript) and the pretrained (ONNX) detector on one photo. */
    @State(Scope.Benchmark)
    public static class Inference extends OwningState {
        FineTunedYoloxDetector fineTuned;
        YoloxDetector pretrained;
        DecodedPhoto photo;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            fineTuned = own(FineTunedYoloxDetector.load(trainableFolder()));
            try {
                pretrained = own(YoloxDetector.create(BenchPaths.liteModels(), YoloxConfig.defaults()));
                photo = BenchPaths.decode(BenchPaths.PHOTOS.get(1));
                for (int i = 0; i < SHAPE_WARMUP_CALLS; i++) {
                    fineTuned.apply(photo.withNewScratch());
                    pretrained.apply(photo.withNewScratch());
                }
            } catch (Exception e) {
                tearDown();
                throw e;
            }
        }
    }

    /** One optimiser step on a batch: forward, SimOTA, YOLOX loss, backward, Adam update. */
    @Benchmark
    public double trainingStep(Training state) {
        return state.session.step(state.pixels, state.boxes);
    }

    /** The fine-tuned (or trainable) YOLOX-Nano on PyTorch, as the detect stage runs it. */
    @Benchmark
    public Detections fineTunedInference(Inference state) throws Exception {
        return state.fineTuned.apply(state.photo.withNewScratch());
    }

    /** The pretrained YOLOX-Nano on OnnxRuntime, as the detect stage runs it. */
    @Benchmark
    public Detections pretrainedInference(Inference state) throws Exception {
        return state.pretrained.apply(state.photo.withNewScratch());
    }
}
