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
import org.assertj.core.api.AbstractThrowableAssert;
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

    /** Covers every frame except frame {@code index}, which goes to {@code instead} (a tracker that throws). */
    private static ClipTracker everythingBut(int index, ClipTracker instead) {
        return f -> f.index() == index ? instead.next(f) : everything(f);
    }

    /** What a run over the frames in {@code dir} handed its sink, and its summary. */
    private record Recorded(ClipSegmentation.Summary summary, List<ClipSegmentation.FrameResult> results, List<Boolean> hadFrame) {}

    private static Recorded run(Path dir, ClipTracker tracker) throws Exception {
        List<ClipSegmentation.FrameResult> results = new ArrayList<>();
        List<Boolean> hadFrame = new ArrayList<>();
        try (ClipReader reader = ClipReader.open(dir)) {
            ClipSegmentation.Summary summary = ClipSegmentation.run(reader, tracker, "fake", MODEL, (r, frame) -> {
                results.add(r);
                hadFrame.add(frame != null);
            });
            return new Recorded(summary, results, hadFrame);
        }
    }

    /** What a run over the frames in {@code dir} threw. */
    private static AbstractThrowableAssert<?, ? extends Throwable> runFails(Path dir, ClipTracker tracker) throws IOException {
        try (ClipReader reader = ClipReader.open(dir)) {
            return assertThatThrownBy(() -> ClipSegmentation.run(reader, tracker, "fake", MODEL, (r, f) -> {}));
        }
    }

    @Test
    void aFrameThatFailsDoesNotStopTheClip() throws Exception {
        Path dir = SyntheticClips.pngFolder(tmp.resolve("frames"), 6);

        Recorded run = run(dir, everythingBut(3, f -> {
            throw new StageException("model fault on purpose");
        }));

        ClipSegmentation.Summary summary = run.summary();
        List<ClipSegmentation.FrameResult> results = run.results();
        assertThat(summary.frames()).isEqualTo(6);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.millis()).hasSize(6);
        assertThat(results).extracting(ClipSegmentation.FrameResult::index).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(results.get(3).outcome()).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed<FrameMask>) results.get(3).outcome()).message()).contains("frame 3", "model fault");
        assertThat(results.get(4).outcome().isDone()).isTrue();
        assertThat(run.hadFrame()).containsOnly(true);
    }

    @Test
    void aCorruptFrameMidClipIsRecordedAsFailedWithoutAPicture() throws Exception {
        Path dir = SyntheticClips.pngFolder(tmp.resolve("frames"), 4);
        Files.write(dir.resolve("00002.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0});

        Recorded run = run(dir, ClipSegmentationTest::everything);

        List<ClipSegmentation.FrameResult> results = run.results();
        assertThat(results).hasSize(4);
        assertThat(results.get(2).outcome()).isInstanceOf(Outcome.Failed.class);
        assertThat(results.get(2).timestampMicros()).isEqualTo(Math.round(2 * 1e6 / ClipReader.DEFAULT_FOLDER_FPS));
        assertThat(run.hadFrame()).containsExactly(true, true, false, true);
    }

    @Test
    void thePromptFrameFailingStopsTheRunWithAClearError() throws IOException {
        Path dir = SyntheticClips.pngFolder(tmp.resolve("frames"), 3);
        ClipTracker refuses = f -> {
            throw new StageException("no subject under the prompt");
        };
        runFails(dir, refuses).isInstanceOf(StageException.class).hasMessageContaining("no subject under the prompt");
        Files.writeString(dir.resolve("00000.png"), "broken");
        runFails(dir, ClipSegmentationTest::everything).isInstanceOf(StageException.class).hasMessageContaining("first frame");
    }

    @Test
    void anErrorIsNotSwallowed() throws IOException {
        Path dir = SyntheticClips.pngFolder(tmp.resolve("frames"), 3);
        runFails(dir, everythingBut(1, f -> {
            throw new OutOfMemoryError("simulated");
        })).isInstanceOf(OutOfMemoryError.class).hasMessage("simulated");
    }
}
