package io.phototriage.models.ct;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reads and writes single-file NIfTI-1 volumes ({@code .nii}, and {@code .nii.gz} when gzip-compressed), written by
 * hand after the NIfTI-1 standard (nifti1.h): the format is a 348-byte header, 4 bytes of extension flags and the
 * voxels. Reading takes either byte order, the datatypes of {@link NiftiHeader#bytesPerVoxel}, data scaling and the
 * sform/qform affine as nibabel chooses it; writing produces little-endian files with the sform (code 2, "aligned")
 * and, when the affine's axes are orthogonal, the matching qform (code 2), as nibabel and dcm2niix write them.
 *
 * <p>A file is rejected, with its name in the message, when its header is not NIfTI-1 (wrong {@code sizeof_hdr} or
 * magic; NIfTI-2 is named as unsupported), it has more than three non-trivial dimensions, an unsupported datatype,
 * more voxels than the budget, or fewer data bytes than the header promises.
 */
public final class Nifti {
    private static final int NII_DATA_OFFSET = 352;

    private Nifti() {}

    /**
     * A NIfTI volume as read: its header, its grid and its values (scaled if the header says so).
     *
     * @param header   the header fields
     * @param geometry the grid with nibabel's best affine
     * @param values   one value per voxel, {@code i} fastest
     */
    public record Image(NiftiHeader header, VolumeGeometry geometry, float[] values) {
    }

    /**
     * Reads a NIfTI-1 file.
     *
     * @param file        a {@code .nii} or {@code .nii.gz} file (gzip is detected from the content)
     * @param voxelBudget the most voxels accepted; a larger volume is refused before its data is read
     * @return the header, grid and values
     * @throws CtInputException if the file is not a readable NIfTI-1 volume (the message says why)
     * @throws IOException      if the file cannot be read
     */
    public static Image read(Path file, long voxelBudget) throws IOException {
        try (InputStream in = open(file)) {
            byte[] raw = in.readNBytes(NiftiHeader.SIZE);
            if (raw.length < NiftiHeader.SIZE) {
                throw new CtInputException(file + ": not a NIfTI-1 file: " + raw.length + " bytes, shorter than a header");
            }
            NiftiHeader header = parseHeader(raw, file);
            long voxels = (long) header.nx() * header.ny() * header.nz();
            if (voxels > voxelBudget) {
                throw new CtInputException(file + ": " + header.nx() + "x" + header.ny() + "x" + header.nz() + " = " + voxels
                        + " voxels is over the voxel budget of " + voxelBudget);
            }
            long skip = (long) header.voxOffset() - NiftiHeader.SIZE;
            if (skip < 0) {
                throw new CtInputException(file + ": vox_offset " + header.voxOffset() + " lies inside the header");
            }
            if (skipFully(in, skip) < skip) {
                throw new CtInputException(file + ": truncated before the voxel data (vox_offset " + header.voxOffset() + ")");
            }
            int bpv = NiftiHeader.bytesPerVoxel(header.datatype());
            float[] values = readValues(in, header, (int) voxels, bpv, file);
            return new Image(header, header.geometry(), values);
        } catch (ZipException e) {
            throw new CtInputException(file + ": broken gzip stream: " + e.getMessage(), e);
        } catch (EOFException e) {
            throw new CtInputException(file + ": truncated: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a NIfTI CT volume (Hounsfield units).
     *
     * @param file        the file
     * @param voxelBudget the most voxels accepted
     * @return the volume, its source the file name
     * @throws IOException if the file is not a readable NIfTI-1 volume
     */
    public static CtVolume readVolume(Path file, long voxelBudget) throws IOException {
        Image image = read(file, voxelBudget);
        return new CtVolume(image.geometry(), image.values(), file.getFileName().toString(), List.of());
    }

    /**
     * Reads a NIfTI label map: every value must be a whole number in 0..32767.
     *
     * @param file        the file
     * @param voxelBudget the most voxels accepted
     * @return the labels on the file's grid
     * @throws IOException if the file is not a readable NIfTI-1 volume or holds a value that is not a label
     */
    public static LabelVolume readLabels(Path file, long voxelBudget) throws IOException {
        Image image = read(file, voxelBudget);
        float[] v = image.values();
        short[] labels = new short[v.length];
        for (int n = 0; n < v.length; n++) {
            float x = v[n];
            if (x < 0 || x > Short.MAX_VALUE || x != Math.rint(x)) {
                throw new CtInputException(file + ": value " + x + " at voxel " + n + " is not a label (a whole number 0..32767)");
            }
            labels[n] = (short) x;
        }
        return new LabelVolume(image.geometry(), labels);
    }

    private static long skipFully(InputStream in, long n) throws IOException {
        long done = 0;
        byte[] buf = new byte[8192];
        while (done < n) {
            int got = in.read(buf, 0, (int) Math.min(buf.length, n - done));
            if (got < 0) {
                break;
            }
            done += got;
        }
        return done;
    }

    private static InputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CtInputException(file + ": no such file");
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new GZIPInputStream(in, 1 << 16);
        }
        return in;
    }

    static NiftiHeader parseHeader(byte[] raw, Path file) throws CtInputException {
        ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int sizeof = bb.getInt(0);
        if (sizeof != NiftiHeader.SIZE) {
            bb.order(ByteOrder.BIG_ENDIAN);
            sizeof = bb.getInt(0);
        }
        if (sizeof == 540 || Integer.reverseBytes(sizeof) == 540) {
            throw new CtInputException(file + ": a NIfTI-2 header; only NIfTI-1 is supported");
        }
        if (sizeof != NiftiHeader.SIZE) {
            throw new CtInputException(file + ": broken NIfTI header: sizeof_hdr is " + bb.order(ByteOrder.LITTLE_ENDIAN).getInt(0)
                    + ", not 348 in either byte order");
        }
        String magic = new String(raw, 344, 3, StandardCharsets.US_ASCII);
        if (!magic.equals("n+1") && !magic.equals("ni1")) {
            throw new CtInputException(file + ": broken NIfTI header: magic is '" + printable(magic) + "', not 'n+1'");
        }
        if (magic.equals("ni1")) {
            throw new CtInputException(file + ": a two-file NIfTI (.hdr/.img) header; give a single-file .nii or .nii.gz");
        }
        short[] dim = new short[8];
        for (int n = 0; n < 8; n++) {
            dim[n] = bb.getShort(40 + 2 * n);
        }
        if (dim[0] < 3 || dim[0] > 7) {
            throw new CtInputException(file + ": broken NIfTI header: dim[0] = " + dim[0] + ", a 3-D volume needs 3");
        }
        for (int n = 1; n <= 3; n++) {
            if (dim[n] <= 0) {
                throw new CtInputException(file + ": broken NIfTI header: dim[" + n + "] = " + dim[n]);
            }
        }
        for (int n = 4; n <= dim[0]; n++) {
            if (dim[n] != 1) {
                throw new CtInputException(file + ": a " + dim[0] + "-D volume (dim[" + n + "] = " + dim[n]
                        + "); only 3-D volumes are supported");
            }
        }
        int datatype = bb.getShort(70);
        int bitpix = bb.getShort(72);
        int bpv = NiftiHeader.bytesPerVoxel(datatype);
        if (bpv == 0) {
            throw new CtInputException(file + ": NIfTI datatype " + datatype + " is not supported (uint8, int8, int16, uint16, "
                    + "int32, uint32, float32, float64 are)");
        }
        if (bitpix != bpv * 8) {
            throw new CtInputException(file + ": broken NIfTI header: bitpix " + bitpix + " does not match datatype " + datatype);
        }
        float[] pixdim = new float[8];
        for (int n = 0; n < 8; n++) {
            pixdim[n] = bb.getFloat(76 + 4 * n);
        }
        float[] quatern = new float[6];
        for (int n = 0; n < 6; n++) {
            quatern[n] = bb.getFloat(256 + 4 * n);
        }
        float[] srow = new float[12];
        for (int n = 0; n < 12; n++) {
            srow[n] = bb.getFloat(280 + 4 * n);
        }
        NiftiHeader header = new NiftiHeader(bb.order() == ByteOrder.LITTLE_ENDIAN, dim[1], dim[2], dim[3], datatype, bitpix,
                pixdim, bb.getFloat(108), bb.getFloat(112), bb.getFloat(116), bb.getShort(252), bb.getShort(254), quatern, srow);
        try {
            header.geometry();
        } catch (IllegalArgumentException e) {
            throw new CtInputException(file + ": broken NIfTI header: " + e.getMessage(), e);
        }
        return header;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return b.toString();
    }

    private static float[] readValues(InputStream in, NiftiHeader h, int voxels, int bpv, Path file) throws IOException {
        float[] out = new float[voxels];
        boolean scaled = h.scaled();
        float slope = h.sclSlope();
        float inter = Float.isFinite(h.sclInter()) ? h.sclInter() : 0f;
        ByteOrder order = h.littleEndian() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        byte[] chunk = new byte[bpv * 65536];
        int done = 0;
        while (done < voxels) {
            int n = Math.min(65536, voxels - done);
            int got = in.readNBytes(chunk, 0, n * bpv);
            if (got < n * bpv) {
                throw new CtInputException(file + ": truncated voxel data: the header promises " + voxels + " voxels of "
                        + bpv + " bytes, the file ends after " + (done + got / bpv));
            }
            ByteBuffer bb = ByteBuffer.wrap(chunk, 0, n * bpv).order(order);
            for (int v = 0; v < n; v++) {
                double x = switch (h.datatype()) {
                    case NiftiHeader.UINT8 -> bb.get() & 0xff;
                    case NiftiHeader.INT8 -> bb.get();
                    case NiftiHeader.INT16 -> bb.getShort();
                    case NiftiHeader.UINT16 -> bb.getShort() & 0xffff;
                    case NiftiHeader.INT32 -> bb.getInt();
                    case NiftiHeader.UINT32 -> bb.getInt() & 0xffffffffL;
                    case NiftiHeader.FLOAT32 -> bb.getFloat();
                    default -> bb.getDouble();
                };
                out[done + v] = (float) (scaled ? x * slope + inter : x);
            }
            done += n;
        }
        return out;
    }

    /**
     * Writes a volume as int16 (values rounded, clamped to -32768..32767), gzip-compressed; no data scaling.
     *
     * @param out      where the file goes (not closed)
     * @param geometry the grid and affine
     * @param values   one value per voxel, {@code i} fastest
     * @throws IOException if writing fails
     */
    public static void writeInt16(OutputStream out, VolumeGeometry geometry, float[] values) throws IOException {
        short[] s = new short[values.length];
        for (int n = 0; n < s.length; n++) {
            s[n] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(values[n])));
        }
        write(out, geometry, NiftiHeader.INT16, s);
    }

    /**
     * Writes a label map, gzip-compressed: uint8 when every label is at most 255 (as TotalSegmentator writes its
     * segmentations), otherwise int16.
     *
     * @param out    where the file goes (not closed)
     * @param labels the label map
     * @throws IOException if writing fails
     */
    public static void writeLabels(OutputStream out, LabelVolume labels) throws IOException {
        write(out, labels.geometry(), labels.maxLabel() <= 255 ? NiftiHeader.UINT8 : NiftiHeader.INT16, labels.data());
    }

    private static void write(OutputStream target, VolumeGeometry g, int datatype, short[] values) throws IOException {
        if (values.length != g.voxelCount()) {
            throw new IllegalArgumentException(values.length + " values for a grid of " + g.voxelCount() + " voxels");
        }
        if (g.nx() > Short.MAX_VALUE || g.ny() > Short.MAX_VALUE || g.nz() > Short.MAX_VALUE) {
            throw new IllegalArgumentException("NIfTI-1 sizes are at most 32767: " + g);
        }
        GZIPOutputStream gz = new GZIPOutputStream(new NonClosing(target), 1 << 16);
        OutputStream out = new BufferedOutputStream(gz, 1 << 16);
        out.write(header(g, datatype));
        int bpv = NiftiHeader.bytesPerVoxel(datatype);
        ByteBuffer bb = ByteBuffer.allocate(65536 * bpv).order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < values.length; ) {
            int n = Math.min(65536, values.length - done);
            bb.clear();
            for (int v = 0; v < n; v++) {
                if (datatype == NiftiHeader.UINT8) {
                    bb.put((byte) values[done + v]);
                } else {
                    bb.putShort(values[done + v]);
                }
            }
            out.write(bb.array(), 0, n * bpv);
            done += n;
        }
        out.flush();
        gz.finish();
    }

    /** The 352 bytes before the voxels: header and an empty extension flag. */
    static byte[] header(VolumeGeometry g, int datatype) {
        ByteBuffer bb = ByteBuffer.allocate(NII_DATA_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(0, NiftiHeader.SIZE);
        bb.put(38, (byte) 'r');
        short[] dim = {3, (short) g.nx(), (short) g.ny(), (short) g.nz(), 1, 1, 1, 1};
        for (int n = 0; n < 8; n++) {
            bb.putShort(40 + 2 * n, dim[n]);
        }
        bb.putShort(70, (short) datatype);
        bb.putShort(72, (short) (8 * NiftiHeader.bytesPerVoxel(datatype)));
        double[] spacing = g.spacing();
        Qform q = Qform.of(g);
        bb.putFloat(76, q == null ? 1f : (float) q.qfac);
        for (int n = 0; n < 3; n++) {
            bb.putFloat(80 + 4 * n, (float) spacing[n]);
        }
        for (int n = 4; n < 8; n++) {
            bb.putFloat(76 + 4 * n, 1f);
        }
        bb.putFloat(108, NII_DATA_OFFSET);
        bb.putFloat(112, Float.NaN);  // no scaling, as nibabel writes an unscaled image
        bb.putFloat(116, Float.NaN);
        bb.put(123, (byte) 10);  // xyzt_units: mm and seconds
        byte[] descrip = "phototriage".getBytes(StandardCharsets.US_ASCII);
        bb.put(148, descrip);
        if (q != null) {
            bb.putShort(252, (short) 2);
            bb.putFloat(256, (float) q.b);
            bb.putFloat(260, (float) q.c);
            bb.putFloat(264, (float) q.d);
        }
        bb.putShort(254, (short) 2);
        double[] a = g.affine();
        for (int n = 0; n < 3; n++) {
            bb.putFloat(268 + 4 * n, (float) a[n * 4 + 3]);
        }
        for (int n = 0; n < 12; n++) {
            bb.putFloat(280 + 4 * n, (float) a[n]);
        }
        bb.put(344, (byte) 'n');
        bb.put(345, (byte) '+');
        bb.put(346, (byte) '1');
        return bb.array();
    }

    /** The qform quaternion of an affine whose axes are orthogonal (nifti1_io's mat44_to_quatern for that case). */
    record Qform(double b, double c, double d, double qfac) {
        static Qform of(VolumeGeometry g) {
            double[] a = g.affine();
            double[] s = g.spacing();
            double[][] r = new double[3][3];
            for (int row = 0; row < 3; row++) {
                for (int col = 0; col < 3; col++) {
                    r[row][col] = a[row * 4 + col] / s[col];
                }
            }
            for (int c1 = 0; c1 < 3; c1++) {
                for (int c2 = c1 + 1; c2 < 3; c2++) {
                    double dot = r[0][c1] * r[0][c2] + r[1][c1] * r[1][c2] + r[2][c1] * r[2][c2];
                    if (Math.abs(dot) > 1e-4) {
                        return null;  // sheared: the sform alone describes it
                    }
                }
            }
            double det = r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1]) - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
                    + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
            double qfac = 1;
            if (det < 0) {
                qfac = -1;
                for (int row = 0; row < 3; row++) {
                    r[row][2] = -r[row][2];
                }
            }
            double qa = r[0][0] + r[1][1] + r[2][2] + 1.0;
            double qb, qc, qd;
            if (qa > 0.5) {
                qa = 0.5 * Math.sqrt(qa);
                qb = 0.25 * (r[2][1] - r[1][2]) / qa;
                qc = 0.25 * (r[0][2] - r[2][0]) / qa;
                qd = 0.25 * (r[1][0] - r[0][1]) / qa;
            } else {
                double xd = 1.0 + r[0][0] - (r[1][1] + r[2][2]);
                double yd = 1.0 + r[1][1] - (r[0][0] + r[2][2]);
                double zd = 1.0 + r[2][2] - (r[0][0] + r[1][1]);
                if (xd > 1.0) {
                    qb = 0.5 * Math.sqrt(xd);
                    qc = 0.25 * (r[0][1] + r[1][0]) / qb;
                    qd = 0.25 * (r[0][2] + r[2][0]) / qb;
                    qa = 0.25 * (r[2][1] - r[1][2]) / qb;
                } else if (yd > 1.0) {
                    qc = 0.5 * Math.sqrt(yd);
                    qb = 0.25 * (r[0][1] + r[1][0]) / qc;
                    qd = 0.25 * (r[1][2] + r[2][1]) / qc;
                    qa = 0.25 * (r[0][2] - r[2][0]) / qc;
                } else {
                    qd = 0.5 * Math.sqrt(zd);
                    qb = 0.25 * (r[0][2] + r[2][0]) / qd;
                    qc = 0.25 * (r[1][2] + r[2][1]) / qd;
                    qa = 0.25 * (r[1][0] - r[0][1]) / qd;
                }
                if (qa < 0) {
                    qb = -qb;
                    qc = -qc;
                    qd = -qd;
                }
            }
            return new Qform(qb, qc, qd, qfac);
        }
    }

    /** Lets the gzip stream finish without closing the caller's stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
