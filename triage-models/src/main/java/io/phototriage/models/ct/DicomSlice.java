package io.phototriage.models.ct;

import java.nio.file.Path;
import java.util.List;

/**
 * The attributes of one DICOM image file that a CT series needs, and its pixel data as stored (native bytes, or the
 * JPEG 2000 code stream of an encapsulated frame).
 *
 * @param file                the file
 * @param transferSyntax      TransferSyntaxUID (0002,0010)
 * @param seriesUid           SeriesInstanceUID (0020,000E), empty if absent
 * @param modality            Modality (0008,0060)
 * @param imageType           ImageType (0008,0008) values
 * @param position            ImagePositionPatient (0020,0032), LPS millimetres, or null
 * @param orientation         ImageOrientationPatient (0020,0037): row then column direction cosines, or null
 * @param pixelSpacing        PixelSpacing (0028,0030): between rows, between columns; or null
 * @param rows                Rows (0028,0010)
 * @param columns             Columns (0028,0011)
 * @param frames              NumberOfFrames (0028,0008), 1 if absent
 * @param samplesPerPixel     SamplesPerPixel (0028,0002)
 * @param photometric         PhotometricInterpretation (0028,0004)
 * @param bitsAllocated       BitsAllocated (0028,0100)
 * @param bitsStored          BitsStored (0028,0101)
 * @param pixelRepresentation PixelRepresentation (0028,0103): 0 unsigned, 1 two's complement
 * @param slope               RescaleSlope (0028,1053), 1 if absent
 * @param intercept           RescaleIntercept (0028,1052), 0 if absent
 * @param pixelData           native pixel bytes, or null when encapsulated or not read
 * @param fragments           the encapsulated fragments after the offset table, or an empty list
 */
public record DicomSlice(Path file, String transferSyntax, String seriesUid, String modality, List<String> imageType,
                         double[] position, double[] orientation, double[] pixelSpacing, int rows, int columns, int frames,
                         int samplesPerPixel, String photometric, int bitsAllocated, int bitsStored,
                         int pixelRepresentation, double slope, double intercept, byte[] pixelData, List<byte[]> fragments) {
    /** Explicit VR Little Endian. */
    public static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    /** Implicit VR Little Endian. */
    public static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    /** JPEG 2000 Image Compression (Lossless Only). */
    public static final String JPEG2000_LOSSLESS = "1.2.840.10008.1.2.4.90";
    /** JPEG 2000 Image Compression (lossless or lossy). */
    public static final String JPEG2000 = "1.2.840.10008.1.2.4.91";

    /**
     * Whether this is a localizer (scout) image: ImageType names LOCALIZER.
     *
     * @return true for a localizer
     */
    public boolean localizer() {
        return imageType.stream().anyMatch(t -> t.trim().equalsIgnoreCase("LOCALIZER"));
    }

    /**
     * Whether the pixel data is encapsulated (compressed).
     *
     * @return true for JPEG 2000
     */
    public boolean encapsulated() {
        return !fragments.isEmpty();
    }
}
