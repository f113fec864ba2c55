package io.phototriage.bench;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.video.ClipTracker;
import io.phototriage.core.video.FrameMask;
import io.phototriage.core.video.VideoFrame;
import io.phototriage.core.video.VideoPrompt;
import io.phototriage.models.sam2.Sam2Contract;
import io.phototriage.models.sam2.Sam2VideoSegmenter;
import java.awt.image.BufferedImage;
import java.util.Random;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SAM 2's per-frame cost, {@code variant} {@code tiny} (the committed 256 px fixture) or {@code full}
 * (sam2.1-hiera-tiny's layout at 1024 px, random weights, {@code models-full/sam2.1-hiera-tiny}):
 * <ul>
 *   <li>each of the four parts alone on ready seeded inputs of a tracked frame's shapes in the steady state (7
 *       memories, 16 object pointers): {@code imageEncoder}, {@code memoryAttention}, {@code memoryEncoder},
 *       {@code maskDecoder}; the Python reference of the same parts is {@code export.py bench-eager --only sam2};</li>
 *   <li>{@code trackedFrame}: one whole tracked frame of an 854x480 clip through the tracker (pre-processing, the
 *       four parts, the memory bank, the mask at the frame's size), after enough frames that the bank is full.</li>
 * </ul>
 */
public class Sam2Benchmark extends BenchmarkDefaults {
    /** Memories and pointers of a tracked frame once the bank is full. */
    static final int MEMORIES = 7;
    static final int POINTERS = 16;

    /** The four networks, each on ready inputs. */
    @State(Scope.Benchmark)
    public static class Parts extends OwningState {
        /** {@code tiny}: the test fixture; {@code full}: sam2.1-hiera-tiny size, random weights (made on demand). */
        @Param({"tiny"})
        public String variant;

        RawModel imageEncoder;
        RawModel memoryAttention;
        RawModel memoryEncoder;
        RawModel maskDecoder;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            ResolvedModel resolved = BenchPaths.model("sam2", variant);
            Sam2Contract c = Sam2Contract.of(resolved.manifest());
            int s = c.imageSize();
            int g = c.memoryGrid();
            int ch = c.hiddenSize();
            int m = c.memoryDim();
            Random random = new Random(0);
            float[] features = gaussianNoise(random, ch * g * g);
            float[] position = gaussianNoise(random, ch * g * g);
            float[] memories = gaussianNoise(random, MEMORIES * g * g * m);
            float[] memoryPos = gaussianNoise(random, MEMORIES * g * g * m);
            float[] pointers = gaussianNoise(random, POINTERS * ch);
            float[] sine = gaussianNoise(random, POINTERS * ch);
            float[] mask = gaussianNoise(random, s * s);
            float[] s0 = gaussianNoise(random, ch / 8 * 16 * g * g);
            float[] s1 = gaussianNoise(random, ch / 4 * 4 * g * g);
            long[] slots = {6, 0, 1, 2, 3, 4, 5};
            imageEncoder = own(RawModel.torchScript(resolved.file(Sam2VideoSegmenter.IMAGE_ENCODER), new Shape(1, 3, s, s), 1f));
            memoryAttention = own(RawModel.torchScript(resolved.file(Sam2VideoSegmenter.MEMORY_ATTENTION),
                    MEMORIES + " memories, " + POINTERS + " pointers", in(sm -> new NDList(
                            sm.create(features, new Shape(1, ch, g, g)), sm.create(position, new Shape(1, ch, g, g)),
                            sm.create(memories, new Shape(MEMORIES, (long) g * g, m)),
                            sm.create(memoryPos, new Shape(MEMORIES, (long) g * g, m)), sm.create(slots, new Shape(MEMORIES)),
                            sm.create(pointers, new Shape(POINTERS, ch)), sm.create(sine, new Shape(POINTERS, ch))))));
            memoryEncoder = own(RawModel.torchScript(resolved.file(Sam2VideoSegmenter.MEMORY_ENCODER), "features, mask, score",
                    in(sm -> new NDList(sm.create(features, new Shape(1, ch, g, g)), sm.create(mask, new Shape(1, 1, s, s)),
                            sm.create(new float[] {1f}, new Shape(1, 1))))));
            maskDecoder = own(RawModel.torchScript(resolved.file(Sam2VideoSegmenter.MASK_DECODER), "tracked frame, no prompt",
                    in(sm -> new NDList(sm.create(features, new Shape(1, ch, g, g)),
                            sm.create(s0, new Shape(1, ch / 8, 4 * g, 4 * g)), sm.create(s1, new Shape(1, ch / 4, 2 * g, 2 * g)),
                            sm.create(new float[] {0f, 0f}, new Shape(1, 1, 1, 2)), sm.create(new int[] {-1}, new Shape(1, 1, 1)),
                            sm.zeros(new Shape(1, 1, s, s)), sm.create(new float[] {0f}, new Shape(1))))));
            for (RawModel part : new RawModel[] {imageEncoder, memoryAttention, memoryEncoder, maskDecoder}) {
                part.warmUp(SHAPE_WARMUP_CALLS);
            }
        }
    }

    /** A tracker on a synthetic 854x480 clip, its memory bank full. */
    @State(Scope.Benchmark)
    public static class Clip extends OwningState {
        /** {@code tiny}: the test fixture; {@code full}: sam2.1-hiera-tiny size, random weights (made on demand). */
        @Param({"tiny"})
        public String variant;

        Sam2VideoSegmenter segmenter;
        ClipTracker tracker;
        BufferedImage[] images;
        int next;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            segmenter = own(Sam2VideoSegmenter.load(BenchPaths.model("sam2", variant)));
            images = new BufferedImage[4];
            for (int i = 0; i < images.length; i++) {
                images[i] = frameImage(854, 480, i);
            }
            tracker = own(segmenter.apply(new VideoPrompt.Box(new BoundingBox(300, 120, 560, 400))));
            for (int i = 0; i < POINTERS + SHAPE_WARMUP_CALLS; i++) {
                nextFrame();
            }
        }

        FrameMask nextFrame() throws Exception {
            VideoFrame frame = new VideoFrame(next, next * 41_667L, images[next % images.length]);
            next++;
            return tracker.next(frame);
        }
    }

    private static Function<NDManager, NDList> in(Function<NDManager, NDList> inputs) {
        return inputs;
    }

    /** A smooth synthetic frame (the encoder's cost does not depend on the values). */
    static BufferedImage frameImage(int width, int height, int seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, ((x + 9 * seed) & 0xFF) << 16 | ((y + 5 * seed) & 0xFF) << 8 | ((x ^ y) & 0xFF));
            }
        }
        return image;
    }

    /** The image encoder alone on a ready {@code [1,3,S,S]} input. */
    @Benchmark
    public long imageEncoder(Parts state) throws Exception {
        return state.imageEncoder.forward();
    }

    /** The memory attention with 7 memories and 16 object pointers (a tracked frame once the bank is full). */
    @Benchmark
    public long memoryAttention(Parts state) throws Exception {
        return state.memoryAttention.forward();
    }

    /** The memory encoder on a frame's features and its S x S mask. */
    @Benchmark
    public long memoryEncoder(Parts state) throws Exception {
        return state.memoryEncoder.forward();
    }

    /** The prompt encoder + mask decoder of a tracked frame (no prompt), all four tokens' outputs copied to Java. */
    @Benchmark
    public long maskDecoder(Parts state) throws Exception {
        return state.maskDecoder.forward();
    }

    /** One whole tracked frame: pre-processing, the four parts, the memory bank update, the frame-size mask. */
    @Benchmark
    public FrameMask trackedFrame(Clip state) throws Exception {
        return state.nextFrame();
    }
}
