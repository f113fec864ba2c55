package io.phototriage.core.image;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.image.RawPreviewLocator.Candidate;
import io.phototriage.core.image.RawPreviewLocator.Layout;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a camera RAW file through its largest usable <em>embedded JPEG preview</em>, as culling tools do: the
 * camera's own full rendering, fast to decode, and no demosaicing library (LibRaw is not on Maven Central). The RAW
 * sensor data itself is never decoded.
 *
 * <p>Where the previews are found ({@link RawFormat}; the walking is in the package-private {@code RawPreviewLocator}):
 * <ul>
 *   <li>TIFF-based RAWs (CR2, NEF, ARW, DNG, PEF, ORF, RW2): every IFD, SubIFD and the IFD1 thumbnail that
 *       metadata-extractor reports with a JPEG ({@code JPEGInterchangeFormat}/{@code Length}, or one JPEG strip of a
 *       reduced-resolution image; lossless or 12-bit JPEG strips are raw sensor data and are not used);</li>
 *   <li>RW2 also keeps its preview in IFD0 tag {@code 0x2E} (JpgFromRaw), which metadata-extractor parses but does
 *       not locate: read by hand, with the IFD1 thumbnail inside that JPEG's own EXIF;</li>
 *   <li>CR3 (ISOBMFF, not read by metadata-extractor): the full-size JPEG of track 1 ({@code stsd}/{@code stsz}/
 *       {@code co64}), the {@code PRVW} box in the top-level preview {@code uuid} and the {@code THMB} box in the
 *       Canon {@code uuid} of {@code moov}, walked by hand; the orientation comes from the {@code CMT1} box, a TIFF
 *       IFD0 read with metadata-extractor;</li>
 *   <li>RAF: the JPEG at the big-endian header offset (bytes 84 and 88) and the EXIF thumbnail inside it.</li>
 * </ul>
 * Not read: the previews ORF and PEF keep in their maker notes (no sample file to test against), so such a file
 * whose standard IFDs hold only a thumbnail is refused.
 *
 * <p>Every candidate is checked before it is used: it must lie inside the file, start with a JPEG SOI marker, have
 * an 8-bit baseline or progressive frame header and be larger than a {@value #STUB_LONG_SIDE}-pixel placeholder.
 * The largest by pixel count whose longer side is at least {@link DecodeOptions#minPreviewLongSide()} is decoded
 * (the next one if it fails). When none qualifies the file is refused with a {@link PhotoDecodeException} that
 * names every candidate and why it was not used, e.g. {@code no usable preview: the 635631-byte IFD0 JPEG at
 * offset 118946 lies past the end of the 100000-byte file; only a 160x120 IFD1 thumbnail is present, below the
 * 640-pixel minimum}. Triage on a 160x120 thumbnail is unreliable, so thumbnails are refused by default; set
 * {@code minPreviewLongSide} to 0 to take them.
 *
 * <p>The file and pixel guards of {@link DecodeOptions} apply (pixels: to the preview's header size, before it is
 * decoded), and so do its subsampling, ICC and truncation rules (the preview goes through
 * {@link ImageIoPhotoDecoder}, or the {@link EmbeddedJpegDecoder} given). The RAW's own EXIF orientation is
 * applied. {@link DecodedPhoto#source()} names the preview and its stored size, e.g. {@code "PRVW JPEG 1620x1080"};
 * the original size is that of the preview, which is the only rendering looked at.
 *
 * <p>Thread-safe: every call opens its own channel.
 */
public final class RawPreviewDecoder implements PhotoDecoder {
    /** A preview whose longer side is below this is a placeholder (8x8 stubs exist) and is never used. */
    public static final int STUB_LONG_SIDE = 64;

    private static final Logger LOG = LoggerFactory.getLogger(RawPreviewDecoder.class);

    private final DecodeOptions options;
    private final EmbeddedJpegDecoder jpeg;

    /**
     * A decoder with {@code options} that decodes previews with an {@link ImageIoPhotoDecoder} of the same options.
     *
     * @param options size limits, target size and the smallest preview accepted
     */
    public RawPreviewDecoder(DecodeOptions options) {
        this(options, new ImageIoPhotoDecoder(options));
    }

    /**
     * A decoder with {@code options} that decodes the chosen preview with {@code jpeg} (for example triage-models'
     * {@code OpenCvPhotoDecoder}, which decodes a large preview at 1/2, 1/4 or 1/8 scale inside libjpeg when
     * {@link DecodeOptions#targetLongSide()} asks for less); give it the same options.
     *
     * @param options size limits, target size and the smallest preview accepted
     * @param jpeg    decodes the chosen embedded JPEG preview
     * @throws NullPointerException when an argument is null
     */
    public RawPreviewDecoder(DecodeOptions options, EmbeddedJpegDecoder jpeg) {
        this.options = Objects.requireNonNull(options, "options");
        this.jpeg = Objects.requireNonNull(jpeg, "jpeg");
    }

    /**
     * A decoder with {@link DecodeOptions#defaults()}: previews under 640 pixels refused.
     *
     * @return a new decoder using ImageIO for the preview
     */
    public static RawPreviewDecoder defaults() {
        return new RawPreviewDecoder(DecodeOptions.defaults());
    }

    /**
     * The options this decoder uses.
     *
     * @return the options given at construction
     */
    public DecodeOptions options() {
        return options;
    }

    /** A candidate that passed the checks, with its bytes and frame header. */
    private record Usable(Candidate candidate, byte[] bytes, JpegHeader header) {
        long pixels() {
            return (long) header.width() * header.height();
        }

        String size() {
            return header.width() + "x" + header.height();
        }
    }

    @Override
    public DecodedPhoto decode(Photo photo) throws PhotoDecodeException {
        Path path = photo.path();
        options.checkFile(path);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            RawFormat format = RawFormat.sniff(RawPreviewLocator.read(channel, 0, (int) Math.min(fileSize, 16)))
                    .orElseThrow(() -> new PhotoDecodeException(path, "not a camera RAW file this decoder reads"
                            + " (supported: " + RawFormat.SUPPORTED + ")"));
            Layout layout = RawPreviewLocator.locate(path, channel, fileSize, format);
            return decodeLargest(photo, channel, fileSize, format, layout);
        } catch (PhotoDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new PhotoDecodeException(path, "the RAW file's structure cannot be read ("
                    + ImageIoPhotoDecoder.describe(e) + "); the file is damaged or truncated: restore it from"
                    + " another copy", e);
        }
    }

    private DecodedPhoto decodeLargest(Photo photo, FileChannel channel, long fileSize, RawFormat format, Layout layout)
            throws IOException, PhotoDecodeException {
        Path path = photo.path();
        List<String> rejected = new ArrayList<>();
        List<Usable> small = new ArrayList<>();
        List<Usable> usable = new ArrayList<>();
        for (Candidate c : layout.candidates()) {
            check(channel, fileSize, c, rejected).ifPresent(u -> {
                int longSide = Math.max(u.header().width(), u.header().height());
                if (longSide < STUB_LONG_SIDE) {
                    rejected.add("the " + c.label() + " is only " + u.size() + " pixels (a placeholder)");
                } else if (longSide < options.minPreviewLongSide()) {
                    small.add(u);
                } else {
                    usable.add(u);
                }
            });
        }
        usable.sort(Comparator.comparingLong(Usable::pixels).reversed());
        for (Usable u : usable) {
            options.checkPixels(path, u.header().width(), u.header().height());
            BufferedImage stored;
            try {
                stored = jpeg.decodeEmbedded(path, u.bytes(), u.header());
            } catch (PhotoDecodeException e) {
                LOG.debug("{}: {} does not decode, trying the next preview: {}", path, u.candidate().label(),
                        e.getMessage());
                rejected.add("the " + u.size() + " " + u.candidate().label() + " does not decode ("
                        + e.getMessage().substring(path.toString().length() + 2) + ")");
                continue;
            }
            ExifOrientation orientation = layout.orientation();
            boolean swap = orientation.swapsAxes();
            return new DecodedPhoto(photo, orientation.apply(stored),
                    swap ? u.header().height() : u.header().width(), swap ? u.header().width() : u.header().height(),
                    Optional.of(u.candidate().label() + " " + u.size()));
        }
        StringBuilder why = new StringBuilder("no usable preview in this ").append(format.label()).append(" file: ");
        if (layout.candidates().isEmpty()) {
            why.append("it declares no embedded JPEG preview");
        }
        why.append(String.join("; ", rejected));
        if (!small.isEmpty()) {
            small.sort(Comparator.comparingLong(Usable::pixels).reversed());
            List<String> thumbs = new ArrayList<>();
            for (Usable u : small) {
                thumbs.add(u.size() + " " + u.candidate().label());
            }
            why.append(rejected.isEmpty() ? "" : "; ").append("only a ").append(String.join(" and a ", thumbs))
                    .append(thumbs.size() == 1 ? " is" : " are").append(" present, below the ")
                    .append(options.minPreviewLongSide()).append("-pixel minimum for a reliable triage"
                            + " (DecodeOptions.minPreviewLongSide; 0 takes thumbnails)");
        }
        why.append(". Convert the RAW to JPEG with a RAW converter, or restore a complete copy of the file");
        throw new PhotoDecodeException(path, why.toString());
    }

    /** The candidate's bytes and header if it is a real JPEG inside the file; otherwise a reason in {@code rejected}. */
    private static Optional<Usable> check(FileChannel channel, long fileSize, Candidate c, List<String> rejected)
            throws IOException {
        String what = "the " + c.length() + "-byte " + c.label() + " at offset " + c.offset();
        if (c.offset() < 0 || c.length() <= 0) {
            rejected.add("the " + c.label() + " has an impossible offset " + c.offset() + " or length " + c.length());
            return Optional.empty();
        }
        if (c.offset() + c.length() > fileSize) {
            rejected.add(what + " lies past the end of the " + fileSize + "-byte file"
                    + (c.offset() < fileSize ? " (the file is truncated)" : ""));
            return Optional.empty();
        }
        if (c.length() > Integer.MAX_VALUE - 16) {
            rejected.add(what + " is too large to read");
            return Optional.empty();
        }
        // The first bytes first: a large blob that is no JPEG (sensor data) is not read whole.
        byte[] start = RawPreviewLocator.read(channel, c.offset(), (int) Math.min(c.length(), 16));
        if (!JpegHeader.isJpeg(start, start.length)) {
            rejected.add(what + " is not a JPEG (" + describeStart(start) + ")");
            return Optional.empty();
        }
        byte[] bytes = RawPreviewLocator.read(channel, c.offset(), (int) c.length());
        Optional<JpegHeader> header = JpegHeader.parse(bytes);
        if (header.isEmpty()) {
            rejected.add(what + " has no readable JPEG frame header");
            return Optional.empty();
        }
        if (!header.get().baseline()) {
            rejected.add(what + " is a lossless or 12-bit JPEG (raw sensor data, not a preview)");
            return Optional.empty();
        }
        return Optional.of(new Usable(c, bytes, header.get()));
    }

    private static String describeStart(byte[] bytes) {
        int n = Math.min(bytes.length, 12);
        boolean text = n > 0;
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xff;
            if (b < 0x20 || b > 0x7e) {
                text = false;
                break;
            }
        }
        if (text) {
            return "a placeholder starting \"" + new String(bytes, 0, n, StandardCharsets.ISO_8859_1) + "\"";
        }
        StringBuilder hex = new StringBuilder("first bytes ");
        for (int i = 0; i < Math.min(n, 4); i++) {
            hex.append(String.format(Locale.ROOT, "%02x", bytes[i] & 0xff));
        }
        return hex.toString();
    }
}
