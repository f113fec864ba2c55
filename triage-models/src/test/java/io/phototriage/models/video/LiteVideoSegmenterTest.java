package io.phototriage.models.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.phototriage.core.eval.RegionSimilarity;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Mask;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.core.video.ClipTracker;
import io.phototriage.core.video.FrameMask;
import io.phototriage.core.video.VideoFrame;
import io.phototriage.core.video.VideoPrompt;
import io.phototriage.core.video.VideoSegmenter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lite video path and the simple reference on the real lite weights, over the first frames of the DAVIS
 * {@code dog} clip (a held-out clip: the defaults were chosen on kite-surf). Skips without ../shared.
 */
@NeedsNatives
class LiteVideoSegmenterTest {
    private static final int FRAMES = 8;
    private static Path davisDog;
    @AutoClose
    private static LiteVideoSegmenter lite;
    @AutoClose
    private static DeepLabReferenceSegmenter reference;

    @BeforeAll
    static void load() throws StageException {
        Path shared = Path.of(System.getProperty("phototriage.shared"));
        davisDog = shared.resolve("data/davis/dog");
        assumeTrue(Files.isDirectory(davisDog) && Files.isDirectory(shared.resolve("models/deeplabv3-pascal")),
                "../shared/data/davis/dog or ../shared/models is absent: the lite video tests need the real weights and DAVIS");
        lite = LiteVideoSegmenter.load(shared.resolve("models"), LiteVideoConfig.defaults());
        reference = DeepLabReferenceSegmenter.load(shared.resolve("models"));
    }

    private static Mask truth(int i) throws IOException {
        BufferedImage png = ImageIO.read(davisDog.resolve(String.format("masks/%05d.png", i)).toFile());
        boolean[] v = new boolean[png.getWidth() * png.getHeight()];
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                v[y * png.getWidth() + x] = (png.getRaster().getSample(x, y, 0)) != 0;
            }
        }
        return Mask.of(png.getWidth(), png.getHeight(), v);
    }

    /** J over frames 1..FRAMES-1 of dog, prompted with frame 0's ground truth. */
    private static double meanJ(VideoSegmenter segmenter, VideoPrompt prompt, List<FrameMask> out) throws Exception {
        List<Double> js = new ArrayList<>();
        try (ClipReader reader = ClipReader.open(davisDog.resolve("frames")); ClipTracker tracker = segmenter.apply(prompt)) {
            for (int i = 0; i < FRAMES; i++) {
                VideoFrame frame = reader.next();
                FrameMask mask = tracker.next(frame);
                out.add(mask);
                assertThat(mask.index()).isEqualTo(i);
                assertThat(mask.mask().width()).isEqualTo(frame.width());
                if (i > 0) {
                    js.add(RegionSimilarity.of(mask.mask(), truth(i)));
                }
            }
        }
        return RegionSimilarity.mean(js);
    }

    @Test
    void maskPromptFollowsTheDogBetterThanTheSimpleReference() throws Exception {
        Mask prompt = truth(0);
        List<FrameMask> liteMasks = new ArrayList<>();
        double liteJ = meanJ(lite, new VideoPrompt.MaskPrompt(prompt), liteMasks);
        double referenceJ = meanJ(reference, new VideoPrompt.MaskPrompt(prompt), new ArrayList<>());

        assertThat(liteMasks.get(0).mask()).isEqualTo(prompt);
        assertThat(liteMasks.get(0).score()).isEqualTo(1.0);
        assertThat(liteMasks.subList(1, FRAMES)).allSatisfy(m -> assertThat(m.score()).isBetween(0.5, 1.0));
        assertThat(liteJ).as("lite J on dog frames 1-%d", FRAMES - 1).isGreaterThan(0.7);
        assertThat(liteJ).as("lite vs reference").isGreaterThanOrEqualTo(referenceJ);
    }

    @Test
    void boxPromptSegmentsTheDogInsideTheBox() throws Exception {
        BoundingBox box = truth(0).boundingBox().orElseThrow();
        List<FrameMask> masks = new ArrayList<>();
        double j = meanJ(lite, new VideoPrompt.Box(box), masks);

        assertThat(RegionSimilarity.of(masks.get(0).mask(), truth(0))).isGreaterThan(0.6);
        assertThat(j).isGreaterThan(0.6);
    }

    @Test
    void wrongSizedPromptMaskAndBoxOutsideTheFrameAreClearErrorsOnTheFirstFrame() throws Exception {
        Mask small = Mask.ofBits(10, 10, bitsAll(100));
        try (ClipReader reader = ClipReader.open(davisDog.resolve("frames"));
                ClipTracker wrongSize = lite.apply(new VideoPrompt.MaskPrompt(small));
                ClipTracker outside = lite.apply(new VideoPrompt.Box(new BoundingBox(2000, 2000, 2100, 2100)))) {
            VideoFrame first = reader.next();
            assertThatThrownBy(() -> wrongSize.next(first)).isInstanceOf(StageException.class)
                    .hasMessageContaining("10x10").hasMessageContaining("854x480");
            assertThatThrownBy(() -> outside.next(first)).isInstanceOf(StageException.class)
                    .hasMessageContaining("outside");
            // once the prompt frame failed, the tracker says so on every later frame
            VideoFrame second = reader.next();
            assertThatThrownBy(() -> outside.next(second)).hasMessageContaining("prompt frame failed");
        }
    }

    private static java.util.BitSet bitsAll(int n) {
        java.util.BitSet b = new java.util.BitSet(n);
        b.set(0, n);
        return b;
    }
}
