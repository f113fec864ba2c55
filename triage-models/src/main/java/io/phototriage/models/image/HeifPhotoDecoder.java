package io.phototriage.models.image;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AV1;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AV_STREAM_GROUP_PARAMS_TILE_GRID;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entry;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_DEFAULT;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.image.AutoPhotoDecoder;
import io.phototriage.core.image.DecodeOptions;
import io.phototriage.core.image.ExifOrientation;
import io.phototriage.core.image.PhotoDecodeException;
import io.phototriage.core.image.PhotoDecoder;
import io.phototriage.core.image.RawPreviewDecoder;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIndexEntry;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avformat.AVStreamGroup;
import org.bytedeco.ffmpeg.avformat.AVStreamGroupTileGrid;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Decodes HEIC/HEIF (HEVC) and AVIF (AV1) photos at full resolution through FFmpeg's libavformat and libavcodec
 * (JavaCV's FFmpeg preset), which no Java 17 ImageIO plug-in does offline.
 *
 * <p>JavaCV's {@code FFmpegFrameGrabber} returns one 512x512 tile or the thumbnail of a phone's HEIC, never the
 * photo: the primary item of an iPhone HEIC is a <em>grid</em> of HEVC tiles. FFmpeg 8 exposes such a grid as a
 * stream group ({@code AVStreamGroupTileGrid}: the tiles' streams, each tile's offset, the coded canvas and the
 * output size). This decoder opens the file with avformat, takes the primary item (the tile-grid group or the
 * stream marked default; never a thumbnail item), decodes each tile's one packet with the HEVC or AV1 decoder
 * (libdav1d or libaom-av1 for AV1), converts it to RGB with swscale (the frame's own matrix and range) and places
 * it on the canvas, cropped to the output size.
 *
 * <p>Orientation: the {@code irot}/{@code imir} item properties, which FFmpeg exports as a display matrix, are
 * applied the way the {@code ffmpeg} command line applies them. The EXIF orientation inside a HEIF is <em>not</em>
 * applied on top: HEIF/MIAF make {@code irot}/{@code imir} the transformation and Apple writes both (the iPhone
 * sample says EXIF 6 and irot 270): applying both turns the photo twice; libheif and browsers ignore EXIF too.
 *
 * <p>Guards before any pixel is decoded: {@link DecodeOptions#checkFile}, {@link DecodeOptions#checkPixels} on the
 * output size and on the coded canvas from the header, and every tile's data must lie inside the file (a truncated
 * copy is refused naming the first missing tile). {@link DecodeOptions#targetLongSide()} is not used: the photo is
 * always decoded at full resolution (the tiles must be stitched anyway). {@link DecodedPhoto#source()} names the
 * item, e.g. {@code "HEVC grid 8x6 tiles 4032x3024"} or {@code "AV1 image 800x533"}.
 *
 * <p>Thread-safe: every call opens its own demuxer, decoder and scaler and frees them before it returns.
 */
public final class HeifPhotoDecoder implements PhotoDecoder {
    private final DecodeOptions options;

    /**
     * A decoder with {@code options}; loads the FFmpeg natives now.
     *
     * @param options size limits, target size and orientation handling
     * @throws IllegalStateException if the FFmpeg natives for this platform cannot be loaded
     */
    public HeifPhotoDecoder(DecodeOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        loadNatives();
    }

    /**
     * A decoder with {@link DecodeOptions#defaults()}.
     *
     * @return a new decoder
     * @throws IllegalStateException if the FFmpeg natives for this platform cannot be loaded
     */
    public static HeifPhotoDecoder defaults() {
        return new HeifPhotoDecoder(DecodeOptions.defaults());
    }

    /**
     * The options this decoder uses.
     *
     * @return the options given at construction
     */
    public DecodeOptions options() {
        return options;
    }

    /**
     * Whether {@code head} (a file's first bytes, 16 are enough) is HEIF or AVIF, as {@link AutoPhotoDecoder#isHeif}
     * says.
     *
     * @param head the file's first bytes
     * @return true for a HEIF/AVIF image file
     */
    public static boolean isHeif(byte[] head) {
        return AutoPhotoDecoder.isHeif(head);
    }

    /**
     * The decoder for a photographer's whole drive: an {@link AutoPhotoDecoder} that sends HEIC/AVIF here, camera
     * RAW files to a {@link RawPreviewDecoder} and everything else to an {@link OpenCvPhotoDecoder} (libjpeg scaled
     * decode when {@link DecodeOptions#targetLongSide()} asks for it, else ImageIO; RAW previews are decoded by it
     * too), all with {@code options}.
     *
     * @param options size limits, target size and orientation handling, shared by every decoder
     * @return the routing decoder
     * @throws IllegalStateException if the FFmpeg or OpenCV natives cannot be loaded
     */
    public static AutoPhotoDecoder auto(DecodeOptions options) {
        OpenCvPhotoDecoder jpeg = new OpenCvPhotoDecoder(options);
        return new AutoPhotoDecoder(options, jpeg, new RawPreviewDecoder(options, jpeg),
                Optional.of(new HeifPhotoDecoder(options)));
    }

    private static Optional<String> brand(byte[] head) {
        if (head.length < 12) {
            return Optional.empty();
        }
        String ascii = new String(head, 0, 12, StandardCharsets.ISO_8859_1);
        return ascii.startsWith("ftyp", 4) ? Optional.of(ascii.substring(8, 12)) : Optional.empty();
    }

    /** The primary image: either a grid of tiles or one coded image. */
    private record Primary(String kind, int width, int height, int codedWidth, int codedHeight, List<Tile> tiles,
            AVPacketSideData sideData, int sideDataCount) {
    }

    /** One tile (or the whole image): its stream and where its top-left lands on the output. */
    private record Tile(int stream, int x, int y) {
    }

    @Override
    public DecodedPhoto decode(Photo photo) throws PhotoDecodeException {
        Path path = photo.path();
        options.checkFile(path);
        byte[] head = head(path);
        if (!isHeif(head)) {
            throw new PhotoDecodeException(path, "not a HEIF or AVIF file"
                    + brand(head).map(b -> " (ISO media brand '" + b + "')").orElse(""));
        }
        long fileSize;
        try {
            fileSize = Files.size(path);
        } catch (IOException e) {
            throw new PhotoDecodeException(path, "cannot read the file's size (" + e.getMessage() + ")", e);
        }
        AVFormatContext fmt = new AVFormatContext(null);
        // "file:" names the protocol, so a name with a colon is never taken for another protocol's URL.
        int status = avformat_open_input(fmt, "file:" + path.toAbsolutePath(), null, null);
        if (status < 0) {
            throw new PhotoDecodeException(path, "FFmpeg cannot open it as HEIF (" + error(status) + "); the file is"
                    + " damaged or truncated: restore it from another copy");
        }
        try {
            Primary primary = primary(path, fmt);
            options.checkPixels(path, primary.width(), primary.height());
            options.checkPixels(path, primary.codedWidth(), primary.codedHeight());
            checkInsideFile(path, fmt, primary, fileSize);
            int[] canvas = decodeTiles(path, fmt, primary);
            BufferedImage stored = new BufferedImage(primary.width(), primary.height(), BufferedImage.TYPE_INT_RGB);
            int[] pixels = ((DataBufferInt) stored.getRaster().getDataBuffer()).getData();
            System.arraycopy(canvas, 0, pixels, 0, pixels.length);
            ExifOrientation orientation = orientation(primary);
            BufferedImage upright = orientation.apply(stored);
            return new DecodedPhoto(photo, upright, upright.getWidth(), upright.getHeight(),
                    Optional.of(primary.kind() + " " + primary.width() + "x" + primary.height()));
        } finally {
            avformat_close_input(fmt);
        }
    }

    private static byte[] head(Path path) throws PhotoDecodeException {
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(16);
        } catch (IOException e) {
            throw new PhotoDecodeException(path, "cannot read the file (" + e.getMessage() + ")", e);
        }
    }

    /** The tile-grid group marked default (else the first), or else the image stream marked default. */
    private static Primary primary(Path path, AVFormatContext fmt) throws PhotoDecodeException {
        AVStreamGroup grid = null;
        for (int g = 0; g < fmt.nb_stream_groups(); g++) {
            AVStreamGroup group = fmt.stream_groups(g);
            if (group.type() == AV_STREAM_GROUP_PARAMS_TILE_GRID
                    && (grid == null || (group.disposition() & AV_DISPOSITION_DEFAULT) != 0)) {
                grid = group;
            }
        }
        if (grid != null) {
            AVStreamGroupTileGrid params = grid.params_tile_grid();
            List<Tile> tiles = new ArrayList<>();
            int columns = 0;
            for (int k = 0; k < params.nb_tiles(); k++) {
                int x = params.offsets_horizontal(k) - params.horizontal_offset();
                int y = params.offsets_vertical(k) - params.vertical_offset();
                tiles.add(new Tile(grid.streams(params.offsets_idx(k)).index(), x, y));
                if (params.offsets_vertical(k) == params.offsets_vertical(0)) {
                    columns++;
                }
            }
            if (tiles.isEmpty()) {
                throw new PhotoDecodeException(path, "its image grid has no tiles; the file is damaged");
            }
            String codec = codecName(fmt.streams(tiles.get(0).stream()).codecpar());
            int rows = (tiles.size() + columns - 1) / columns;
            return new Primary(codec + " grid " + columns + "x" + rows + " tiles", params.width(), params.height(),
                    params.coded_width(), params.coded_height(), tiles, params.coded_side_data(),
                    params.nb_coded_side_data());
        }
        AVStream chosen = null;
        for (int i = 0; i < fmt.nb_streams(); i++) {
            AVStream stream = fmt.streams(i);
            if ((stream.disposition() & AV_DISPOSITION_DEFAULT) != 0) {
                chosen = stream;
                break;
            }
        }
        if (chosen == null) {
            throw new PhotoDecodeException(path, "no primary image item found (" + fmt.nb_streams() + " items, none"
                    + " marked primary); the file is damaged or not a still image");
        }
        AVCodecParameters par = chosen.codecpar();
        return new Primary(codecName(par) + " image", par.width(), par.height(), par.width(), par.height(),
                List.of(new Tile(chosen.index(), 0, 0)), par.coded_side_data(), par.nb_coded_side_data());
    }

    private static String codecName(AVCodecParameters par) {
        return par.codec_id() == AV_CODEC_ID_AV1 ? "AV1" : avcodec_get_name(par.codec_id()).getString()
                .toUpperCase(java.util.Locale.ROOT);
    }

    /** Every tile's one sample must lie inside the file: a truncated copy is refused before decoding. */
    private static void checkInsideFile(Path path, AVFormatContext fmt, Primary primary, long fileSize)
            throws PhotoDecodeException {
        int n = 0;
        for (Tile tile : primary.tiles()) {
            AVIndexEntry entry = avformat_index_get_entry(fmt.streams(tile.stream()), 0);
            if (entry == null) {
                throw new PhotoDecodeException(path, "tile " + n + " of " + primary.tiles().size() + " has no data;"
                        + " the file is damaged");
            }
            if (entry.pos() + entry.size() > fileSize) {
                String part = primary.tiles().size() == 1 ? "the image"
                        : "tile " + n + " of " + primary.tiles().size();
                throw new PhotoDecodeException(path, "the image data is truncated: " + part + " (" + entry.size()
                        + " bytes at offset " + entry.pos() + ") lies past the end of the " + fileSize + "-byte file;"
                        + " restore the file from another copy");
            }
            n++;
        }
    }

    /** Decodes every tile's packet and places it; the canvas is {@code width x height} 0x00RRGGBB. */
    private static int[] decodeTiles(Path path, AVFormatContext fmt, Primary primary) throws PhotoDecodeException {
        Map<Integer, Tile> byStream = new HashMap<>();
        for (Tile tile : primary.tiles()) {
            byStream.put(tile.stream(), tile);
        }
        for (int i = 0; i < fmt.nb_streams(); i++) {
            fmt.streams(i).discard(byStream.containsKey(i) ? org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_DEFAULT : org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL);
        }
        AVCodecParameters par = fmt.streams(primary.tiles().get(0).stream()).codecpar();
        AVCodec codec = decoderFor(par.codec_id());
        if (codec == null) {
            throw new PhotoDecodeException(path, "this FFmpeg build has no decoder for " + codecName(par));
        }
        int[] canvas = new int[primary.width() * primary.height()];
        AVCodecContext ctx = avcodec_alloc_context3(codec);
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        Map<Integer, Boolean> placed = new HashMap<>();
        try {
            check(path, avcodec_parameters_to_context(ctx, par), "decoder set-up");
            ctx.thread_count(0);
            check(path, avcodec_open2(ctx, codec, (PointerPointer<?>) null), "opening the " + codec.name().getString()
                    + " decoder");
            int status;
            while ((status = av_read_frame(fmt, packet)) >= 0) {
                try {
                    if (byStream.containsKey(packet.stream_index())) {
                        packet.pts(packet.stream_index());
                        packet.dts(packet.stream_index());
                        check(path, avcodec_send_packet(ctx, packet), "decoding tile data");
                        receive(path, ctx, frame, primary, byStream, placed, canvas);
                    }
                } finally {
                    av_packet_unref(packet);
                }
            }
            if (status != AVERROR_EOF) {
                throw new PhotoDecodeException(path, "reading the image data failed (" + error(status) + "); the file"
                        + " is damaged or truncated: restore it from another copy");
            }
            check(path, avcodec_send_packet(ctx, null), "flushing the decoder");
            receive(path, ctx, frame, primary, byStream, placed, canvas);
        } finally {
            av_frame_free(frame);
            av_packet_free(packet);
            avcodec_free_context(ctx);
        }
        if (placed.size() != byStream.size()) {
            throw new PhotoDecodeException(path, "only " + placed.size() + " of " + byStream.size() + " tiles decoded;"
                    + " the file is damaged or truncated: restore it from another copy");
        }
        return canvas;
    }

    private static void receive(Path path, AVCodecContext ctx, AVFrame frame, Primary primary,
            Map<Integer, Tile> byStream, Map<Integer, Boolean> placed, int[] canvas) throws PhotoDecodeException {
        while (true) {
            int status = avcodec_receive_frame(ctx, frame);
            if (status == AVERROR_EAGAIN() || status == AVERROR_EOF) {
                return;
            }
            check(path, status, "decoding a tile");
            try {
                Tile tile = byStream.get((int) frame.pts());
                if (tile == null || placed.put(tile.stream(), true) != null) {
                    throw new PhotoDecodeException(path, "the decoder returned an unexpected frame (pts " + frame.pts()
                            + "); the file is damaged");
                }
                HeifFrames.place(path, frame, tile.x(), tile.y(), primary.width(), primary.height(), canvas);
            } finally {
                av_frame_unref(frame);
            }
        }
    }

    /**
     * The display matrix turned into an EXIF orientation, as the {@code ffmpeg} command line turns it into
     * transpose/flip filters; {@link ExifOrientation#NORMAL} without one.
     */
    private static ExifOrientation orientation(Primary primary) {
        for (int k = 0; k < primary.sideDataCount(); k++) {
            AVPacketSideData data = new AVPacketSideData(primary.sideData()).position(k);
            if (data.type() == AV_PKT_DATA_DISPLAYMATRIX && data.size() >= 36) {
                int[] m = new int[9];
                new IntPointer(data.data()).get(m);
                return HeifFrames.fromDisplayMatrix(m);
            }
        }
        return ExifOrientation.NORMAL;
    }

    /** AV1: the software decoders (the built-in one needs hardware); others: FFmpeg's default decoder. */
    private static AVCodec decoderFor(int codecId) {
        if (codecId == AV_CODEC_ID_AV1) {
            for (String name : new String[] {"libdav1d", "libaom-av1"}) {
                AVCodec codec = avcodec_find_decoder_by_name(name);
                if (codec != null) {
                    return codec;
                }
            }
        }
        return avcodec_find_decoder(codecId);
    }

    private static void check(Path path, int status, String what) throws PhotoDecodeException {
        if (status < 0) {
            throw new PhotoDecodeException(path, what + " failed (" + error(status) + "); the file is damaged or"
                    + " truncated: restore it from another copy");
        }
    }

    private static String error(int status) {
        try (BytePointer buffer = new BytePointer(256)) {
            buffer.fill(0);
            av_strerror(status, buffer, 255);
            byte[] bytes = new byte[256];
            buffer.get(bytes);
            int end = 0;
            while (end < bytes.length && bytes[end] != 0) {
                end++;
            }
            return new String(bytes, 0, end, StandardCharsets.UTF_8) + ", code " + status;
        }
    }

    private static void loadNatives() {
        try {
            Loader.load(avformat.class);
            Loader.load(org.bytedeco.ffmpeg.global.avcodec.class);
            Loader.load(swscale.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            throw new IllegalStateException("cannot load the FFmpeg natives for platform " + Loader.getPlatform()
                    + " (" + e + "); put org.bytedeco:ffmpeg with the natives of this platform (javacv-platform, or"
                    + " -Djavacpp.platform) on the class path", e);
        }
    }
}
