package io.phototriage.core.image;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.lang.ByteArrayReader;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifImageDirectory;
import com.drew.metadata.exif.ExifReader;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.ExifThumbnailDirectory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a RAW container keeps its embedded JPEG previews, for {@link RawPreviewDecoder}: metadata-extractor for the
 * TIFF-based IFDs, and by hand only what no library reads (RW2's tag 0x2E, RAF's header offset, CR3's ISOBMFF
 * boxes, the EXIF thumbnail inside an embedded JPEG). It only locates; checking and choosing is the decoder's job.
 */
final class RawPreviewLocator {
    private static final Logger LOG = LoggerFactory.getLogger(RawPreviewLocator.class);
    private static final int COMPRESSION_OLD_JPEG = 6;
    private static final int COMPRESSION_JPEG = 7;
    private static final int TAG_NEW_SUBFILE_TYPE = 0xfe;
    private static final int TAG_RW2_JPG_FROM_RAW = 0x2e;
    private static final String CANON_UUID = "85c0b687820f11e08111f4ce462b6a48";
    private static final String CANON_PREVIEW_UUID = "eaf42b5e1c984b88b9fbb7dc406e4d16";

    private RawPreviewLocator() {
    }

    /** One embedded JPEG: where it is, as the container says (not yet checked). */
    record Candidate(String label, long offset, long length) {
    }

    /** What the container offers: the previews and the RAW's own orientation. */
    record Layout(List<Candidate> candidates, ExifOrientation orientation) {
    }

    /** The previews and orientation of a RAW file of container {@code format}. */
    static Layout locate(Path path, FileChannel channel, long fileSize, RawFormat format) throws IOException {
        return switch (format) {
            case CR3 -> cr3Layout(path, channel, fileSize);
            case RAF -> rafLayout(channel, fileSize);
            case RW2 -> rw2Layout(channel, fileSize);
            case TIFF, ORF, CR2 -> tiffLayout(path);
        };
    }

    // ---- TIFF-based: metadata-extractor locates the IFD, SubIFD and thumbnail JPEGs ----

    private static Layout tiffLayout(Path path) throws IOException {
        Metadata metadata;
        try {
            metadata = ImageMetadataReader.readMetadata(path.toFile());
        } catch (ImageProcessingException e) {
            throw new IOException("metadata-extractor cannot read its IFDs: " + e.getMessage(), e);
        }
        return new Layout(tiffCandidates(metadata, 0), ExifOrientation.of(metadata));
    }

    /**
     * The JPEGs that the EXIF/TIFF directories of {@code metadata} point to; offsets there are relative to the
     * TIFF header, which lies at file offset {@code base}.
     */
    private static List<Candidate> tiffCandidates(Metadata metadata, long base) {
        List<Candidate> candidates = new ArrayList<>();
        int subIfd = 0;
        int ifd = 1;
        for (Directory dir : metadata.getDirectories()) {
            String name;
            if (dir instanceof ExifIFD0Directory) {
                name = "IFD0";
            } else if (dir instanceof ExifThumbnailDirectory) {
                name = "IFD1 thumbnail";
            } else if (dir instanceof ExifSubIFDDirectory) {
                if (!dir.containsTag(ExifDirectoryBase.TAG_COMPRESSION) && !dir.containsTag(0x201)) {
                    continue; // the EXIF SubIFD of camera settings, not an image
                }
                name = "SubIFD" + subIfd++;
            } else if (dir instanceof ExifImageDirectory) {
                name = "IFD" + ++ifd;
            } else {
                continue;
            }
            Long jpegOffset = dir.getLongObject(0x201);
            Long jpegLength = dir.getLongObject(0x202);
            if (jpegOffset != null && jpegLength != null) {
                candidates.add(new Candidate(name + " JPEG", base + jpegOffset, jpegLength));
                continue;
            }
            Integer compression = dir.getInteger(ExifDirectoryBase.TAG_COMPRESSION);
            Integer subfile = dir.getInteger(TAG_NEW_SUBFILE_TYPE);
            long[] offsets = longs(dir, ExifDirectoryBase.TAG_STRIP_OFFSETS);
            long[] counts = longs(dir, ExifDirectoryBase.TAG_STRIP_BYTE_COUNTS);
            boolean jpegCompressed = compression != null
                    && (compression == COMPRESSION_OLD_JPEG || compression == COMPRESSION_JPEG);
            boolean fullResolutionRaw = subfile != null && subfile == 0 && !(dir instanceof ExifIFD0Directory);
            if (jpegCompressed && !fullResolutionRaw && offsets.length == 1 && counts.length == 1) {
                candidates.add(new Candidate(name + " JPEG", base + offsets[0], counts[0]));
            }
        }
        return candidates;
    }

    private static long[] longs(Directory dir, int tag) {
        Object value = dir.getObject(tag);
        if (value instanceof Number n) {
            return new long[] {n.longValue()};
        }
        if (value instanceof long[] l) {
            return l;
        }
        if (value instanceof int[] ints) {
            long[] out = new long[ints.length];
            for (int i = 0; i < ints.length; i++) {
                out[i] = ints[i] & 0xffffffffL;
            }
            return out;
        }
        return new long[0];
    }

    /**
     * The IFD1 thumbnail inside the EXIF of a JPEG embedded at {@code jpegOffset}, and that EXIF's orientation;
     * nothing when the JPEG lies outside the file or has no EXIF.
     */
    private static Layout embeddedExif(FileChannel channel, long fileSize, long jpegOffset, long jpegLength)
            throws IOException {
        if (jpegOffset < 0 || jpegLength <= 0 || jpegOffset + jpegLength > fileSize || jpegLength > Integer.MAX_VALUE) {
            return new Layout(List.of(), ExifOrientation.NORMAL);
        }
        byte[] jpegBytes = read(channel, jpegOffset, (int) jpegLength);
        int tiff = exifTiffStart(jpegBytes);
        if (tiff < 0) {
            return new Layout(List.of(), ExifOrientation.NORMAL);
        }
        Metadata metadata = new Metadata();
        new ExifReader().extract(new ByteArrayReader(jpegBytes), metadata, tiff);
        List<Candidate> thumbnails = new ArrayList<>();
        for (Candidate c : tiffCandidates(metadata, jpegOffset + tiff)) {
            if (c.label().startsWith("IFD1")) {
                thumbnails.add(new Candidate("EXIF thumbnail", c.offset(), c.length()));
            }
        }
        return new Layout(thumbnails, ExifOrientation.of(metadata));
    }

    /** Index of the TIFF header of the JPEG's {@code APP1 Exif} segment, or -1. */
    private static int exifTiffStart(byte[] jpeg) {
        int pos = 2;
        while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xff) == 0xff) {
            int marker = jpeg[pos + 1] & 0xff;
            if (marker == 0xda || marker == 0xd9) {
                return -1;
            }
            int length = ((jpeg[pos + 2] & 0xff) << 8) | (jpeg[pos + 3] & 0xff);
            if (marker == 0xe1 && length >= 8 && pos + 10 <= jpeg.length
                    && new String(jpeg, pos + 4, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0")) {
                return pos + 10;
            }
            pos += 2 + length;
        }
        return -1;
    }

    // ---- RW2: IFD0 tag 0x2E (JpgFromRaw) ----

    private static Layout rw2Layout(FileChannel channel, long fileSize) throws IOException {
        byte[] header = read(channel, 0, 8);
        long ifd = u32le(header, 4);
        if (ifd + 2 > fileSize) {
            throw new IOException("IFD0 offset " + ifd + " lies past the end of the " + fileSize + "-byte file");
        }
        int count = u16le(read(channel, ifd, 2), 0);
        if (ifd + 2 + 12L * count > fileSize) {
            throw new IOException("IFD0 at " + ifd + " with " + count + " entries runs past the end of the file");
        }
        byte[] entries = read(channel, ifd + 2, 12 * count);
        List<Candidate> candidates = new ArrayList<>();
        ExifOrientation embedded = ExifOrientation.NORMAL;
        Optional<ExifOrientation> own = Optional.empty();
        for (int i = 0; i < count; i++) {
            int e = 12 * i;
            int tag = u16le(entries, e);
            if (tag == TAG_RW2_JPG_FROM_RAW) {
                long length = u32le(entries, e + 4);
                long offset = u32le(entries, e + 8);
                candidates.add(new Candidate("JpgFromRaw (tag 0x2E)", offset, length));
                Layout inner = embeddedExif(channel, fileSize, offset, length);
                candidates.addAll(inner.candidates());
                embedded = inner.orientation();
            } else if (tag == ExifDirectoryBase.TAG_ORIENTATION && u16le(entries, e + 2) == 3) {
                int value = u16le(entries, e + 8); // a SHORT sits in the first two bytes of the value field
                if (value >= 1 && value <= 8) {
                    own = Optional.of(ExifOrientation.fromTag(value));
                }
            }
        }
        // The RW2's own IFD0 orientation wins over the one inside its embedded JPEG.
        return new Layout(candidates, own.orElse(embedded));
    }

    // ---- RAF: big-endian JPEG offset and length at bytes 84 and 88 ----

    private static Layout rafLayout(FileChannel channel, long fileSize) throws IOException {
        if (fileSize < 92) {
            throw new IOException("the RAF header ends after " + fileSize + " bytes");
        }
        byte[] header = read(channel, 84, 8);
        long offset = u32be(header, 0);
        long length = u32be(header, 4);
        List<Candidate> candidates = new ArrayList<>();
        candidates.add(new Candidate("RAF header JPEG", offset, length));
        Layout inner = embeddedExif(channel, fileSize, offset, length);
        candidates.addAll(inner.candidates());
        return new Layout(candidates, inner.orientation());
    }

    // ---- CR3: ISOBMFF boxes ----

    /** An ISOBMFF box: type, where its payload starts (after size, type and a uuid's 16 bytes) and where it ends. */
    private record Box(String type, String uuid, long payload, long end) {
    }

    private static Layout cr3Layout(Path path, FileChannel channel, long fileSize) throws IOException {
        List<Candidate> candidates = new ArrayList<>();
        ExifOrientation orientation = ExifOrientation.NORMAL;
        for (Box top : boxes(channel, 0, fileSize, fileSize)) {
            if (top.type().equals("moov")) {
                List<Box> moov = boxes(channel, top.payload(), top.end(), fileSize);
                boolean firstTrack = true;
                for (Box box : moov) {
                    if (box.type().equals("uuid") && CANON_UUID.equals(box.uuid())) {
                        for (Box canon : boxes(channel, box.payload(), box.end(), fileSize)) {
                            if (canon.type().equals("CMT1")) {
                                orientation = cmt1Orientation(path, channel, canon);
                            } else if (canon.type().equals("THMB")) {
                                candidates.add(cr3Preview(channel, canon, "THMB JPEG"));
                            }
                        }
                    } else if (box.type().equals("trak") && firstTrack) {
                        firstTrack = false;
                        cr3TrackJpeg(channel, box, fileSize).ifPresent(candidates::add);
                    }
                }
            } else if (top.type().equals("uuid") && CANON_PREVIEW_UUID.equals(top.uuid())) {
                // 8 bytes of the uuid's own header, then the PRVW box.
                for (Box inner : boxes(channel, top.payload() + 8, top.end(), fileSize)) {
                    if (inner.type().equals("PRVW")) {
                        candidates.add(cr3Preview(channel, inner, "PRVW JPEG"));
                    }
                }
            }
        }
        return new Layout(candidates, orientation);
    }

    /** PRVW and THMB: a 16-byte header (width at 4 or 6, JPEG length at 8 or 12), then the JPEG. */
    private static Candidate cr3Preview(FileChannel channel, Box box, String label) throws IOException {
        byte[] head = read(channel, box.payload(), (int) Math.min(16, Math.max(0, box.end() - box.payload())));
        if (head.length < 16) {
            return new Candidate(label, box.payload() + 16, 0);
        }
        long length = label.startsWith("PRVW") ? u32be(head, 12) : u32be(head, 8);
        // A length beyond the box is clipped to it; a box cut off by the end of the file keeps its claimed length,
        // so that a truncated file is reported as such.
        long room = box.end() - box.payload() - 16;
        boolean cutByFileEnd = box.end() == channel.size();
        return new Candidate(label, box.payload() + 16, cutByFileEnd ? length : Math.min(length, room));
    }

    /** Track 1 of a CR3 holds the camera's full-size JPEG: its one sample's offset ({@code co64}) and size ({@code stsz}). */
    private static Optional<Candidate> cr3TrackJpeg(FileChannel channel, Box trak, long fileSize) throws IOException {
        Optional<Box> stbl = find(channel, trak, fileSize, "mdia", "minf", "stbl");
        if (stbl.isEmpty()) {
            return Optional.empty();
        }
        Long size = null;
        Long offset = null;
        for (Box box : boxes(channel, stbl.get().payload(), stbl.get().end(), fileSize)) {
            if (box.type().equals("stsz") && box.end() - box.payload() >= 16) {
                byte[] b = read(channel, box.payload(), 16);
                long sampleSize = u32be(b, 4);
                size = sampleSize != 0 ? sampleSize : u32be(b, 12);
            } else if (box.type().equals("co64") && box.end() - box.payload() >= 16) {
                byte[] b = read(channel, box.payload(), 16);
                offset = ByteBuffer.wrap(b, 8, 8).getLong();
            } else if (box.type().equals("stco") && box.end() - box.payload() >= 12) {
                offset = u32be(read(channel, box.payload(), 12), 8);
            }
        }
        if (size == null || offset == null) {
            return Optional.empty();
        }
        return Optional.of(new Candidate("track-1 JPEG", offset, size));
    }

    private static Optional<Box> find(FileChannel channel, Box parent, long fileSize, String... path)
            throws IOException {
        Box current = parent;
        for (String type : path) {
            Box next = null;
            for (Box child : boxes(channel, current.payload(), current.end(), fileSize)) {
                if (child.type().equals(type)) {
                    next = child;
                    break;
                }
            }
            if (next == null) {
                return Optional.empty();
            }
            current = next;
        }
        return Optional.of(current);
    }

    private static ExifOrientation cmt1Orientation(Path path, FileChannel channel, Box cmt1) throws IOException {
        long length = cmt1.end() - cmt1.payload();
        if (length <= 8 || length > 1 << 20) {
            return ExifOrientation.NORMAL;
        }
        Metadata metadata = new Metadata();
        try {
            new ExifReader().extract(new ByteArrayReader(read(channel, cmt1.payload(), (int) length)), metadata, 0);
        } catch (RuntimeException e) {
            LOG.debug("{}: CMT1 unreadable, orientation taken as normal: {}", path, e.toString());
        }
        return ExifOrientation.of(metadata);
    }

    /** The boxes between {@code start} and {@code end}, each clipped to the file (a truncated box ends at its end). */
    private static List<Box> boxes(FileChannel channel, long start, long end, long fileSize) throws IOException {
        List<Box> boxes = new ArrayList<>();
        long pos = start;
        long limit = Math.min(end, fileSize);
        while (pos + 8 <= limit) {
            byte[] h = read(channel, pos, 8);
            long size = u32be(h, 0);
            String type = new String(h, 4, 4, StandardCharsets.ISO_8859_1);
            long header = 8;
            if (size == 1) {
                if (pos + 16 > limit) {
                    break;
                }
                size = ByteBuffer.wrap(read(channel, pos + 8, 8)).getLong();
                header = 16;
            } else if (size == 0) {
                size = limit - pos;
            }
            if (size < header) {
                break; // damaged: nothing after it can be trusted
            }
            String uuid = null;
            if (type.equals("uuid") && pos + header + 16 <= limit) {
                uuid = hex(read(channel, pos + header, 16));
                header += 16;
            }
            boxes.add(new Box(type, uuid, pos + header, Math.min(pos + size, limit)));
            pos += size;
        }
        return boxes;
    }

    // ---- bytes ----

    static byte[] read(FileChannel channel, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        long pos = offset;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, pos);
            if (n < 0) {
                throw new IOException("the file ends at " + pos + ", before the " + length + " bytes at offset "
                        + offset);
            }
            pos += n;
        }
        return buffer.array();
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format(Locale.ROOT, "%02x", b & 0xff));
        }
        return s.toString();
    }

    private static int u16le(byte[] b, int i) {
        return (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8);
    }

    private static long u32le(byte[] b, int i) {
        return (b[i] & 0xffL) | ((b[i + 1] & 0xffL) << 8) | ((b[i + 2] & 0xffL) << 16) | ((b[i + 3] & 0xffL) << 24);
    }

    private static long u32be(byte[] b, int i) {
        return ((b[i] & 0xffL) << 24) | ((b[i + 1] & 0xffL) << 16) | ((b[i + 2] & 0xffL) << 8) | (b[i + 3] & 0xffL);
    }
}
