package io.phototriage.models.sam2;

import static io.phototriage.core.testing.ProviderAssertions.assertCreateFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.model.ModelStore;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.spi.StageSettings;
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
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The provider, the tracker's contract and its bad-input errors, on the tiny fixture. */
class Sam2VideoSegmenterTest {
    @AutoClose
    private static Sam2VideoSegmenter segmenter;

    @BeforeAll
    static void load() throws Exception {
        if (!Boolean.getBoolean(NeedsNatives.SWITCH)) {
            segmenter = Sam2VideoSegmenter.load(ModelStore.at(Sam2GoldenParityTest.fixturesDir()).resolve("sam2-tiny"));
        }
    }

    private static VideoFrame frame(int index, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, ((x * 7 + index * 3) & 0xFF) << 16 | ((y * 5) & 0xFF) << 8 | ((x + y) & 0xFF));
            }
        }
        return new VideoFrame(index, index * 33_333L, image);
    }

    @Test
    void sam2IsDiscoveredByNameAsAVideoSegmenter() {
        assertThat(StageRegistry.load().find(VideoSegmenter.class, "sam2")).isInstanceOf(Sam2StageProvider.class);
    }

    @Test
    @NeedsNatives
    void createsTheSegmenterFromTheModelOption() throws Exception {
        StageSettings settings = StageSettings.ofModelsDir(Sam2GoldenParityTest.fixturesDir()).withOption("model", "sam2-tiny");

        try (VideoSegmenter created = StageRegistry.load().create(VideoSegmenter.class, "sam2", settings)) {
            assertThat(created).isInstanceOf(Sam2VideoSegmenter.class);
            assertThat(((Sam2VideoSegmenter) created).info().name()).isEqualTo("sam2-tiny");
        }
    }

    @Test
    void missingModelFolderSaysWhereItLookedAndHowToExport() throws Exception {
        StageSettings settings = StageSettings.ofModelsDir(Sam2GoldenParityTest.fixturesDir());

        assertCreateFails(new Sam2StageProvider(), settings)
                .hasMessageContaining(Sam2StageProvider.DEFAULT_MODEL)
                .hasMessageContaining("export.py sam2");
    }

    @Test
    @NeedsNatives
    void nonSquareFramesGiveFrameSizeMasksAndTheBankKeepsTheConditioningFramePlusRecentFrames() throws Exception {
        try (ClipTracker tracker = segmenter.apply(new VideoPrompt.Box(new BoundingBox(40, 20, 120, 70)))) {
            for (int i = 0; i < 20; i++) {
                FrameMask m = tracker.next(frame(i, 160, 90));
                assertThat(m.index()).isEqualTo(i);
                assertThat(m.mask().width()).isEqualTo(160);
                assertThat(m.mask().height()).isEqualTo(90);
                assertThat(m.score()).isBetween(0.0, 1.0);
            }
            int keep = Math.max(segmenter.contract().numMaskmem(), segmenter.contract().maxObjectPointers());
            List<Integer> expected = new java.util.ArrayList<>(List.of(0));
            IntStream.range(20 - keep, 20).forEach(expected::add);
            assertThat(((Sam2ClipTracker) tracker).memoryFrames()).containsExactlyElementsOf(expected);
        }
    }

    @Test
    @NeedsNatives
    void boxOutsideTheFrameIsAClearErrorAndTheTrackerStaysUsable() throws Exception {
        assertFirstFrameFails(new VideoPrompt.Box(new BoundingBox(40, 20, 400, 70)), "not inside the 160x90 first frame");
    }

    @Test
    @NeedsNatives
    void promptMaskOfAnotherSizeThanTheFrameIsAClearError() throws Exception {
        boolean[] values = new boolean[10 * 10];
        values[55] = true;
        assertFirstFrameFails(new VideoPrompt.MaskPrompt(Mask.of(10, 10, values)), "prompt mask is 10x10 but the first frame is 160x90");
    }

    /** A tracker on {@code prompt} refuses a 160x90 first frame with a {@link StageException} naming {@code why}. */
    private void assertFirstFrameFails(VideoPrompt prompt, String why) throws Exception {
        try (ClipTracker tracker = segmenter.apply(prompt)) {
            assertThatThrownBy(() -> tracker.next(frame(0, 160, 90)))
                    .isInstanceOf(StageException.class)
                    .hasMessageContaining(why);
        }
    }

    @Test
    @NeedsNatives
    void framesOutOfOrderAreRejectedWithoutLosingTheClip() throws Exception {
        try (ClipTracker tracker = segmenter.apply(new VideoPrompt.Box(new BoundingBox(40, 20, 120, 70)))) {
            tracker.next(frame(0, 160, 90));
            tracker.next(frame(1, 160, 90));
            assertThatThrownBy(() -> tracker.next(frame(1, 160, 90)))
                    .isInstanceOf(StageException.class)
                    .hasMessageContaining("increasing order");
            assertThat(tracker.next(frame(3, 160, 90)).index()).isEqualTo(3);
            assertThat(((Sam2ClipTracker) tracker).memoryFrames()).containsExactly(0, 1, 3);
        }
    }
}
