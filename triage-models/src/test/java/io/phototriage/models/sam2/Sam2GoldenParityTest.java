package io.phototriage.models.sam2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Mask;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.core.video.VideoFrame;
import io.phototriage.core.video.VideoPrompt;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parity with transformers 4.57.6's own video pipeline ({@code Sam2VideoModel.propagate_in_video_iterator}) on the
 * tiny random-weight fixture over 16 synthetic frames, prompted on frame 0 with a box and with a mask; golden files
 * from {@code tools/export/export.py golden-sam2}. Each frame's low-res logits feed the next frames' memories, so an
 * error anywhere in the glue (memory choice, temporal slots, pointer offsets and encodings, mask choice, the memory
 * encoder's mask) shows up in the later frames.
 */
@NeedsNatives
class Sam2GoldenParityTest {
    /**
     * Low-res mask logits (|logit| ~1.6 on average, the mask prompt's frame ~10): libtorch 2.3.1 (DJL) vs PyTorch
     * 2.13, plus the Java bilinear resize and sigmoid feeding the memory encoder, compounded over 16 frames. Measured:
     * at most 3.3e-5 (box prompt) and 8.1e-5 (mask prompt); the frame-size masks' IoU at least 0.99995.
     */
    static final double MAX_LOGIT_DIFF = 3e-4;
    /** The frame-size masks may differ only where a logit is within rounding of 0. */
    static final double MIN_MASK_IOU = 0.9995;

    private static final ObjectMapper JSON = new ObjectMapper();
    @AutoClose
    private static Sam2VideoSegmenter segmenter;
    private static JsonNode index;

    @BeforeAll
    static void load() throws Exception {
        segmenter = Sam2VideoSegmenter.load(ModelStore.at(fixturesDir()).resolve("sam2-tiny"));
        try (InputStream in = resource("index.json")) {
            index = JSON.readTree(in);
        }
    }

    static Path fixturesDir() throws Exception {
        return Path.of(Sam2GoldenParityTest.class.getResource("/fixtures").toURI());
    }

    static InputStream resource(String name) throws IOException {
        InputStream in = Sam2GoldenParityTest.class.getResourceAsStream("/golden/sam2/" + name);
        if (in == null) {
            throw new IOException("missing test resource /golden/sam2/" + name
                    + "; run tools/export/export.py sam2 and golden-sam2");
        }
        return in;
    }

    static BufferedImage image(String name) throws IOException {
        try (InputStream in = resource(name)) {
            return ImageIO.read(in);
        }
    }

    static Mask mask(String name) throws IOException {
        BufferedImage img = image(name);
        boolean[] values = new boolean[img.getWidth() * img.getHeight()];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                values[y * img.getWidth() + x] = (img.getRGB(x, y) & 0xFF) > 127;
            }
        }
        return Mask.of(img.getWidth(), img.getHeight(), values);
    }

    static float[] floats(String name) throws IOException {
        byte[] bytes;
        try (InputStream in = resource(name)) {
            bytes = in.readAllBytes();
        }
        float[] out = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    static List<VideoFrame> frames() throws IOException {
        List<VideoFrame> frames = new ArrayList<>();
        for (int i = 0; i < index.get("frames").asInt(); i++) {
            frames.add(new VideoFrame(i, i * 40_000L, image(String.format("frames/%05d.png", i))));
        }
        return frames;
    }

    static VideoPrompt prompt(String kind) throws IOException {
        if (kind.equals("box")) {
            JsonNode b = index.get("box");
            return new VideoPrompt.Box(new BoundingBox(b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(),
                    b.get(3).asDouble()));
        }
        return new VideoPrompt.MaskPrompt(mask("prompt_mask.png"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"box", "mask"})
    void everyFrameMatchesPropagateInVideoIterator(String kind) throws Exception {
        List<VideoFrame> frames = frames();
        float[] golden = floats(kind + "_low_res.f32");
        int side = segmenter.contract().lowResSize();
        int perFrame = side * side;
        assertThat(golden).hasSize(frames.size() * perFrame);
        double worstDiff = 0;
        double worstIou = 1;
        try (Sam2ClipTracker tracker = (Sam2ClipTracker) segmenter.apply(prompt(kind))) {
            for (VideoFrame frame : frames) {
                Sam2ClipTracker.Step step = tracker.step(frame);
                double diff = 0;
                for (int i = 0; i < perFrame; i++) {
                    diff = Math.max(diff, Math.abs(step.lowResLogits()[i] - golden[frame.index() * perFrame + i]));
                }
                Mask expected = mask(String.format("%s_masks/%05d.png", kind, frame.index()));
                double iou = step.mask().iou(expected);
                System.out.printf("sam2 parity %s frame %2d: max |logit diff| %.3g, mask IoU %.6f, area %d/%d%n", kind,
                        frame.index(), diff, iou, step.mask().area(), expected.area());
                worstDiff = Math.max(worstDiff, diff);
                worstIou = Math.min(worstIou, iou);
                assertThat(diff).as("%s prompt, frame %d: max |logit - golden|", kind, frame.index())
                        .isLessThanOrEqualTo(MAX_LOGIT_DIFF);
                assertThat(iou).as("%s prompt, frame %d: IoU with the golden mask", kind, frame.index())
                        .isGreaterThanOrEqualTo(MIN_MASK_IOU);
            }
            assertThat(tracker.memoryFrames()).as("the conditioning frame and the recent tracked frames")
                    .startsWith(0).contains(frames.size() - 1);
        }
        System.out.printf("sam2 parity %s: worst max |logit diff| %.3g, worst mask IoU %.6f%n", kind, worstDiff, worstIou);
    }
}
