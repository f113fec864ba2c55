package io.phototriage.bench;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.Classification;
import io.phototriage.models.clip.ClipImageEncoder;
import io.phototriage.models.clip.ZeroShotClipClassifier;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

/**
 * CLIP on real coco128 photos: pre-processing alone, the image tower on a batch, and the zero-shot classifier on a
 * batch. The models folder is {@code -Dphototriage.clip.models} (default: the test fixtures, run from the repo root),
 * the model its {@code model} parameter ({@code clip-tiny} by default; {@code clip-vit-b32} once exported).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ClipBenchmark {
    private static final List<String> PHOTOS = List.of("000000000009.jpg", "000000000025.jpg", "000000000030.jpg", "000000000034.jpg");

    @Param({"clip-tiny"})
    public String model;

    @Param({"1", "4"})
    public int batch;

    private ClipImageEncoder encoder;
    private ZeroShotClipClassifier classifier;
    private final List<DecodedPhoto> photos = new ArrayList<>();
    private final List<BufferedImage> images = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path models = Path.of(System.getProperty("phototriage.clip.models", "triage-models/src/test/resources/fixtures"));
        Path coco = Path.of(System.getProperty("phototriage.shared", "../shared")).resolve("data/coco128/images");
        ResolvedModel resolved = ModelStore.at(models).resolve(model);
        encoder = ClipImageEncoder.load(resolved);
        classifier = ZeroShotClipClassifier.create(resolved, ZeroShotClipClassifier.defaultPrompts());
        for (int i = 0; i < batch; i++) {
            DecodedPhoto photo = ImageIoPhotoDecoder.defaults().decode(Photo.of(coco.resolve(PHOTOS.get(i % PHOTOS.size()))));
            photos.add(photo);
            images.add(photo.image());
        }
        // TorchScript optimises per input shape on the first calls: warm up this batch size before measuring.
        for (int i = 0; i < 3; i++) {
            encoder.embedAll(images);
            classifier.applyAll(photos);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        encoder.close();
        classifier.close();
    }

    /** Resize (Pillow bicubic), centre crop and normalise of the batch's photos; no model. */
    @Benchmark
    public List<float[]> preprocess() {
        List<float[]> out = new ArrayList<>(images.size());
        for (BufferedImage image : images) {
            out.add(encoder.preprocessor().pixelValues(image));
        }
        return out;
    }

    /** Pre-processing plus the image tower, the batch in one call. */
    @Benchmark
    public List<float[]> embedImages() throws Exception {
        return encoder.embedAll(images);
    }

    /** The classify stage: embeddings, cosine to the ensembled prompts, softmax. */
    @Benchmark
    public List<Classification> zeroShotClassify() throws Exception {
        return classifier.applyAll(photos);
    }
}
