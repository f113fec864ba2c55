package io.phototriage.models.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.testing.NeedsNatives;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The poster frame of a real clip ({@code ../shared/data/video/bedroom.mp4}, H.264 960x540) and the failure cases. */
class VideoPosterTest {
    private static final Path CLIP = Path.of(System.getProperty("phototriage.shared")).resolve("data/video/bedroom.mp4");

    @TempDir
    Path tmp;

    @Test
    @NeedsNatives
    void firstFrameOfAnH264ClipHasTheVideoSizeAndRealContent() throws IOException {
        BufferedImage poster = VideoPoster.firstFrame(CLIP);

        assertThat(poster.getWidth()).isEqualTo(960);
        assertThat(poster.getHeight()).isEqualTo(540);
        // a real frame, not a blank buffer: pixels differ across the image
        long distinct = java.util.stream.IntStream.range(0, 64)
                .map(i -> poster.getRGB(i * 15 % 960, i * 8 % 540)).distinct().count();
        assertThat(distinct).isGreaterThan(20);
    }

    @Test
    @NeedsNatives
    void aTruncatedOrFakeVideoIsAnIoExceptionNamingWhy() throws IOException {
        Path fake = tmp.resolve("fake.mp4");
        Files.writeString(fake, "this is not a video");
        Path cut = tmp.resolve("cut.mp4");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(CLIP), 2000));

        assertThatThrownBy(() -> VideoPoster.firstFrame(fake)).isInstanceOf(IOException.class).hasMessageContaining("video");
        assertThatThrownBy(() -> VideoPoster.firstFrame(cut)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> VideoPoster.firstFrame(tmp.resolve("missing.mov"))).isInstanceOf(IOException.class)
                .hasMessageContaining("missing.mov");
    }

    /** A 3x2 image whose top-left pixel is marked; where it lands after each display rotation (counter-clockwise). */
    @ParameterizedTest(name = "rotation {0}")
    @CsvSource({"0, 3, 2, 0, 0", "-90, 2, 3, 1, 0", "90, 2, 3, 0, 2", "180, 3, 2, 2, 1", "-180, 3, 2, 2, 1", "270, 2, 3, 1, 0"})
    void displayRotationTurnsTheFrameUpright(double rotation, int width, int height, int markX, int markY) {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xFF0000);

        BufferedImage out = VideoPoster.upright(image, rotation);

        assertThat(out.getWidth()).isEqualTo(width);
        assertThat(out.getHeight()).isEqualTo(height);
        assertThat(out.getRGB(markX, markY) & 0xFFFFFF).isEqualTo(0xFF0000);
    }
}
