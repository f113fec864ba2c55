package io.phototriage.models.video;

import static org.assertj.core.api.Assertions.assertThat;

import io.phototriage.core.image.StyleInputs;
import io.phototriage.core.stage.Mask;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.core.video.VideoFrame;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cut-out MP4 (read back through the clip reader) and the animated GIF preview. */
class CutoutOutputsTest {
    @TempDir
    Path tmp;

    private static Mask squareMask(int i) {
        boolean[] v = new boolean[SyntheticClips.WIDTH * SyntheticClips.HEIGHT];
        for (int y = 16; y < 16 + SyntheticClips.SQUARE; y++) {
            for (int x = 4 * i; x < 4 * i + SyntheticClips.SQUARE; x++) {
                v[y * SyntheticClips.WIDTH + x] = true;
            }
        }
        return Mask.of(SyntheticClips.WIDTH, SyntheticClips.HEIGHT, v);
    }

    @Test
    @NeedsNatives
    void cutoutClipHasEveryFrameAtTheSameRateWithGreyAroundTheSubject() throws IOException {
        Path file = tmp.resolve("cutout.mp4");
        String codec;
        try (CutoutVideoWriter writer = CutoutVideoWriter.open(file, SyntheticClips.WIDTH, SyntheticClips.HEIGHT, 12)) {
            codec = writer.codec();
            for (int i = 0; i < 6; i++) {
                writer.write(SyntheticClips.frame(i), squareMask(i));
            }
        }
        // the bundled FFmpeg carries OpenH264: the cut-out is H.264
        assertThat(codec).isEqualTo(CutoutVideoWriter.H264);

        List<VideoFrame> frames;
        try (ClipReader reader = ClipReader.open(file)) {
            assertThat(reader.info().fps()).isEqualTo(12.0);
            assertThat(reader.info().codec()).isEqualTo("h264");
            frames = SyntheticClips.readAll(reader);
        }
        assertThat(frames).hasSize(6);
        VideoFrame last = frames.get(5);
        int inside = last.image().getRGB(20 + 6, 16 + 6);
        int outside = last.image().getRGB(2, 2);
        assertThat((inside >> 16) & 0xff).isGreaterThan(180);
        for (int shift : new int[] {0, 8, 16}) {
            assertThat((outside >> shift) & 0xff).isBetween(0x80 - 12, 0x80 + 12);
        }
    }

    @Test
    void compositeKeepsMaskPixelsAndPaintsTheRestGrey() {
        BufferedImage out = CutoutVideoWriter.composite(SyntheticClips.frame(1), squareMask(1));
        assertThat(out.getRGB(4 + 1, 17) & 0xffffff).isEqualTo(0xE61414);
        assertThat(out.getRGB(0, 0) & 0xffffff).isEqualTo(StyleInputs.BACKGROUND);
        assertThat(CutoutVideoWriter.composite(SyntheticClips.frame(1), null).getRGB(5, 17) & 0xffffff)
                .isEqualTo(StyleInputs.BACKGROUND);
    }

    @Test
    void gifPreviewSamplesFramesDownToTheCapAndScalesThem() throws IOException {
        GifPreview preview = new GifPreview(20, 10, 5, 32);
        for (int i = 0; i < 20; i++) {
            preview.offer(i, SyntheticClips.frame(i % 10));
        }
        assertThat(preview.size()).isEqualTo(5);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        preview.writeTo(bytes);

        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            reader.setInput(in);
            assertThat(reader.getNumImages(true)).isEqualTo(5);
            assertThat(reader.getWidth(0)).isEqualTo(32);
            assertThat(reader.getHeight(0)).isEqualTo(24);
        } finally {
            reader.dispose();
        }
    }
}
