package io.phototriage.models.video;

import io.phototriage.core.Photo;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.image.PhotoDecodeException;
import io.phototriage.core.stage.Closeables;
import io.phototriage.core.video.VideoFrame;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.stream.Stream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Reads a clip frame by frame, lazily: a video file (MP4, MOV, WebM, anything FFmpeg demuxes) through JavaCV's
 * {@link FFmpegFrameGrabber}, or a folder of frames (PNG/JPEG files, in file-name order). Only the current frame is
 * held, so a clip of any length reads in constant memory. Frames come upright: a video's display rotation (phones
 * record portrait as landscape plus a rotation) is applied as {@link VideoPoster} does.
 *
 * <p>{@link #next()} returns the next frame, or throws {@link FrameReadException} for a frame that does not decode
 * (a corrupt JPEG in a folder, a packet FFmpeg rejects): the reader stays usable and the next call reads the frame
 * after it. The clip's frames keep their indices (a failed frame's index is not reused).
 *
 * <p>Not thread-safe: one clip, one thread. Close it to free the grabber's native memory.
 */
public final class ClipReader implements AutoCloseable {
    /** The file extensions read as frames in a folder (lower case). */
    public static final List<String> FRAME_EXTENSIONS = List.of("png", "jpg", "jpeg");
    /** Frame rate given to a folder of frames when none is set. */
    public static final double DEFAULT_FOLDER_FPS = 24.0;
    /** How many undecodable frames in a row end a video (FFmpeg keeps failing at a broken tail). */
    static final int MAX_FAILURES_IN_A_ROW = 30;

    /**
     * What is known about the clip before its frames are read.
     *
     * @param source      the file or folder
     * @param kind        {@code video} or {@code frames}
     * @param width       upright frame width in pixels
     * @param height      upright frame height in pixels
     * @param fps         frames per second (the stream's, or the one given for a folder)
     * @param frameCount  frames announced by the container or files in the folder; may be off for a video (a
     *                    container estimate) and is -1 when unknown
     * @param rotation    display rotation applied, degrees counter-clockwise (0 for a folder)
     * @param codec       the video codec's name, or {@code ""} for a folder
     */
    public record ClipInfo(Path source, String kind, int width, int height, double fps, int frameCount, double rotation,
            String codec) {
        /**
         * Checks the values.
         *
         * @param source     the file or folder
         * @param kind       {@code video} or {@code frames}
         * @param width      frame width
         * @param height     frame height
         * @param fps        frames per second
         * @param frameCount frames announced, or -1
         * @param rotation   display rotation applied
         * @param codec      the codec, or {@code ""}
         */
        public ClipInfo {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(codec, "codec");
            if (width <= 0 || height <= 0) {
                throw new IllegalArgumentException("frame size must be positive: " + width + "x" + height);
            }
            if (!(fps > 0)) {
                throw new IllegalArgumentException("frame rate must be positive: " + fps);
            }
        }
    }

    /** A frame of the clip that could not be decoded; the reader goes on with the next one. */
    public static final class FrameReadException extends IOException {
        private static final long serialVersionUID = 1L;
        /** The failed frame's index in the clip. */
        private final int index;

        /**
         * A frame that failed.
         *
         * @param index   the frame's index in the clip
         * @param message what went wrong
         * @param cause   the underlying failure, or null
         */
        public FrameReadException(int index, String message, Throwable cause) {
            super("frame " + index + ": " + message, cause);
            this.index = index;
        }

        /**
         * The failed frame's index.
         *
         * @return its position in the clip, from 0
         */
        public int index() {
            return index;
        }
    }

    private final ClipInfo info;
    private final Source source;
    private int nextIndex;

    private ClipReader(ClipInfo info, Source source) {
        this.info = info;
        this.source = source;
    }

    /**
     * Opens a video file or a folder of frames ({@value #DEFAULT_FOLDER_FPS} fps for a folder).
     *
     * @param clip a video file or a folder of PNG/JPEG frames
     * @return the reader, positioned before the first frame
     * @throws IOException if the path is missing, not a video FFmpeg can open, has no video stream, or is a folder
     *                     without frames; the message says which
     */
    public static ClipReader open(Path clip) throws IOException {
        return open(clip, DEFAULT_FOLDER_FPS);
    }

    /**
     * Opens a video file or a folder of frames.
     *
     * @param clip      a video file or a folder of PNG/JPEG frames
     * @param folderFps the frame rate of a folder of frames (ignored for a video, whose stream says)
     * @return the reader, positioned before the first frame
     * @throws IOException if the path is missing, not a video FFmpeg can open, has no video stream, or is a folder
     *                     without frames; the message says which
     */
    public static ClipReader open(Path clip, double folderFps) throws IOException {
        Objects.requireNonNull(clip, "clip");
        if (Files.isDirectory(clip)) {
            return openFolder(clip, folderFps);
        }
        if (!Files.isRegularFile(clip)) {
            throw new IOException("no such video file or frames folder: " + clip);
        }
        return openVideo(clip);
    }

    /**
     * The clip's size, frame rate, announced length and rotation.
     *
     * @return what was read from the container or folder
     */
    public ClipInfo info() {
        return info;
    }

    /**
     * Whether another frame may follow. For a video this is known only by reading: it returns true until a read
     * found the end (then {@link #next()} throws {@link NoSuchElementException}).
     *
     * @return false once the clip is exhausted
     */
    public boolean hasNext() {
        return source.hasNext(nextIndex);
    }

    /**
     * Reads the next frame.
     *
     * @return the frame, upright, with its index and timestamp; its pixels are a copy the caller may keep
     * @throws FrameReadException     if this frame does not decode (the next call reads the one after)
     * @throws NoSuchElementException if the clip has no more frames
     * @throws IOException            if the clip cannot be read any further (the message says why)
     */
    public VideoFrame next() throws IOException {
        int index = nextIndex;
        try {
            VideoFrame frame = source.read(index);
            if (frame == null) {
                throw new NoSuchElementException("the clip has no frame " + index);
            }
            return frame;
        } finally {
            if (source.advanced(index)) {
                nextIndex = index + 1;
            }
        }
    }

    /**
     * The index the next frame will have.
     *
     * @return how many frames were read or failed so far
     */
    public int position() {
        return nextIndex;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    /** Where frames come from. */
    private interface Source extends AutoCloseable {
        boolean hasNext(int index);

        /** The frame at {@code index}, or null at the end. */
        VideoFrame read(int index) throws IOException;

        /** Whether reading {@code index} consumed a frame (even a failed one), so the index moves on. */
        boolean advanced(int index);

        @Override
        void close() throws IOException;
    }

    private static ClipReader openFolder(Path folder, double fps) throws IOException {
        if (!(fps > 0)) {
            throw new IllegalArgumentException("the frame rate of a frames folder must be positive: " + fps);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(Files::isRegularFile).filter(ClipReader::isFrameFile).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException("the folder " + folder + " holds no frames (" + String.join(", ", FRAME_EXTENSIONS)
                    + " files); a clip needs at least one");
        }
        // The size comes from the first frame that decodes.
        ImageIoPhotoDecoder decoder = ImageIoPhotoDecoder.defaults();
        BufferedImage first = null;
        for (Path f : files) {
            try {
                first = decoder.decode(Photo.of(f)).image();
                break;
            } catch (PhotoDecodeException e) {
                // keep looking; this frame fails again when it is read
            }
        }
        if (first == null) {
            throw new IOException("none of the " + files.size() + " frames in " + folder + " decodes");
        }
        ClipInfo info = new ClipInfo(folder, "frames", first.getWidth(), first.getHeight(), fps, files.size(), 0, "");
        return new ClipReader(info, new FolderSource(files, info, decoder));
    }

    static boolean isFrameFile(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 && !name.startsWith(".") && FRAME_EXTENSIONS.contains(name.substring(dot + 1));
    }

    private static final class FolderSource implements Source {
        private final List<Path> files;
        private final ClipInfo info;
        private final ImageIoPhotoDecoder decoder;

        FolderSource(List<Path> files, ClipInfo info, ImageIoPhotoDecoder decoder) {
            this.files = files;
            this.info = info;
            this.decoder = decoder;
        }

        @Override
        public boolean hasNext(int index) {
            return index < files.size();
        }

        @Override
        public VideoFrame read(int index) throws IOException {
            if (index >= files.size()) {
                return null;
            }
            Path file = files.get(index);
            BufferedImage image;
            try {
                image = decoder.decode(Photo.of(file)).image();
            } catch (PhotoDecodeException | RuntimeException e) {
                throw new FrameReadException(index, file.getFileName() + " does not decode: " + e.getMessage(), e);
            }
            if (image.getWidth() != info.width() || image.getHeight() != info.height()) {
                throw new FrameReadException(index, file.getFileName() + " is " + image.getWidth() + "x" + image.getHeight()
                        + ", the clip's frames are " + info.width() + "x" + info.height(), null);
            }
            return new VideoFrame(index, Math.round(index * 1_000_000.0 / info.fps()), rgb(image));
        }

        @Override
        public boolean advanced(int index) {
            return index < files.size();
        }

        @Override
        public void close() {}
    }

    private static ClipReader openVideo(Path file) throws IOException {
        VideoPoster.quietLogs();
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        try {
            try {
                grabber.start();
            } catch (FrameGrabber.Exception e) {
                throw new IOException("not a video FFmpeg can open: " + file.getFileName() + " (" + e.getMessage() + ")", e);
            }
            if (grabber.getVideoStream() < 0 || grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
                throw new IOException(file.getFileName() + " has no video stream");
            }
            double rotation = grabber.getDisplayRotation();
            long quarter = Math.floorMod(Math.round(-rotation / 90.0), 4);
            int w = grabber.getImageWidth();
            int h = grabber.getImageHeight();
            double fps = grabber.getFrameRate();
            if (!(fps > 0) || Double.isInfinite(fps)) {
                fps = DEFAULT_FOLDER_FPS;
            }
            int frames = grabber.getLengthInVideoFrames();
            ClipInfo info = new ClipInfo(file, "video", quarter % 2 == 1 ? h : w, quarter % 2 == 1 ? w : h, fps,
                    frames > 0 ? frames : -1, rotation, String.valueOf(grabber.getVideoCodecName()));
            return new ClipReader(info, new VideoSource(grabber, info));
        } catch (IOException | RuntimeException e) {
            Closeables.closeAfterFailure(e, List.of(grabber));
            throw e;
        }
    }

    private static final class VideoSource implements Source {
        private final FFmpegFrameGrabber grabber;
        private final Java2DFrameConverter converter = new Java2DFrameConverter();
        private final ClipInfo info;
        private boolean ended;
        private boolean consumed;
        private int failuresInARow;

        VideoSource(FFmpegFrameGrabber grabber, ClipInfo info) {
            this.grabber = grabber;
            this.info = info;
        }

        @Override
        public boolean hasNext(int index) {
            return !ended;
        }

        @Override
        public VideoFrame read(int index) throws IOException {
            consumed = false;
            if (ended) {
                return null;
            }
            Frame frame;
            try {
                frame = grabber.grabImage();
            } catch (FrameGrabber.Exception e) {
                consumed = true;
                if (++failuresInARow >= MAX_FAILURES_IN_A_ROW) {
                    ended = true;
                }
                throw new FrameReadException(index, "FFmpeg cannot decode it (" + e.getMessage() + ")", e);
            }
            if (frame == null) {
                ended = true;
                return null;
            }
            consumed = true;
            BufferedImage image = converter.convert(frame);
            if (image == null) {
                throw new FrameReadException(index, "the decoded frame has no picture", null);
            }
            failuresInARow = 0;
            BufferedImage upright = VideoPoster.upright(rgb(image), info.rotation());
            long timestamp = frame.timestamp >= 0 ? frame.timestamp : Math.round(index * 1_000_000.0 / info.fps());
            return new VideoFrame(index, timestamp, upright);
        }

        @Override
        public boolean advanced(int index) {
            return consumed;
        }

        @Override
        public void close() throws IOException {
            try {
                converter.close();
            } finally {
                try {
                    grabber.close();
                } catch (FrameGrabber.Exception e) {
                    throw new IOException("cannot close the video: " + e.getMessage(), e);
                }
            }
        }
    }

    /** A copy in {@code TYPE_INT_RGB}: the converter reuses its buffer, and the models read RGB. */
    static BufferedImage rgb(BufferedImage image) {
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }
}
