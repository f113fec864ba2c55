package io.phototriage.models.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.Outcome;
import io.phototriage.core.stage.Mask;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.video.ClipTracker;
import io.phototriage.core.video.FrameMask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-frame outcome rules of a clip run, with lambda trackers over a folder of synthetic frames. */
class ClipSegmentationTest {
    private static final ModelInfo MODEL = ModelInfo.of("fake");

    @TempDir
    Path tmp;

    private static FrameMask everything(io.phototriage.core.video.VideoFrame f) {
        boolean[] all = new boolean[f.width() * f.height()];
        java.util.Arrays.fill(all, true);
        return new FrameMask(f.index(), Mask.of(f.width(), f.height(), all), 1.0);
    }

    @Test
    void aFrameThatFailsDoesNotStopTheClip() throws Exception {
        Path dir = SyntheticClips.pngFolder(tmp.resolve("frames"), 6);
        ClipTracker tracker = f -> {
            if (f.index() == 3) {
                throw new StageException("model fault on purpose");
            }
            return everything(f);
        };
        List<ClipSegmentation.FrameResult> results = new ArrayList<>();
        List<Boolean> hadFrame = new ArrayList<>();

        ClipSegmentation.Summary summary;
        try (ClipReader reader = ClipReader.open(dir)) {
            summary = ClipSegmentation.run(reader, tracker, "fake", MODEL, (r, frame) -> {
                results.add(r);
                hadFrame.add(frame != null);
            });
        }

        assertThat(summary.frames()).isEqualTo(6);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.millis()).hasSize(6);
        assertThat(results).extracting(ClipSegmentation.FrameResult::index).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(results.get(3).outcome()).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed<FrameMask>) results.get(3).outcome()).message()).contains("frame 3", "model fault");
        assertThat(results.get(4).outcome().isDone()).isTrue();
        assertThat(hadFrame).containsOnly(true);
    }

    @Test
    void aCorruptFrameMidClipIsRecordedAsFailedWithoutAPicture() throws Exception {
        Path dir = SyntheticClips.pngFolder(tmp.resolve("frames"), 4);
        Files.write(dir.resolve("00002.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0});
        List<ClipSegmentation.FrameResult> results = new ArrayList<>();
        List<Boolean> hadFrame = new ArrayList<>();

        try (ClipReader reader = ClipReader.open(dir)) {
            ClipSegmentation.run(reader, ClipSegmentationTest::everything, "fake", MODEL, (r, frame) -> {
                results.add(r);
                hadFrame.add(frame != null);
            });
        }

        assertThat(results).hasSize(4);
        assertThat(results.get(2).outcome()).isInstanceOf(Outcome.Failed.class);
        assertThat(results.get(2).timestampMicros()).isEqualTo(Math.round(2 * 1e6 / ClipReader.DEFAULT_FOLDER_FPS));
        assertThat(hadFrame).containsExactly(true, true, false, true);
    }

    @Test
    void thePromptFrameFailingStopsTheRunWithAClearError() throws IOException {
        Path dir = SyntheticClips.pngFolder(tmp.resolve("frames"), 3);
        ClipTracker refuses = f -> {
            throw new StageException("no subject under the prompt");
        };
        try (ClipReader reader = ClipReader.open(dir)) {
            assertThatThrownBy(() -> ClipSegmentation.run(reader, refuses, "fake", MODEL, (r, f) -> {}))
                    .isInstanceOf(StageException.class).hasMessageContaining("no subject under the prompt");
        }
        Files.writeString(dir.resolve("00000.png"), "broken");
        try (ClipReader reader = ClipReader.open(dir)) {
            assertThatThrownBy(() -> ClipSegmentation.run(reader, ClipSegmentationTest::everything, "fake", MODEL, (r, f) -> {}))
                    .isInstanceOf(StageException.class).hasMessageContaining("first frame");
        }
    }

    @Test
    void anErrorIsNotSwallowed() throws IOException {
        Path dir = SyntheticClips.pngFolder(tmp.resolve("frames"), 3);
        ClipTracker oom = f -> {
            if (f.index() == 1) {
                throw new OutOfMemoryError("simulated");
            }
            return everything(f);
        };
        try (ClipReader reader = ClipReader.open(dir)) {
            assertThatThrownBy(() -> ClipSegmentation.run(reader, oom, "fake", MODEL, (r, f) -> {}))
                    .isInstanceOf(OutOfMemoryError.class);
        }
    }
}
