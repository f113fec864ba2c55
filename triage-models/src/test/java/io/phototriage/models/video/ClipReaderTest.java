package io.phototriage.models.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.core.video.VideoFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clip input: video files through FFmpeg, folders of frames, and what is refused. */
class ClipReaderTest {
    @TempDir
    Path tmp;

    @Test
    @NeedsNatives
    void readsEveryFrameOfAnMp4InOrderWithFrameRateAndTimestamps() throws IOException {
        Path clip = SyntheticClips.mp4(tmp.resolve("moving square.mp4"), 8, 10);

        List<VideoFrame> frames;
        try (ClipReader reader = ClipReader.open(clip)) {
            assertThat(reader.info().kind()).isEqualTo("video");
            assertThat(reader.info().width()).isEqualTo(SyntheticClips.WIDTH);
            assertThat(reader.info().height()).isEqualTo(SyntheticClips.HEIGHT);
            assertThat(reader.info().fps()).isEqualTo(10.0);
            assertThat(reader.info().rotation()).isZero();
            frames = SyntheticClips.readAll(reader);
        }

        assertThat(frames).hasSize(8);
        for (int i = 0; i < frames.size(); i++) {
            VideoFrame f = frames.get(i);
            assertThat(f.index()).isEqualTo(i);
            assertThat(f.timestampMicros()).isEqualTo(i * 100_000L);
            // the red square's centre is red after the lossy round trip, the corner stays blue
            int centre = f.image().getRGB(4 * i + SyntheticClips.SQUARE / 2, 16 + SyntheticClips.SQUARE / 2);
            assertThat((centre >> 16) & 0xff).isGreaterThan(180);
            assertThat(centre & 0xff).isLessThan(80);
            assertThat(f.image().getRGB(SyntheticClips.WIDTH - 1, 0) & 0xff).isGreaterThan(150);
        }
    }

    @Test
    void readsAFramesFolderInNameOrderAndGoesOnAfterACorruptFrame() throws IOException {
        Path dir = SyntheticClips.pngFolder(tmp.resolve("frames"), 5);
        Files.writeString(dir.resolve("00002.png"), "not a png");
        Files.writeString(dir.resolve("notes.txt"), "ignored");

        List<Integer> read = new ArrayList<>();
        List<Integer> failed = new ArrayList<>();
        try (ClipReader reader = ClipReader.open(dir, 12.5)) {
            assertThat(reader.info().kind()).isEqualTo("frames");
            assertThat(reader.info().frameCount()).isEqualTo(5);
            while (reader.hasNext()) {
                try {
                    VideoFrame f = reader.next();
                    read.add(f.index());
                    assertThat(f.timestampMicros()).isEqualTo(f.index() * 80_000L);
                    assertThat(f.image().getRGB(4 * f.index() + 1, 17) & 0xffffff).isEqualTo(0xE61414);
                } catch (ClipReader.FrameReadException e) {
                    failed.add(e.index());
                    assertThat(e).hasMessageContaining("00002.png");
                }
            }
            assertThatThrownBy(reader::next).isInstanceOf(NoSuchElementException.class);
        }
        assertThat(read).containsExactly(0, 1, 3, 4);
        assertThat(failed).containsExactly(2);
    }

    @Test
    void aFrameOfAnotherSizeInAFolderFailsThatFrameOnly() throws IOException {
        Path dir = SyntheticClips.pngFolder(tmp.resolve("frames"), 3);
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(10, 10, java.awt.image.BufferedImage.TYPE_INT_RGB), "png",
                dir.resolve("00001.png").toFile());
        try (ClipReader reader = ClipReader.open(dir)) {
            assertThat(reader.next().index()).isZero();
            assertThatThrownBy(reader::next).isInstanceOf(ClipReader.FrameReadException.class).hasMessageContaining("10x10");
            assertThat(reader.next().index()).isEqualTo(2);
        }
    }

    @Test
    @NeedsNatives
    void notAVideoAnEmptyFolderAndAMissingPathAreClearErrors() throws IOException {
        Path fake = Files.writeString(tmp.resolve("fake.mp4"), "this is not a video");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("readme.txt"), "no frames here");

        assertThatThrownBy(() -> ClipReader.open(fake)).isInstanceOf(IOException.class).hasMessageContaining("not a video");
        assertThatThrownBy(() -> ClipReader.open(empty)).isInstanceOf(IOException.class).hasMessageContaining("no frames");
        assertThatThrownBy(() -> ClipReader.open(tmp.resolve("missing.mov"))).isInstanceOf(IOException.class)
                .hasMessageContaining("missing.mov");
    }

    @Test
    @NeedsNatives
    void aClipWithoutFramesEndsAtOnce() throws IOException {
        Path clip = SyntheticClips.mp4(tmp.resolve("none.mp4"), 0, 10);
        // FFmpeg may refuse the empty container outright or open it and find no frame: both are clear
        try (ClipReader reader = ClipReader.open(clip)) {
            assertThatThrownBy(reader::next).isInstanceOf(NoSuchElementException.class);
        } catch (IOException e) {
            assertThat(e).hasMessageContaining("none.mp4");
        }
    }
}
