package io.phototriage.models.video;

import java.awt.Color;
import java.awt.Graphics2D;
import io.phototriage.core.video.VideoFrame;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/** Tiny clips made in the test: a red square moving right over a blue background, written as MP4 or PNG frames. */
final class SyntheticClips {
    static final int WIDTH = 64;
    static final int HEIGHT = 48;
    static final int SQUARE = 12;

    private SyntheticClips() {}

    /**
     * Every frame the reader has left, in order. A video may only find out at the end that it has no more frames
     * ({@link NoSuchElementException} after {@code hasNext()}): that ends the list.
     */
    static List<VideoFrame> readAll(ClipReader reader) throws IOException {
        List<VideoFrame> frames = new ArrayList<>();
        while (reader.hasNext()) {
            try {
                frames.add(reader.next());
            } catch (NoSuchElementException end) {
                break;
            }
        }
        return frames;
    }

    /** Frame {@code i}: blue, with a red square at ({@code 4 i}, 16). */
    static BufferedImage frame(int i) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(20, 40, 200));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(new Color(230, 20, 20));
        g.fillRect(4 * i, 16, SQUARE, SQUARE);
        g.dispose();
        return image;
    }

    /** An MPEG-4 clip of {@code frames} frames at {@code fps} (MPEG-4 Part 2: every FFmpeg build has its encoder). */
    static Path mp4(Path file, int frames, double fps) throws IOException {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), WIDTH, HEIGHT, 0);
                Java2DFrameConverter converter = new Java2DFrameConverter()) {
            recorder.setFormat("mp4");
            recorder.setFrameRate(fps);
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setVideoQuality(2);
            recorder.start();
            for (int i = 0; i < frames; i++) {
                BufferedImage bgr = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
                bgr.getGraphics().drawImage(frame(i), 0, 0, null);
                recorder.record(converter.convert(bgr));
            }
            recorder.stop();
        }
        return file;
    }

    /** A folder of PNG frames {@code 00000.png ...}. */
    static Path pngFolder(Path dir, int frames) throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < frames; i++) {
            ImageIO.write(frame(i), "png", dir.resolve(String.format("%05d.png", i)).toFile());
        }
        return dir;
    }
}
