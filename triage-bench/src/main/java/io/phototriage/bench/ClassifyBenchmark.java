package io.phototriage.bench;

import ai.djl.ndarray.types.Shape;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Classification;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.models.clip.ClipImageEncoder;
import io.phototriage.models.clip.ZeroShotClipClassifier;
import io.phototriage.models.probe.LiteProbeProvider;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The classify stage on real coco128 photos.
 * <ul>
 *   <li>Lite probe (real MobileNetV2 ONNX + YOLOX-nano features, linear probe): the whole stage per photo, and the
 *       MobileNetV2 forward alone ({@code mobilenetForward}, model time, compared with onnxruntime in Python).</li>
 *   <li>CLIP, {@code variant} {@code tiny} (the committed fixture) or {@code full} (ViT-B/32 with random weights,
 *       {@code models-full/clip-vit-b32}), by {@code batch}: pre-processing alone, the image tower on ready pixel values
 *       ({@code clipImageTower}, model time, compared with the eager PyTorch module in Python) and the zero-shot
 *       stage (pre-processing, tower, cosine to the prompt embeddings, softmax).</li>
 * </ul>
 */
public class ClassifyBenchmark extends BenchmarkDefaults {
    /** The lite-probe classifier (lite model set) and MobileNetV2 alone. */
    @State(Scope.Benchmark)
    public static class LiteProbe extends OwningState {
        Classifier classifier;
        DecodedPhoto photo;
        RawModel mobilenet;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            classifier = own(new LiteProbeProvider().create(StageSettings.ofModelsDir(BenchPaths.liteModels())));
            photo = BenchPaths.decode(BenchPaths.PHOTOS.get(1));
            mobilenet = own(RawModel.onnx(BenchPaths.liteModelFile("mobilenet-v2/mobilenet_v2_1.0_224_quant.onnx"),
                    new Shape(1, 224, 224, 3), 255f).warmUp(SHAPE_WARMUP_CALLS));
            warmUp(classifier, photo);
        }
    }

    /** CLIP's image tower and zero-shot classifier on {@code batch} photos. */
    @State(Scope.Benchmark)
    public static class Clip extends OwningState {
        /** {@code tiny}: the test fixture; {@code full}: ViT-B/32 size, random weights (generated on demand). */
        @Param({"tiny"})
        public String variant;

        @Param({"1", "4"})
        public int batch;

        ClipImageEncoder encoder;
        ZeroShotClipClassifier classifier;
        final List<DecodedPhoto> photos = new ArrayList<>();
        final List<BufferedImage> images = new ArrayList<>();
        float[] pixelValues;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            ResolvedModel resolved = BenchPaths.model("clip", variant);
            encoder = own(ClipImageEncoder.load(resolved));
            classifier = own(ZeroShotClipClassifier.create(resolved, ZeroShotClipClassifier.defaultPrompts()));
            for (int i = 0; i < batch; i++) {
                DecodedPhoto photo = BenchPaths.decode(BenchPaths.PHOTOS.get(i % BenchPaths.PHOTOS.size()));
                photos.add(photo);
                images.add(photo.image());
            }
            int plane = 3 * encoder.contract().imageSize() * encoder.contract().imageSize();
            pixelValues = new float[batch * plane];
            for (int i = 0; i < batch; i++) {
                System.arraycopy(encoder.preprocessor().pixelValues(images.get(i)), 0, pixelValues, i * plane, plane);
            }
            for (int i = 0; i < SHAPE_WARMUP_CALLS; i++) {
                encoder.embedPixelValues(pixelValues, batch);
                classifier.applyAll(photos);
            }
        }
    }

    /** The lite-probe stage on one photo: MobileNetV2 and YOLOX features, the linear probe. */
    @Benchmark
    public Classification liteProbe(LiteProbe state) throws Exception {
        return state.classifier.apply(state.photo.withNewScratch()); // a fresh scratch: the networks run on every call
    }

    /** MobileNetV2 alone on a ready {@code [1,224,224,3]} input (model time). */
    @Benchmark
    public long mobilenetForward(LiteProbe state) throws Exception {
        return state.mobilenet.forward();
    }

    /** CLIP pre-processing of the batch (Pillow-bicubic resize, centre crop, normalise); no model. */
    @Benchmark
    public List<float[]> clipPreprocess(Clip state) {
        List<float[]> out = new ArrayList<>(state.images.size());
        for (BufferedImage image : state.images) {
            out.add(state.encoder.preprocessor().pixelValues(image));
        }
        return out;
    }

    /** CLIP's image tower on ready {@code [batch,3,224,224]} pixel values, in one call (model time). */
    @Benchmark
    public List<float[]> clipImageTower(Clip state) throws Exception {
        return state.encoder.embedPixelValues(state.pixelValues, state.batch);
    }

    /** The CLIP zero-shot stage on the batch: pre-processing, image tower, cosine to the prompts, softmax. */
    @Benchmark
    public List<Classification> clipZeroShot(Clip state) throws Exception {
        return state.classifier.applyAll(state.photos);
    }
}
