package io.phototriage.models.video;

import io.phototriage.core.image.StyleInputs;
import io.phototriage.core.stage.Mask;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Writes the cut-out clip: every frame's subject over a neutral mid-grey background ({@link StyleInputs#BACKGROUND}),
 * as an MP4 at the clip's frame rate through JavaCV's {@link FFmpegFrameRecorder}. The codec is H.264 through
 * OpenH264 ({@code libopenh264}, which the bundled FFmpeg carries; its LGPL build has no x264) when it opens, else
 * MPEG-4 Part 2; {@link #codec()} says which. An odd frame size is padded by one grey column or row (4:2:0 needs
 * even sizes).
 *
 * <p>Not thread-safe. Close it to finish the file; a writer that was not closed leaves a file without its index.
 */
public final class CutoutVideoWriter implements AutoCloseable {
    /** The H.264 encoder tried first. */
    public static final String H264 = "libopenh264";
    /** The fallback encoder's name as {@link #codec()} reports it. */
    public static final String MPEG4 = "mpeg4";

    private final FFmpegFrameRecorder recorder;
    private final Java2DFrameConverter converter = new Java2DFrameConverter();
    private final String codec;
    private final int width;
    private final int height;
    private final int paddedWidth;
    private final int paddedHeight;

    private CutoutVideoWriter(FFmpegFrameRecorder recorder, String codec, int width, int height) {
        this.recorder = recorder;
        this.codec = codec;
        this.width = width;
        this.height = height;
        this.paddedWidth = recorder.getImageWidth();
        this.paddedHeight = recorder.getImageHeight();
    }

    /**
     * Starts an MP4 file.
     *
     * @param file   the file to write (overwritten)
     * @param width  frame width in pixels
     * @param height frame height in pixels
     * @param fps    frames per second
     * @return the writer; close it to finish the file
     * @throws IOException if neither encoder can be opened for this file
     */
    public static CutoutVideoWriter open(Path file, int width, int height, double fps) throws IOException {
        Objects.requireNonNull(file, "file");
        if (width <= 0 || height <= 0 || !(fps > 0)) {
            throw new IllegalArgumentException("bad clip geometry " + width + "x" + height + " at " + fps + " fps");
        }
        VideoPoster.quietLogs();
        IOException first = null;
        for (String codec : new String[] {H264, MPEG4}) {
            FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width + width % 2, height + height % 2, 0);
            recorder.setFormat("mp4");
            recorder.setFrameRate(fps);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            if (codec.equals(H264)) {
                recorder.setVideoCodecName(H264);
                recorder.setVideoBitrate(Math.max(400_000, width * height * 4));
            } else {
                recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
                recorder.setVideoQuality(4);
            }
            try {
                recorder.start();
                return new CutoutVideoWriter(recorder, codec, width, height);
            } catch (FrameRecorder.Exception | RuntimeException e) {
                IOException failure = new IOException("cannot open the " + codec + " encoder for " + file.getFileName() + ": "
                        + e.getMessage(), e);
                try {
                    recorder.release();
                } catch (FrameRecorder.Exception suppressed) {
                    failure.addSuppressed(suppressed);
                }
                if (first == null) {
                    first = failure;
                } else {
                    first.addSuppressed(failure);
                }
            }
        }
        throw first;
    }

    /**
     * The encoder in use.
     *
     * @return {@value #H264} (H.264) or {@value #MPEG4} (MPEG-4 Part 2)
     */
    public String codec() {
        return codec;
    }

    /**
     * Appends one frame: the subject's pixels of {@code frame} where {@code mask} is set, grey elsewhere.
     *
     * @param frame the frame, the clip's size
     * @param mask  its subject mask, the same size (null: nothing of the frame shows, e.g. a frame that failed)
     * @throws IOException if the encoder fails
     */
    public void write(BufferedImage frame, Mask mask) throws IOException {
        if (frame.getWidth() != width || frame.getHeight() != height) {
            throw new IllegalArgumentException("frame is " + frame.getWidth() + "x" + frame.getHeight() + ", the clip is "
                    + width + "x" + height);
        }
        try {
            recorder.record(converter.convert(composite(frame, mask, paddedWidth, paddedHeight)));
        } catch (FrameRecorder.Exception e) {
            throw new IOException("the " + codec + " encoder failed: " + e.getMessage(), e);
        }
    }

    /**
     * The cut-out over mid-grey at the frame's size (the picture each frame of the clip shows).
     *
     * @param frame the frame
     * @param mask  its mask, or null for an all-grey picture
     * @return a new {@code TYPE_3BYTE_BGR} image
     */
    public static BufferedImage composite(BufferedImage frame, Mask mask) {
        return composite(frame, mask, frame.getWidth(), frame.getHeight());
    }

    /**
     * The cut-out over mid-grey, on a canvas of {@code canvasWidth x canvasHeight} (at least the frame's size).
     *
     * @param frame        the frame
     * @param mask         its mask, or null for an all-grey picture
     * @param canvasWidth  output width
     * @param canvasHeight output height
     * @return a new {@code TYPE_3BYTE_BGR} image
     */
    static BufferedImage composite(BufferedImage frame, Mask mask, int canvasWidth, int canvasHeight) {
        int w = frame.getWidth();
        int h = frame.getHeight();
        if (mask != null && (mask.width() != w || mask.height() != h)) {
            throw new IllegalArgumentException("mask is " + mask.width() + "x" + mask.height() + ", frame is " + w + "x" + h);
        }
        BufferedImage out = new BufferedImage(canvasWidth, canvasHeight, BufferedImage.TYPE_3BYTE_BGR);
        int[] row = new int[canvasWidth];
        java.util.BitSet bits = mask == null ? new java.util.BitSet() : mask.bits();
        int[] src = new int[w];
        for (int y = 0; y < canvasHeight; y++) {
            java.util.Arrays.fill(row, StyleInputs.BACKGROUND);
            if (y < h) {
                frame.getRGB(0, y, w, 1, src, 0, w);
                int base = y * w;
                for (int x = bits.nextSetBit(base); x >= 0 && x < base + w; x = bits.nextSetBit(x + 1)) {
                    row[x - base] = src[x - base];
                }
            }
            out.setRGB(0, y, canvasWidth, 1, row, 0, canvasWidth);
        }
        return out;
    }

    /** Finishes the file (writes the MP4 index) and frees the encoder. */
    @Override
    public void close() throws IOException {
        try {
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("cannot finish the cut-out video: " + e.getMessage(), e);
        } finally {
            try {
                recorder.release();
            } catch (FrameRecorder.Exception e) {
                // stop() already reported the failure that matters
            }
            converter.close();
        }
    }
}
