package io.phototriage.models.video;

import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * The poster frame of a video file: its first decodable frame, through JavaCV's {@link FFmpegFrameGrabber}, turned
 * upright by the stream's display rotation (phones record portrait video as landscape frames plus a rotation).
 * This is what the folder driver shows for a video on a drive; triaging videos themselves is the video path (#14).
 *
 * <p>The first call lowers FFmpeg's process-wide log level to errors (the grabber prints every stream's
 * layout otherwise).
 *
 * <p>Thread-safe: every call opens and closes its own grabber.
 */
public final class VideoPoster {
    /** How many frames are tried before giving up (a stream may start with frames that do not decode). */
    public static final int MAX_FRAMES = 120;

    private static volatile boolean quiet;

    /**
     * FFmpegFrameGrabber dumps the stream layout at INFO level on every open: noise in the middle of a progress bar.
     * Lowered to errors on first use (not at class loading, so {@link #upright} needs no natives).
     */
    static void quietLogs() {
        if (!quiet) {
            if (org.bytedeco.ffmpeg.global.avutil.av_log_get_level() > org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR) {
                org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
            }
            quiet = true;
        }
    }

    private VideoPoster() {}

    /**
     * The first decodable frame of {@code video}, upright.
     *
     * @param video a video file (MP4, MOV, ...); it is only read
     * @return a copy of the frame in RGB
     * @throws IOException if the file cannot be opened as a video or none of its first {@link #MAX_FRAMES} frames
     *                     decodes; the message says which
     */
    public static BufferedImage firstFrame(Path video) throws IOException {
        Objects.requireNonNull(video, "video");
        if (!Files.isRegularFile(video)) {
            throw new IOException("not a readable file: " + video.getFileName());
        }
        quietLogs();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
                Java2DFrameConverter converter = new Java2DFrameConverter()) {
            try {
                grabber.start();
            } catch (FrameGrabber.Exception e) {
                throw new IOException("not a video FFmpeg can open (" + e.getMessage() + ")", e);
            }
            if (grabber.getVideoStream() < 0 && grabber.getImageWidth() <= 0) {
                throw new IOException("the file has no video stream");
            }
            double rotation = grabber.getDisplayRotation();
            for (int i = 0; i < MAX_FRAMES; i++) {
                Frame frame = grabber.grabImage();
                if (frame == null) {
                    break;
                }
                BufferedImage image = converter.convert(frame);
                if (image != null) {
                    return upright(ClipReader.rgb(image), rotation);
                }
            }
            throw new IOException("none of the first " + MAX_FRAMES + " frames could be decoded");
        } catch (FrameGrabber.Exception e) {
            throw new IOException("cannot read the video (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Applies a display matrix rotation the way the {@code ffmpeg} command line's autorotate does: the matrix angle
     * is counter-clockwise, so the frame is turned clockwise by its negation.
     *
     * @param image    the decoded frame
     * @param rotation {@link FFmpegFrameGrabber#getDisplayRotation()}, degrees counter-clockwise
     * @return the upright frame ({@code image} itself when no quarter turn applies)
     */
    static BufferedImage upright(BufferedImage image, double rotation) {
        long clockwise = Math.floorMod(Math.round(-rotation / 90.0), 4);
        if (clockwise == 0) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = clockwise % 2 == 1;
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        AffineTransform t = new AffineTransform();
        if (clockwise == 1) {
            t.translate(h, 0);
        } else if (clockwise == 2) {
            t.translate(w, h);
        } else {
            t.translate(0, w);
        }
        t.rotate(Math.toRadians(90.0 * clockwise));
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, t, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
