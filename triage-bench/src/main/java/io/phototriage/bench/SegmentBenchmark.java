package io.phototriage.bench;

import ai.djl.ndarray.types.Shape;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.SegmentRequest;
import io.phototriage.core.stage.Segmentation;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.models.deeplab.DeepLabConfig;
import io.phototriage.models.deeplab.DeepLabSegmenter;
import io.phototriage.models.lite.CutoutOptions;
import io.phototriage.models.sam.ImageEmbedding;
import io.phototriage.models.sam.MaskPrediction;
import io.phototriage.models.sam.SamOptions;
import io.phototriage.models.sam.SamSegmenter;
import io.phototriage.models.selfie.SelfieConfig;
import io.phototriage.models.selfie.SelfieSegmenter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The segment stage on a real 481x640 coco128 portrait, prompted with its person's ground-truth box.
 * <ul>
 *   <li>Lite segmenters (real ONNX weights: DeepLabV3 full and half width, MediaPipe Selfie): the whole stage
 *       (pre-processing, inference, mask, cut-out, thumbnail) and the network alone ({@code liteForward}).</li>
 *   <li>SAM, {@code variant} {@code tiny} (the committed fixture) or {@code full} (sam-vit-base size, random weights,
 *       {@code models-full/sam-vit-base}): the image encoder and the mask decoder separately, since a photo is
 *       embedded once and each box prompt only runs the decoder. {@code samImageEncoder} is the encoder network alone
 *       on a ready {@code [1,3,1024,1024]} input; {@code samEmbed} adds the pre-processing (resize to 1024, normalise,
 *       pad); {@code samMaskDecoder} decodes one box from a ready embedding; {@code samSegment} is the whole stage.</li>
 * </ul>
 */
public class SegmentBenchmark extends BenchmarkDefaults {
    /** A lite segmenter, as the stage and its network alone. */
    @State(Scope.Benchmark)
    public static class Lite extends OwningState {
        @Param({"deeplab", "deeplab-half", "selfie"})
        public String segmenter;

        Segmenter stage;
        SegmentRequest request;
        RawModel forward;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            stage = own(switch (segmenter) {
                case "deeplab" -> DeepLabSegmenter.load(BenchPaths.liteModels(), DeepLabConfig.defaults());
                case "deeplab-half" -> DeepLabSegmenter.load(BenchPaths.liteModels(),
                        new DeepLabConfig(DeepLabConfig.Variant.HALF, CutoutOptions.defaults()));
                case "selfie" -> SelfieSegmenter.load(BenchPaths.liteModels(), SelfieConfig.defaults());
                default -> throw new IllegalArgumentException("unknown segmenter " + segmenter + "; use deeplab, deeplab-half or selfie");
            });
            forward = own(switch (segmenter) {
                case "deeplab" -> RawModel.onnx(BenchPaths.liteModelFile("deeplabv3-pascal/deeplabv3_mnv2_pascal_quant.onnx"),
                        new Shape(1, 513, 513, 3), 255f);
                case "deeplab-half" -> RawModel.onnx(
                        BenchPaths.liteModelFile("deeplabv3-pascal/deeplabv3_mnv2_dm05_pascal_quant.onnx"), new Shape(1, 513, 513, 3), 255f);
                default -> RawModel.onnx(BenchPaths.liteModelFile("selfie-segmentation/selfie_segmentation.onnx"),
                        new Shape(1, 256, 256, 3), 1f);
            });
            forward.warmUp(SHAPE_WARMUP_CALLS);
            request = new SegmentRequest(BenchPaths.portrait(), BenchPaths.portraitPerson());
            warmUp(stage, request);
        }
    }

    /** SAM's encoder network alone, on a ready input. */
    @State(Scope.Benchmark)
    public static class SamEncoderNetwork extends OwningState {
        /** {@code tiny}: the test fixture; {@code full}: sam-vit-base size, random weights (generated on demand). */
        @Param({"tiny"})
        public String variant;

        RawModel encoder;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            ResolvedModel resolved = BenchPaths.model("sam", variant);
            encoder = own(RawModel.torchScript(resolved.file("image_encoder"), new Shape(1, 3, 1024, 1024), 1f)
                    .warmUp(SHAPE_WARMUP_CALLS));
        }
    }

    /** The SAM segmenter with the portrait's embedding computed once. */
    @State(Scope.Benchmark)
    public static class Sam extends OwningState {
        /** {@code tiny}: the test fixture; {@code full}: sam-vit-base size, random weights (generated on demand). */
        @Param({"tiny"})
        public String variant;

        SamSegmenter segmenter;
        DecodedPhoto photo;
        SegmentRequest request;
        ImageEmbedding embedding;
        BoundingBox box;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            segmenter = own(SamSegmenter.load(BenchPaths.model("sam", variant), SamOptions.defaults()));
            photo = BenchPaths.portrait();
            request = new SegmentRequest(photo, BenchPaths.portraitPerson());
            box = request.subject().box();
            for (int i = 0; i < SHAPE_WARMUP_CALLS; i++) {
                embedding = segmenter.encoder().embed(photo);
                segmenter.decoder().segment(embedding, box);
            }
        }
    }

    /** A lite segment stage: pre-processing, ONNX inference, subject mask, cut-out and thumbnail. */
    @Benchmark
    public Segmentation lite(Lite state) throws Exception {
        return state.stage.apply(state.request);
    }

    /** The lite segmenter's network alone on a ready input (model time). */
    @Benchmark
    public long liteForward(Lite state) throws Exception {
        return state.forward.forward();
    }

    /** SAM's image encoder network alone on a ready {@code [1,3,1024,1024]} input (model time). */
    @Benchmark
    public long samImageEncoder(SamEncoderNetwork state) throws Exception {
        return state.encoder.forward();
    }

    /** SAM's {@code embed(photo)}: resize to 1024, normalise, pad, encoder, embedding copied to Java. */
    @Benchmark
    public ImageEmbedding samEmbed(Sam state) throws Exception {
        return state.segmenter.encoder().embed(state.photo);
    }

    /** SAM's prompt encoder and mask decoder for one box on a ready embedding (model time plus the copy of 3 masks). */
    @Benchmark
    public MaskPrediction samMaskDecoder(Sam state) throws Exception {
        return state.segmenter.decoder().segment(state.embedding, state.box);
    }

    /** The whole SAM stage on the portrait and its box: embed, decode, upsample the best mask, cut-out, thumbnail. */
    @Benchmark
    public Segmentation samSegment(Sam state) throws Exception {
        return state.segmenter.apply(state.request);
    }
}
