package io.phototriage.bench;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.SegmentRequest;
import io.phototriage.core.stage.Segmentation;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.models.deeplab.DeepLabConfig;
import io.phototriage.models.deeplab.DeepLabSegmenter;
import io.phototriage.models.lite.CutoutOptions;
import io.phototriage.models.selfie.SelfieConfig;
import io.phototriage.models.selfie.SelfieSegmenter;
import java.nio.file.Path;
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
 * One segment call of the lite segmenters (pre-processing, ONNX inference, mask, cut-out and thumbnail) on a real
 * 481x640 coco128 portrait, prompted with its person's ground-truth box. Models from
 * {@code -Dphototriage.models=DIR} (default {@code ../shared/models}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LiteSegmenterBenchmark {
    @Param({"deeplab", "deeplab-half", "selfie"})
    public String segmenter;

    private Segmenter stage;
    private SegmentRequest request;

    static Path modelsDir() {
        return Path.of(System.getProperty("phototriage.models", "../shared/models"));
    }

    static DecodedPhoto portrait() throws Exception {
        Path photo = modelsDir().resolveSibling("data/coco128/images/000000000036.jpg");
        return ImageIoPhotoDecoder.defaults().decode(Photo.of(photo));
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        stage = switch (segmenter) {
            case "deeplab" -> DeepLabSegmenter.load(modelsDir(), DeepLabConfig.defaults());
            case "deeplab-half" -> DeepLabSegmenter.load(modelsDir(),
                    new DeepLabConfig(DeepLabConfig.Variant.HALF, CutoutOptions.defaults()));
            case "selfie" -> SelfieSegmenter.load(modelsDir(), SelfieConfig.defaults());
            default -> throw new IllegalArgumentException("unknown segmenter " + segmenter);
        };
        // coco128 annotation 000000000036.jpg person: bbox [167.58, 162.89, 310.61, 465.19] (x, y, w, h)
        request = new SegmentRequest(portrait(), new Detection("person", 1, BoundingBox.ofXywh(167.58, 162.89, 310.61, 465.19)));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        stage.close();
    }

    @Benchmark
    public Segmentation segment() throws Exception {
        return stage.apply(request);
    }
}
