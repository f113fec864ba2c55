package io.phototriage.bench;

import io.phototriage.core.stage.Mask;
import io.phototriage.core.video.ClipTracker;
import io.phototriage.core.video.FrameMask;
import io.phototriage.core.video.VideoFrame;
import io.phototriage.core.video.VideoPrompt;
import io.phototriage.core.video.VideoSegmenter;
import io.phototriage.models.video.ClipReader;
import io.phototriage.models.video.DeepLabReferenceSegmenter;
import io.phototriage.models.video.LiteVideoConfig;
import io.phototriage.models.video.LiteVideoSegmenter;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The lite video path per frame on real DAVIS frames ({@code shared/data/davis/dog}, 854x480), prompted with frame
 * 0's ground truth: {@code track} is one {@link ClipTracker#next} (DeepLab, the Selfie matte for people, smoothing,
 * association, re-detection when lost) for {@code lite-video} and for the simple {@code deeplab-video-reference};
 * {@code decode} is one frame of the clip's H.264 {@code clip.mp4} through {@link ClipReader} (FFmpeg, upright copy).
 * The tracker sees the 8 loaded frames in a loop with increasing indices (the jump back is one fast motion).
 */
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class VideoBenchmark extends BenchmarkDefaults {
    /** The segmenter and its tracker over a loop of frames. */
    @State(Scope.Benchmark)
    public static class Tracking extends OwningState {
        @Param({"lite-video", "deeplab-video-reference"})
        public String segmenter;

        VideoSegmenter stage;
        ClipTracker tracker;
        List<BufferedImage> frames;
        int next;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            Path dog = BenchPaths.shared().resolve("data/davis/dog");
            stage = own(switch (segmenter) {
                case "lite-video" -> LiteVideoSegmenter.load(BenchPaths.liteModels(), LiteVideoConfig.defaults());
                case "deeplab-video-reference" -> DeepLabReferenceSegmenter.load(BenchPaths.liteModels());
                default -> throw new IllegalArgumentException("unknown segmenter " + segmenter
                        + "; use lite-video or deeplab-video-reference");
            });
            frames = new ArrayList<>();
            try (ClipReader reader = ClipReader.open(dog.resolve("frames"))) {
                for (int i = 0; i < 8; i++) {
                    frames.add(reader.next().image());
                }
            }
            BufferedImage png = ImageIO.read(dog.resolve("masks/00000.png").toFile());
            boolean[] v = new boolean[png.getWidth() * png.getHeight()];
            for (int y = 0; y < png.getHeight(); y++) {
                for (int x = 0; x < png.getWidth(); x++) {
                    v[y * png.getWidth() + x] = png.getRaster().getSample(x, y, 0) != 0;
                }
            }
            tracker = own(stage.apply(new VideoPrompt.MaskPrompt(Mask.of(png.getWidth(), png.getHeight(), v))));
            tracker.next(new VideoFrame(0, 0, frames.get(0)));
            next = 1;
        }

        /** The next frame of the loop, with the next index. */
        VideoFrame nextFrame() {
            int i = next++;
            return new VideoFrame(i, i * 41_667L, frames.get(i % frames.size()));
        }
    }

    /** The H.264 clip, reopened at its end. */
    @State(Scope.Benchmark)
    public static class Decoding {
        ClipReader reader;
        Path clip;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            clip = BenchPaths.shared().resolve("data/davis/dog/clip.mp4");
            reader = ClipReader.open(clip);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            reader.close();
        }

        VideoFrame next() throws Exception {
            try {
                return reader.next();
            } catch (java.util.NoSuchElementException end) {
                reader.close();
                reader = ClipReader.open(clip);
                return reader.next();
            }
        }
    }

    /**
     * One frame through the tracker.
     *
     * @param state the tracker and frames
     * @return the frame's mask
     * @throws Exception if the tracker fails
     */
    @Benchmark
    public FrameMask track(Tracking state) throws Exception {
        return state.tracker.next(state.nextFrame());
    }

    /**
     * One frame decoded from the H.264 clip.
     *
     * @param state the open clip
     * @return the frame
     * @throws Exception if decoding fails
     */
    @Benchmark
    public VideoFrame decode(Decoding state) throws Exception {
        return state.next();
    }
}
