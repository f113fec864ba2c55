package io.phototriage.models.ct;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A hand-written reader of the DICOM Part 10 file format, for what a CT series needs: the file meta group, the data
 * set in Explicit VR Little Endian, Implicit VR Little Endian or an encapsulated (JPEG 2000) syntax, nested sequences
 * of defined or undefined length (skipped), and the image attributes of {@link DicomSlice}. Parsing stops after the
 * pixel data. Written by hand because no DICOM library of the project's reach decodes JPEG 2000 series (see
 * docs/ct.md); the pixels themselves are decoded by {@link DicomPixels}.
 */
public final class DicomParser {
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_END = 0xFFFEE00D;
    private static final int SEQUENCE_END = 0xFFFEE0DD;
    private static final int PIXEL_DATA = 0x7FE00010;
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR",
            "UT", "UV");
    private static final Set<String> SUPPORTED = Set.of(DicomSlice.EXPLICIT_LE, DicomSlice.IMPLICIT_LE,
            DicomSlice.JPEG2000_LOSSLESS, DicomSlice.JPEG2000);

    private DicomParser() {}

    /** A well-formed DICOM file without pixel data (a structured report, a DICOMDIR, ...): not a slice. */
    public static final class NoPixelDataException extends CtInputException {
        private static final long serialVersionUID = 1L;

        /**
         * The error.
         *
         * @param message naming the file
         */
        public NoPixelDataException(String message) {
            super(message);
        }
    }

    /**
     * Whether a file starts like a DICOM Part 10 file (128-byte preamble, then {@code DICM}).
     *
     * @param file the file
     * @return true if the marker is there
     * @throws IOException if the file cannot be read
     */
    public static boolean isDicom(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(132);
            return head.length == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
        }
    }

    /**
     * Parses a DICOM file.
     *
     * @param file       the file
     * @param withPixels whether to keep the pixel data (false: attributes only, pixel data skipped)
     * @return the slice's attributes (and pixels)
     * @throws CtInputException if the file is not DICOM, is truncated, or uses an unsupported transfer syntax
     * @throws IOException      if the file cannot be read
     */
    public static DicomSlice parse(Path file, boolean withPixels) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < 132 || bytes[128] != 'D' || bytes[129] != 'I' || bytes[130] != 'C' || bytes[131] != 'M') {
            throw new CtInputException(file + ": not a DICOM file (no DICM marker after the 128-byte preamble)");
        }
        try {
            return new Reader(file, bytes, withPixels).read();
        } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
            throw new CtInputException(file + ": truncated DICOM file (" + bytes.length + " bytes)", e);
        }
    }

    private static final class Reader {
        private final Path file;
        private final ByteBuffer bb;
        private final boolean withPixels;
        private boolean explicit = true;
        private String syntax = "";
        private String seriesUid = "";
        private String modality = "";
        private List<String> imageType = List.of();
        private double[] position;
        private double[] orientation;
        private double[] pixelSpacing;
        private int rows;
        private int columns;
        private int frames = 1;
        private int samples = 1;
        private String photometric = "";
        private int bitsAllocated;
        private int bitsStored;
        private int pixelRepresentation;
        private double slope = 1;
        private double intercept = 0;
        private byte[] pixelData;
        private final List<byte[]> fragments = new ArrayList<>();
        private boolean sawPixels;

        Reader(Path file, byte[] bytes, boolean withPixels) {
            this.file = file;
            this.bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            this.withPixels = withPixels;
            bb.position(132);
        }

        DicomSlice read() throws CtInputException {
            // file meta: always explicit VR little endian
            while (bb.remaining() >= 4 && (bb.getShort(bb.position()) & 0xffff) == 0x0002) {
                element(true, 0);
            }
            if (syntax.isEmpty()) {
                throw new CtInputException(file + ": DICOM file meta has no TransferSyntaxUID (0002,0010)");
            }
            if (!SUPPORTED.contains(syntax)) {
                throw new CtInputException(file + ": transfer syntax " + syntax + " is not supported (Explicit VR Little "
                        + "Endian, Implicit VR Little Endian and JPEG 2000 are)");
            }
            explicit = !syntax.equals(DicomSlice.IMPLICIT_LE);
            while (bb.remaining() > 0 && !sawPixels) {
                element(explicit, 0);
            }
            if (!sawPixels) {
                throw new NoPixelDataException(file + ": DICOM file has no pixel data (7FE0,0010): not an image");
            }
            return new DicomSlice(file, syntax, seriesUid, modality, imageType, position, orientation, pixelSpacing, rows,
                    columns, frames, samples, photometric, bitsAllocated, bitsStored, pixelRepresentation, slope,
                    intercept, pixelData, List.copyOf(fragments));
        }

        /** Reads one element at the current position; depth > 0 inside sequence items (values there are ignored). */
        private void element(boolean explicitVr, int depth) throws CtInputException {
            int group = bb.getShort() & 0xffff;
            int elem = bb.getShort() & 0xffff;
            int tag = (group << 16) | elem;
            String vr = null;
            long length;
            if (group == 0xFFFE) {
                length = bb.getInt() & 0xffffffffL;  // item tags have no VR in any syntax
            } else if (explicitVr) {
                vr = new String(new byte[] {bb.get(), bb.get()}, StandardCharsets.US_ASCII);
                if (LONG_VRS.contains(vr)) {
                    bb.getShort();
                    length = bb.getInt() & 0xffffffffL;
                } else {
                    length = bb.getShort() & 0xffff;
                }
            } else {
                length = bb.getInt() & 0xffffffffL;
            }
            if (tag == PIXEL_DATA && depth == 0) {
                pixels(length);
                return;
            }
            if (length == UNDEFINED) {
                // a sequence (or UN holding one); an undefined-length UN is implicit VR little endian inside
                boolean inner = !"UN".equals(vr) && explicitVr;
                sequence(inner, depth);
                return;
            }
            if (length > bb.remaining()) {
                throw new CtInputException(file + ": truncated DICOM file: element (" + hex(group) + "," + hex(elem)
                        + ") claims " + length + " bytes, " + bb.remaining() + " remain");
            }
            // a defined-length sequence is skipped whole: only top-level values are read
            int start = bb.position();
            if (depth == 0) {
                value(tag, start, (int) length);
            }
            bb.position(start + (int) length);
        }

        private void sequence(boolean explicitVr, int depth) throws CtInputException {
            while (!skipDelimiter(SEQUENCE_END)) {
                item(explicitVr, depth);
            }
        }

        /** Steps over the 8-byte delimiter {@code delimiter} if it is next (little-endian group, element), else stays. */
        private boolean skipDelimiter(int delimiter) {
            int tag = bb.getInt(bb.position());
            tag = ((tag & 0xffff) << 16) | ((tag >>> 16) & 0xffff);
            if (tag != delimiter) {
                return false;
            }
            bb.position(bb.position() + 8);
            return true;
        }

        private void item(boolean explicitVr, int depth) throws CtInputException {
            int group = bb.getShort() & 0xffff;
            int elem = bb.getShort() & 0xffff;
            long length = bb.getInt() & 0xffffffffL;
            int tag = (group << 16) | elem;
            if (tag != ITEM) {
                throw new CtInputException(file + ": broken DICOM sequence: expected an item, found (" + hex(group) + ","
                        + hex(elem) + ")");
            }
            if (length == UNDEFINED) {
                while (!skipDelimiter(ITEM_END)) {
                    element(explicitVr, depth + 1);
                }
                return;
            }
            if (length > bb.remaining()) {
                throw new CtInputException(file + ": truncated DICOM file inside a sequence item");
            }
            bb.position(bb.position() + (int) length);
        }

        private void pixels(long length) throws CtInputException {
            sawPixels = true;
            if (length == UNDEFINED) {
                boolean first = true;
                while (true) {
                    int group = bb.getShort() & 0xffff;
                    int elem = bb.getShort() & 0xffff;
                    long len = bb.getInt() & 0xffffffffL;
                    int tag = (group << 16) | elem;
                    if (tag == SEQUENCE_END) {
                        break;
                    }
                    if (tag != ITEM) {
                        throw new CtInputException(file + ": broken encapsulated pixel data: (" + hex(group) + "," + hex(elem) + ")");
                    }
                    if (len > bb.remaining()) {
                        throw new CtInputException(file + ": truncated DICOM file: a pixel data fragment claims " + len
                                + " bytes, " + bb.remaining() + " remain");
                    }
                    byte[] fragment = new byte[(int) len];
                    bb.get(fragment);
                    if (!first) {
                        fragments.add(fragment);  // the first item is the basic offset table
                    }
                    first = false;
                }
                if (fragments.isEmpty()) {
                    throw new CtInputException(file + ": encapsulated pixel data without fragments");
                }
                return;
            }
            if (length > bb.remaining()) {
                throw new CtInputException(file + ": truncated DICOM file: pixel data claims " + length + " bytes, "
                        + bb.remaining() + " remain");
            }
            if (withPixels) {
                pixelData = new byte[(int) length];
                bb.get(pixelData);
            } else {
                bb.position(bb.position() + (int) length);
            }
        }

        private void value(int tag, int start, int length) {
            switch (tag) {
                case 0x00020010 -> syntax = string(start, length);
                case 0x0020000E -> seriesUid = string(start, length);
                case 0x00080060 -> modality = string(start, length);
                case 0x00080008 -> imageType = List.of(string(start, length).split("\\\\"));
                case 0x00200032 -> position = decimals(start, length, 3);
                case 0x00200037 -> orientation = decimals(start, length, 6);
                case 0x00280030 -> pixelSpacing = decimals(start, length, 2);
                case 0x00280010 -> rows = bb.getShort(start) & 0xffff;
                case 0x00280011 -> columns = bb.getShort(start) & 0xffff;
                case 0x00280002 -> samples = bb.getShort(start) & 0xffff;
                case 0x00280004 -> photometric = string(start, length);
                case 0x00280008 -> frames = integer(start, length, 1);
                case 0x00280100 -> bitsAllocated = bb.getShort(start) & 0xffff;
                case 0x00280101 -> bitsStored = bb.getShort(start) & 0xffff;
                case 0x00280103 -> pixelRepresentation = bb.getShort(start) & 0xffff;
                case 0x00281052 -> intercept = decimal(start, length, 0);
                case 0x00281053 -> slope = decimal(start, length, 1);
                default -> { }
            }
        }

        private String string(int start, int length) {
            byte[] b = new byte[length];
            bb.get(start, b);
            String s = new String(b, StandardCharsets.ISO_8859_1);
            int end = s.length();
            while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == 0)) {
                end--;
            }
            int begin = 0;
            while (begin < end && s.charAt(begin) == ' ') {
                begin++;
            }
            return s.substring(begin, end);
        }

        private double[] decimals(int start, int length, int count) {
            String[] parts = string(start, length).split("\\\\");
            if (parts.length != count) {
                return null;
            }
            double[] out = new double[count];
            try {
                for (int n = 0; n < count; n++) {
                    out[n] = Double.parseDouble(parts[n].trim());
                }
            } catch (NumberFormatException e) {
                return null;
            }
            return out;
        }

        private double decimal(int start, int length, double fallback) {
            double[] v = decimals(start, length, 1);
            return v == null ? fallback : v[0];
        }

        private int integer(int start, int length, int fallback) {
            try {
                return Integer.parseInt(string(start, length).trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }

        private static String hex(int v) {
            return String.format("%04X", v);
        }

        @Override
        public String toString() {
            return "Reader[" + file + ", " + Arrays.toString(position) + "]";
        }
    }
}
