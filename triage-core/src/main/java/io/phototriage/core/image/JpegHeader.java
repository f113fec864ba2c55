package io.phototriage.core.image;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a decoder needs from a JPEG's markers before it decodes a pixel: the stored size, the number of colour
 * components and whether an ICC profile is embedded. Used by {@code OpenCvPhotoDecoder} (triage-models) to choose
 * its libjpeg path and by {@link RawPreviewDecoder} to validate and size a RAW file's embedded previews.
 *
 * @param width      stored width in pixels (before EXIF orientation)
 * @param height     stored height in pixels
 * @param components 1 (grey), 3 (YCbCr or RGB) or 4 (CMYK, YCCK)
 * @param baseline   8-bit Huffman-coded, sequential or progressive (SOF0, SOF1, SOF2): what both libjpeg and the
 *                   ImageIO reader decode the same way
 * @param iccProfile whether an {@code APP2 ICC_PROFILE} segment precedes the frame header
 */
public record JpegHeader(int width, int height, int components, boolean baseline, boolean iccProfile) {
    private static final byte[] ICC_TAG = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);

    /**
     * Whether {@code head} starts like a JPEG file: SOI followed by another marker.
     *
     * @param head   a file's first bytes
     * @param length how many of them are valid (at most {@code head.length})
     * @return true when the first three valid bytes are {@code FF D8 FF}
     */
    public static boolean isJpeg(byte[] head, int length) {
        return length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff;
    }

    /**
     * Whether the file ends with the EOI marker, i.e. its entropy-coded data was not cut short.
     *
     * @param jpeg the whole file
     * @return true when its last two bytes are {@code FF D9} (and it has at least 4 bytes)
     */
    public static boolean endsWithEoi(byte[] jpeg) {
        int n = jpeg.length;
        return n >= 4 && (jpeg[n - 2] & 0xff) == 0xff && (jpeg[n - 1] & 0xff) == 0xd9;
    }

    /**
     * The frame header of {@code jpeg}, found by walking the marker segments from SOI; empty when the markers are
     * malformed or end before a frame header (the caller then leaves the file to a more forgiving decoder).
     *
     * @param jpeg the whole file, or at least every byte up to and including the frame header
     * @return the size, components and flags of the first frame header, or empty
     */
    public static Optional<JpegHeader> parse(byte[] jpeg) {
        if (!isJpeg(jpeg, jpeg.length)) {
            return Optional.empty();
        }
        boolean icc = false;
        int pos = 2;
        while (pos < jpeg.length) {
            if ((jpeg[pos] & 0xff) != 0xff) {
                return Optional.empty();
            }
            while (pos < jpeg.length && (jpeg[pos] & 0xff) == 0xff) {
                pos++; // fill bytes
            }
            if (pos >= jpeg.length) {
                return Optional.empty();
            }
            int marker = jpeg[pos++] & 0xff;
            if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
                continue; // stand-alone markers carry no length
            }
            if (marker == 0xd9 || marker == 0xda || pos + 2 > jpeg.length) {
                return Optional.empty(); // EOI or scan data before any frame header
            }
            int length = u16(jpeg, pos);
            if (length < 2 || pos + length > jpeg.length) {
                return Optional.empty();
            }
            if (isFrameHeader(marker)) {
                if (length < 8) {
                    return Optional.empty();
                }
                int precision = jpeg[pos + 2] & 0xff;
                int height = u16(jpeg, pos + 3);
                int width = u16(jpeg, pos + 5);
                int components = jpeg[pos + 7] & 0xff;
                boolean baseline = marker <= 0xc2 && precision == 8;
                return Optional.of(new JpegHeader(width, height, components, baseline, icc));
            }
            if (marker == 0xe2 && length >= 2 + ICC_TAG.length && startsWith(jpeg, pos + 2, ICC_TAG)) {
                icc = true;
            }
            pos += length;
        }
        return Optional.empty();
    }

    /**
     * Whether the markers of {@code jpeg} hold together from SOI to the EOI that ends the file: marker segments with
     * lengths that fit, one frame header, and in each scan's entropy-coded data only stuffed bytes ({@code FF 00}),
     * fill bytes and restart markers until the next table, scan or EOI marker. Damaged scan data (a copy error, bad
     * sectors) almost always breaks this: random bytes put a marker where none may be. A decoder that would silently
     * fill such data in (libjpeg, with a warning on stderr) can leave these files to one that reports them.
     *
     * @param jpeg the whole file
     * @return true when nothing out of place was found
     */
    public static boolean markersIntact(byte[] jpeg) {
        if (!isJpeg(jpeg, jpeg.length) || !endsWithEoi(jpeg)) {
            return false;
        }
        boolean frame = false;
        int pos = 2;
        while (pos < jpeg.length) {
            if ((jpeg[pos] & 0xff) != 0xff) {
                return false;
            }
            while (pos < jpeg.length && (jpeg[pos] & 0xff) == 0xff) {
                pos++;
            }
            if (pos >= jpeg.length) {
                return false;
            }
            int marker = jpeg[pos++] & 0xff;
            if (marker == 0xd9) {
                return frame && pos == jpeg.length;
            }
            if (marker == 0x00 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd8) || pos + 2 > jpeg.length) {
                return false; // no scan is open here, so neither stuffing nor a restart marker belongs
            }
            int length = u16(jpeg, pos);
            if (length < 2 || pos + length > jpeg.length) {
                return false;
            }
            if (isFrameHeader(marker)) {
                if (frame) {
                    return false;
                }
                frame = true;
            }
            pos += length;
            if (marker == 0xda) {
                if (!frame) {
                    return false;
                }
                pos = endOfScan(jpeg, pos);
            }
        }
        return false;
    }

    /** The offset of the marker that ends the entropy-coded data starting at {@code pos} (stuffing and RSTn skipped). */
    private static int endOfScan(byte[] jpeg, int pos) {
        while (pos + 1 < jpeg.length) {
            if ((jpeg[pos] & 0xff) == 0xff) {
                int next = jpeg[pos + 1] & 0xff;
                if (next != 0x00 && next != 0xff && (next < 0xd0 || next > 0xd7)) {
                    return pos;
                }
                pos += next == 0xff ? 1 : 2;
            } else {
                pos++;
            }
        }
        return jpeg.length;
    }

    /** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
    private static boolean isFrameHeader(int marker) {
        return marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
    }

    private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] data, int offset) {
        return ((data[offset] & 0xff) << 8) | (data[offset + 1] & 0xff);
    }
}
