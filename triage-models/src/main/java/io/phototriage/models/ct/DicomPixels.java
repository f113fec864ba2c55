package io.phototriage.models.ct;

import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes the pixels of one {@link DicomSlice} to Hounsfield units: native 8/16-bit samples (the stored bits masked,
 * two's complement sign-extended when PixelRepresentation is 1) or a JPEG 2000 code stream (through jai-imageio's
 * JPEG 2000 reader), then the modality LUT {@code HU = stored · RescaleSlope + RescaleIntercept}, as pydicom's
 * {@code apply_modality_lut} does.
 *
 * <p>MONOCHROME1 (minimum = white) changes only how the values are displayed, not the modality LUT, so its HU are the
 * same as MONOCHROME2's (pydicom and dcm2niix agree); anything but one-sample monochrome is refused.
 */
public final class DicomPixels {
    private DicomPixels() {}

    /**
     * Decodes one single-frame slice, in DICOM order (row-major, {@code columns} fastest).
     *
     * @param slice a slice parsed with its pixels
     * @return rows · columns Hounsfield values
     * @throws CtInputException if the encoding is unsupported or the pixel data does not fit the header
     */
    public static float[] hounsfield(DicomSlice slice) throws CtInputException {
        if (slice.samplesPerPixel() != 1 || !(slice.photometric().equals("MONOCHROME1") || slice.photometric().equals("MONOCHROME2"))) {
            throw new CtInputException(slice.file() + ": " + slice.samplesPerPixel() + "-sample " + slice.photometric()
                    + " pixels; a CT slice is one-sample MONOCHROME1 or MONOCHROME2");
        }
        if (slice.frames() != 1) {
            throw new CtInputException(slice.file() + ": a multi-frame image (" + slice.frames() + " frames); give a series of "
                    + "single-frame slices");
        }
        int[] stored = slice.encapsulated() ? jpeg2000(slice) : nativeSamples(slice);
        float[] hu = new float[stored.length];
        double slope = slice.slope();
        double intercept = slice.intercept();
        for (int n = 0; n < hu.length; n++) {
            hu[n] = (float) (stored[n] * slope + intercept);
        }
        return hu;
    }

    private static int[] nativeSamples(DicomSlice s) throws CtInputException {
        int count = s.rows() * s.columns();
        int bytes = s.bitsAllocated() / 8;
        if (s.bitsAllocated() != 8 && s.bitsAllocated() != 16) {
            throw new CtInputException(s.file() + ": BitsAllocated " + s.bitsAllocated() + " is not supported (8 and 16 are)");
        }
        byte[] data = s.pixelData();
        if (data == null || data.length < (long) count * bytes) {
            throw new CtInputException(s.file() + ": pixel data holds " + (data == null ? 0 : data.length) + " bytes, "
                    + s.rows() + "x" + s.columns() + " pixels of " + bytes + " bytes need " + (long) count * bytes);
        }
        ByteBuffer bb = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int[] out = new int[count];
        for (int n = 0; n < count; n++) {
            int raw = bytes == 2 ? bb.getShort() & 0xffff : bb.get() & 0xff;
            out[n] = stored(raw, s.bitsStored() > 0 ? s.bitsStored() : s.bitsAllocated(), s.pixelRepresentation() == 1);
        }
        return out;
    }

    /** The stored value of a raw sample: its low {@code bits} bits, sign-extended if signed. */
    static int stored(int raw, int bits, boolean signed) {
        int mask = bits >= 32 ? -1 : (1 << bits) - 1;
        int v = raw & mask;
        if (signed && bits < 32 && (v & (1 << (bits - 1))) != 0) {
            v -= 1 << bits;
        }
        return v;
    }

    private static int[] jpeg2000(DicomSlice s) throws CtInputException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (byte[] fragment : s.fragments()) {
            stream.writeBytes(fragment);
        }
        byte[] codestream = stream.toByteArray();
        ImageReader reader = j2kReader(s);
        try (ImageInputStream in = new MemoryCacheImageInputStream(new java.io.ByteArrayInputStream(codestream))) {
            reader.setInput(in);
            Raster raster = reader.readRaster(0, null);
            if (raster.getWidth() != s.columns() || raster.getHeight() != s.rows() || raster.getNumBands() != 1) {
                throw new CtInputException(s.file() + ": the JPEG 2000 frame is " + raster.getWidth() + "x" + raster.getHeight()
                        + " with " + raster.getNumBands() + " components; the header says " + s.columns() + "x" + s.rows());
            }
            int[] out = raster.getSamples(raster.getMinX(), raster.getMinY(), s.columns(), s.rows(), 0,
                    new int[s.columns() * s.rows()]);
            boolean signedBuffer = raster.getDataBuffer().getDataType() == DataBuffer.TYPE_SHORT
                    || raster.getDataBuffer().getDataType() == DataBuffer.TYPE_INT;
            if (s.pixelRepresentation() == 1 && !signedBuffer) {
                int bits = s.bitsStored() > 0 ? s.bitsStored() : s.bitsAllocated();
                for (int n = 0; n < out.length; n++) {
                    out[n] = stored(out[n], bits, true);
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new CtInputException(s.file() + ": cannot decode the JPEG 2000 pixel data: " + e.getMessage(), e);
        } finally {
            reader.dispose();
        }
    }

    private static ImageReader j2kReader(DicomSlice s) throws CtInputException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg2000");
        while (readers.hasNext()) {
            ImageReader r = readers.next();
            if (r.getClass().getName().startsWith("com.github.jaiimageio")) {
                return r;
            }
        }
        throw new CtInputException(s.file() + ": JPEG 2000 pixel data needs com.github.jai-imageio:jai-imageio-jpeg2000 on "
                + "the class path");
    }
}
