package io.phototriage.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.stage.Detections;
import io.phototriage.models.sam.MaskPrediction;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The benchmarks' setup contract, run once each without timing anything: a {@code full} model folder that is absent
 * fails setup with the command that makes it (never a silent fallback), and the benchmarks run on the committed tiny
 * fixtures and the shared lite models, returning outputs of the contract's shapes.
 */
class BenchmarkSetupTest {
    private static final String FIXTURES = "phototriage.fixtures";
    private static final String FULL = "phototriage.models.full";

    @BeforeEach
    void pointAtTheModuleRelativeFolders() {
        // surefire runs in triage-bench/, the benchmarks normally from the repository root
        System.setProperty(FIXTURES, "../triage-models/src/test/resources/fixtures");
    }

    @AfterEach
    void restore() {
        System.clearProperty(FIXTURES);
        System.clearProperty(FULL);
    }

    @ParameterizedTest
    @CsvSource({
        "clip, export.py clip --full-random --out models-full/clip-vit-b32",
        "sam, export.py sam --full-random --out models-full/sam-vit-base",
        "sd, export.py stable-diffusion --real --out models-full/sd-lcm",
        "grounding-dino, export.py grounding-dino --full-random --out models-full/grounding-dino-tiny",
        "totalseg, export.py totalseg --full-random --out models-full/totalseg-random",
        "sam2, export.py sam2 --full-random --out models-full/sam2.1-hiera-tiny",
    })
    void absentFullModelFailsSetupNamingTheCommandThatMakesIt(String family, String command, @TempDir Path empty) {
        System.setProperty(FULL, empty.toString());
        assertThatThrownBy(() -> BenchPaths.model(family, "full"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("variant 'full' not found")
                .hasMessageContaining(empty.toString())
                .hasMessageContaining(command);
    }

    @Test
    void unknownVariantIsRejected() {
        assertThatThrownBy(() -> BenchPaths.model("sam", "huge"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("variants are tiny and full");
    }

    @Test
    void absentFullSamFailsTheSamStateSetup(@TempDir Path empty) {
        System.setProperty(FULL, empty.toString());
        SegmentBenchmark.Sam state = new SegmentBenchmark.Sam();
        state.variant = "full";
        assertThatThrownBy(state::setUp).isInstanceOf(IllegalStateException.class).hasMessageContaining("sam-vit-base");
    }

    @Test
    void absentFullGroundingDinoFailsTheDetectStateSetup(@TempDir Path empty) {
        System.setProperty(FULL, empty.toString());
        DetectBenchmark.GroundingDino state = new DetectBenchmark.GroundingDino();
        state.variant = "full";
        assertThatThrownBy(state::setUp)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(empty.resolve("grounding-dino-tiny").toString())
                .hasMessageContaining("export.py grounding-dino --full-random");
    }

    @Test
    void groundingDinoBenchmarksRunTheStageAndTheNetworkOnTheTinyFixture() throws Exception {
        DetectBenchmark.GroundingDino state = new DetectBenchmark.GroundingDino();
        state.variant = "tiny";
        trial(state::setUp, state::tearDown, () -> {
            DetectBenchmark bench = new DetectBenchmark();
            // logits [1,900,256] and pred_boxes [1,900,4], float32
            assertThat(bench.groundingDinoForward(state)).isEqualTo((900L * 256 + 900L * 4) * Float.BYTES);
            Detections detections = bench.groundingDino(state);
            assertThat(detections.threshold()).isEqualTo(state.detector.threshold());
            // the fixture's manifest threshold keeps a few boxes on this golden photo (golden/grounding-dino)
            assertThat(detections.detections()).isNotEmpty().allSatisfy(d -> assertThat(d.label()).isIn("person", "dog", "cat"));
        });
    }

    @Test
    void clipBenchmarksRunOnTheTinyFixture() throws Exception {
        ClassifyBenchmark.Clip state = new ClassifyBenchmark.Clip();
        state.variant = "tiny";
        state.batch = 2;
        trial(state::setUp, state::tearDown, () -> {
            ClassifyBenchmark bench = new ClassifyBenchmark();
            List<float[]> embeddings = bench.clipImageTower(state);
            assertThat(embeddings).hasSize(2).allSatisfy(e -> assertThat(e).hasSize(16));
            assertThat(bench.clipPreprocess(state)).hasSize(2).allSatisfy(p -> assertThat(p).hasSize(3 * 224 * 224));
            assertThat(bench.clipZeroShot(state)).hasSize(2);
        });
    }

    @Test
    void sam2BenchmarksRunEachPartAndAWholeTrackedFrameOnTheTinyFixture() throws Exception {
        Sam2Benchmark bench = new Sam2Benchmark();
        Sam2Benchmark.Parts parts = new Sam2Benchmark.Parts();
        parts.variant = "tiny";
        trial(parts::setUp, parts::tearDown, () -> {
            // sam2-tiny: S = 256, g = 16, C = 128, memory dim 64
            assertThat(bench.imageEncoder(parts)).isEqualTo((16L * 64 * 64 + 32L * 32 * 32 + 3 * 128L * 16 * 16) * Float.BYTES);
            assertThat(bench.memoryAttention(parts)).isEqualTo(128L * 16 * 16 * Float.BYTES);
            assertThat(bench.memoryEncoder(parts)).isEqualTo(2 * 16L * 16 * 64 * Float.BYTES);
            assertThat(bench.maskDecoder(parts)).isEqualTo((4L * 64 * 64 + 4 + 4 * 128 + 1 + 64L * 64) * Float.BYTES);
        });
        Sam2Benchmark.Clip clip = new Sam2Benchmark.Clip();
        clip.variant = "tiny";
        trial(clip::setUp, clip::tearDown, () -> {
            int before = clip.next;
            assertThat(bench.trackedFrame(clip).mask().width()).isEqualTo(854);
            assertThat(clip.next).isEqualTo(before + 1);
        });
    }

    @Test
    void samBenchmarksRunTheEncoderAndDecoderSeparatelyOnTheTinyFixture() throws Exception {
        SegmentBenchmark bench = new SegmentBenchmark();
        SegmentBenchmark.SamEncoderNetwork network = new SegmentBenchmark.SamEncoderNetwork();
        network.variant = "tiny";
        trial(network::setUp, network::tearDown, () -> {
            // image_embeddings [1,128,64,64] float32
            assertThat(bench.samImageEncoder(network)).isEqualTo(128L * 64 * 64 * Float.BYTES);
        });
        SegmentBenchmark.Sam sam = new SegmentBenchmark.Sam();
        sam.variant = "tiny";
        trial(sam::setUp, sam::tearDown, () -> {
            long decodesBefore = sam.segmenter.decoder().decodeCount();
            MaskPrediction masks = bench.samMaskDecoder(sam);
            assertThat(sam.segmenter.decoder().decodeCount()).isEqualTo(decodesBefore + 1);
            long embedsBefore = sam.segmenter.encoder().embedCount();
            assertThat(bench.samEmbed(sam).channels()).isEqualTo(128);
            assertThat(sam.segmenter.encoder().embedCount()).isEqualTo(embedsBefore + 1);
            assertThat(masks.maskCount()).isEqualTo(3);
            assertThat(masks.size()).isEqualTo(256);
            assertThat(bench.samSegment(sam).mask().width()).isEqualTo(sam.photo.image().getWidth());
        });
    }

    @Test
    void stableDiffusionPartBenchmarksReturnTheContractShapesOnTheTinyFixture() throws Exception {
        StylizeBenchmark.SdParts parts = new StylizeBenchmark.SdParts();
        parts.variant = "tiny";
        trial(parts::setUp, parts::tearDown, () -> {
            StylizeBenchmark bench = new StylizeBenchmark();
            assertThat(bench.sdTextEncoder(parts)).hasSize(77 * 16);
            assertThat(bench.sdUnetStep(parts)).hasSize(4 * 8 * 8);
            assertThat(bench.sdVaeEncode(parts)).hasSize(8 * 8 * 8);
            assertThat(bench.sdVaeDecode(parts)).hasSize(3 * 64 * 64);
        });
    }

    @Test
    void yoloxBenchmarksRunOnTheSharedLiteModel() throws Exception {
        DetectBenchmark.Yolox state = new DetectBenchmark.Yolox();
        trial(state::setUp, state::tearDown, () -> {
            DetectBenchmark bench = new DetectBenchmark();
            // raw grid outputs [1,3549,85] float32
            assertThat(bench.yoloxForward(state)).isEqualTo(3549L * 85 * Float.BYTES);
            assertThat(bench.yolox(state)).isNotNull();
        });
    }

    @Test
    void ctBenchmarksRunOnTheTinyFixtureAndTheSharedCt() throws Exception {
        CtBenchmark bench = new CtBenchmark();
        CtBenchmark.Patch patch = new CtBenchmark.Patch();
        patch.variant = "tiny";
        trial(patch::setUp, patch::tearDown, () -> {
            assertThat(bench.patch(patch)).hasSize(118 * 64 * 32 * 32);
        });
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(Path.of(System.getProperty("phototriage.shared", "../shared"), "data", "ct")),
                "../shared/data/ct is absent: the CT data benchmarks are not checked");
        CtBenchmark.Volume volume = new CtBenchmark.Volume();
        volume.setUp();
        assertThat(bench.resampleTo15mm(volume)).hasSize(60 * 202 * 244);
        CtBenchmark.Series series = new CtBenchmark.Series();
        series.setUp();
        assertThat(bench.readSeries(series).geometry().nz()).isEqualTo(20);
    }

    @Test
    void detectorTrainingStepRunsOnTheTinyFixtureAndTheLossIsFinite() throws Exception {
        DetectorTrainingBenchmark.Training state = new DetectorTrainingBenchmark.Training();
        state.variant = "tiny";
        state.batchSize = 2;
        trial(state::setUp, state::tearDown, () -> {
            assertThat(new DetectorTrainingBenchmark().trainingStep(state)).isFinite().isPositive();
        });
    }

    @Test
    void absentTrainableYoloxFailsTheInferenceSetupNamingTheExport(@TempDir Path empty) {
        System.setProperty("phototriage.yolox.trainable", empty.toString());
        try {
            assertThatThrownBy(() -> new DetectorTrainingBenchmark.Inference().setUp())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("export.py yolox-trainable");
        } finally {
            System.clearProperty("phototriage.yolox.trainable");
        }
    }

    @ParameterizedTest
    @CsvSource({"lite-video", "deeplab-video-reference"})
    void videoBenchmarksTrackAndDecodeDavisFramesWithTheSharedLiteModels(String segmenter) throws Exception {
        VideoBenchmark bench = new VideoBenchmark();
        VideoBenchmark.Tracking tracking = new VideoBenchmark.Tracking();
        tracking.segmenter = segmenter;
        trial(tracking::setUp, tracking::tearDown, () -> {
            var first = bench.track(tracking);
            var second = bench.track(tracking);
            assertThat(first.index()).isEqualTo(1);
            assertThat(second.index()).isEqualTo(2);
            assertThat(second.mask().width()).isEqualTo(854);
            assertThat(second.mask().area()).isPositive();
        });
        VideoBenchmark.Decoding decoding = new VideoBenchmark.Decoding();
        trial(decoding::setUp, decoding::tearDown, () -> {
            for (int i = 0; i < 61; i++) {
                // 60 frames: the 61st reopens the clip at frame 0
                assertThat(bench.decode(decoding).index()).isEqualTo(i % 60);
            }
        });
    }

    /** One step of a benchmark state's trial. */
    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /** Runs a state's trial as JMH does: {@code setUp}, the {@code body}, then {@code tearDown} even when the body fails. */
    private static void trial(Step setUp, Step tearDown, Step body) throws Exception {
        setUp.run();
        try {
            body.run();
        } finally {
            tearDown.run();
        }
    }
}
