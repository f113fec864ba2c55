package io.phototriage.models.ct;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a CT input: a folder is a DICOM series ({@link DicomSeries}), a {@code .nii} or {@code .nii.gz} file a NIfTI
 * volume ({@link Nifti}).
 */
public final class CtReader {
    private CtReader() {}

    /**
     * Reads a CT volume.
     *
     * @param input   a folder of DICOM files or a NIfTI file
     * @param options which series and the voxel budget
     * @return the volume in Hounsfield units
     * @throws CtInputException if the input is neither or cannot be read as a volume
     * @throws IOException      if a file cannot be read
     */
    public static CtVolume read(Path input, CtReadOptions options) throws IOException {
        if (Files.isDirectory(input)) {
            return DicomSeries.read(input, options);
        }
        String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".nii") || name.endsWith(".nii.gz")) {
            return Nifti.readVolume(input, options.voxelBudget());
        }
        if (!Files.exists(input)) {
            throw new CtInputException(input + ": no such file or folder");
        }
        throw new CtInputException(input + ": give a folder of DICOM files or a .nii / .nii.gz volume");
    }
}
