package io.phototriage.models.ct;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a folder of DICOM files as one CT volume.
 *
 * <ol>
 *   <li>Every regular file under the folder (sub-folders included) is looked at; files without the DICM marker,
 *       images without pixel data and localizers are skipped with a note.</li>
 *   <li>Slices are grouped by SeriesInstanceUID; the series asked for, else the one with the most slices (a tie is an
 *       error naming both) is read; the others are noted.</li>
 *   <li>Slices are ordered by their position along the slice normal (the cross product of the row and column cosines
 *       of ImageOrientationPatient, dotted with ImagePositionPatient), never by file name or InstanceNumber.</li>
 *   <li>Checks, each a clear error: the same size, orientation and pixel spacing on every slice; no two slices at one
 *       position; positions on a line along the normal (no gantry tilt); even spacing (a gap names the missing
 *       positions); the voxel budget, before any pixel is decoded.</li>
 *   <li>Pixels become Hounsfield units ({@link DicomPixels}); the grid is dcm2niix's: voxel {@code (i, j, k)} is column
 *       {@code i}, row {@code rows - 1 - j} of the {@code k}-th slice along the normal, and the affine maps it to
 *       RAS (DICOM's LPS with x and y negated).</li>
 * </ol>
 */
public final class DicomSeries {
    private static final double ORIENTATION_TOLERANCE = 1e-4;
    private static final double SPACING_TOLERANCE = 1e-3;

    private DicomSeries() {}

    /**
     * Reads the series of a folder.
     *
     * @param folder  the folder holding the series' files
     * @param options which series and the voxel budget
     * @return the volume in HU, its source the SeriesInstanceUID, its notes what was skipped
     * @throws CtInputException if there is no usable series or it fails a check (the message says which)
     * @throws IOException      if a file cannot be read
     */
    public static CtVolume read(Path folder, CtReadOptions options) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new CtInputException(folder + ": not a folder of DICOM files");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder, 4)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        List<String> notes = new ArrayList<>();
        Map<String, List<DicomSlice>> series = new LinkedHashMap<>();
        for (Path file : files) {
            String name = folder.relativize(file).toString();
            if (!DicomParser.isDicom(file)) {
                notes.add("skipped " + name + ": not a DICOM file");
                continue;
            }
            DicomSlice slice;
            try {
                slice = DicomParser.parse(file, false);
            } catch (DicomParser.NoPixelDataException e) {
                notes.add("skipped " + name + ": no pixel data");
                continue;
            }
            if (slice.localizer()) {
                notes.add("skipped " + name + ": a localizer image");
                continue;
            }
            series.computeIfAbsent(slice.seriesUid(), k -> new ArrayList<>()).add(slice);
        }
        if (series.isEmpty()) {
            throw new CtInputException(folder + ": no DICOM image files found (" + files.size() + " files looked at)");
        }
        String uid = choose(folder, series, options.seriesUid());
        for (Map.Entry<String, List<DicomSlice>> other : series.entrySet()) {
            if (!other.getKey().equals(uid)) {
                notes.add("skipped series " + label(other.getKey()) + " (" + other.getValue().size() + " slices)");
            }
        }
        return assemble(folder, uid, series.get(uid), notes, options.voxelBudget());
    }

    private static String label(String uid) {
        return uid.isEmpty() ? "(no SeriesInstanceUID)" : uid;
    }

    private static String choose(Path folder, Map<String, List<DicomSlice>> series, String wanted) throws CtInputException {
        if (wanted != null) {
            if (!series.containsKey(wanted)) {
                throw new CtInputException(folder + ": no series " + wanted + "; found " + describe(series));
            }
            return wanted;
        }
        List<Map.Entry<String, List<DicomSlice>>> bySize = new ArrayList<>(series.entrySet());
        bySize.sort(Comparator.comparingInt((Map.Entry<String, List<DicomSlice>> e) -> e.getValue().size()).reversed());
        if (bySize.size() > 1 && bySize.get(0).getValue().size() == bySize.get(1).getValue().size()) {
            throw new CtInputException(folder + ": two series with the most slices, " + describe(series)
                    + "; choose one with --series UID");
        }
        return bySize.get(0).getKey();
    }

    private static String describe(Map<String, List<DicomSlice>> series) {
        StringBuilder b = new StringBuilder();
        series.forEach((uid, slices) -> b.append(b.length() == 0 ? "" : ", ").append(label(uid)).append(" (")
                .append(slices.size()).append(" slices)"));
        return b.toString();
    }

    private static CtVolume assemble(Path folder, String uid, List<DicomSlice> slices, List<String> notes, long budget)
            throws IOException {
        DicomSlice first = slices.get(0);
        for (DicomSlice s : slices) {
            if (s.position() == null || s.orientation() == null || s.pixelSpacing() == null) {
                throw new CtInputException(s.file() + ": no ImagePositionPatient, ImageOrientationPatient or PixelSpacing; "
                        + "cannot place the slice in space");
            }
            if (s.rows() != first.rows() || s.columns() != first.columns()) {
                throw new CtInputException(folder + ": mixed slice sizes in series " + label(uid) + ": " + first.file().getFileName()
                        + " is " + first.columns() + "x" + first.rows() + ", " + s.file().getFileName() + " is " + s.columns()
                        + "x" + s.rows());
            }
            for (int n = 0; n < 6; n++) {
                if (Math.abs(s.orientation()[n] - first.orientation()[n]) > ORIENTATION_TOLERANCE) {
                    throw new CtInputException(folder + ": mixed orientations in series " + label(uid) + ": "
                            + first.file().getFileName() + " and " + s.file().getFileName());
                }
            }
            for (int n = 0; n < 2; n++) {
                if (Math.abs(s.pixelSpacing()[n] - first.pixelSpacing()[n]) > SPACING_TOLERANCE) {
                    throw new CtInputException(folder + ": mixed pixel spacings in series " + label(uid) + ": "
                            + first.file().getFileName() + " and " + s.file().getFileName());
                }
            }
        }
        if (slices.size() < 2) {
            throw new CtInputException(folder + ": series " + label(uid) + " has one slice; a volume needs at least two");
        }
        double[] iop = first.orientation();
        double[] row = {iop[0], iop[1], iop[2]};
        double[] col = {iop[3], iop[4], iop[5]};
        double[] normal = cross(row, col);
        List<DicomSlice> ordered = new ArrayList<>(slices);
        ordered.sort(Comparator.comparingDouble(s -> dot(normal, s.position())));
        int n = ordered.size();
        double[] along = new double[n];
        for (int k = 0; k < n; k++) {
            along[k] = dot(normal, ordered.get(k).position());
        }
        double[] p0 = ordered.get(0).position();
        for (int k = 1; k < n; k++) {
            double[] d = sub(ordered.get(k).position(), p0);
            double[] off = sub(d, scale(normal, dot(d, normal)));
            if (Math.sqrt(dot(off, off)) > 0.01 + 1e-3 * Math.abs(along[k] - along[0])) {
                throw new CtInputException(folder + ": slices of series " + label(uid) + " are not stacked along the slice normal ("
                        + ordered.get(k).file().getFileName() + " is " + fmt(Math.sqrt(dot(off, off)))
                        + " mm off it): a gantry tilt or a sheared stack is not supported");
            }
        }
        double[] steps = new double[n - 1];
        for (int k = 1; k < n; k++) {
            steps[k - 1] = along[k] - along[k - 1];
            if (steps[k - 1] < 1e-3) {
                throw new CtInputException(folder + ": two slices at the same position in series " + label(uid) + ": "
                        + ordered.get(k - 1).file().getFileName() + " and " + ordered.get(k).file().getFileName());
            }
        }
        double dz = smallest(steps);
        for (int k = 0; k < steps.length; k++) {
            if (Math.abs(steps[k] - dz) > Math.max(0.01, 0.01 * dz)) {
                long missing = Math.round(steps[k] / dz) - 1;
                if (missing >= 1 && Math.abs(steps[k] - (missing + 1) * dz) <= Math.max(0.01, 0.01 * dz)) {
                    throw new CtInputException(folder + ": series " + label(uid) + " has a gap: " + missing + " slice(s) missing "
                            + "between " + ordered.get(k).file().getFileName() + " (at " + fmt(along[k]) + " mm) and "
                            + ordered.get(k + 1).file().getFileName() + " (at " + fmt(along[k + 1]) + " mm), spacing " + fmt(dz) + " mm");
                }
                throw new CtInputException(folder + ": series " + label(uid) + " has uneven slice spacing: " + fmt(steps[k])
                        + " mm between " + ordered.get(k).file().getFileName() + " and " + ordered.get(k + 1).file().getFileName()
                        + ", " + fmt(dz) + " mm elsewhere");
            }
        }
        dz = (along[n - 1] - along[0]) / (n - 1);
        int rows = first.rows();
        int cols = first.columns();
        long voxels = (long) rows * cols * n;
        if (voxels > budget) {
            throw new CtInputException(folder + ": series " + label(uid) + " is " + cols + "x" + rows + "x" + n + " = " + voxels
                    + " voxels, over the voxel budget of " + budget);
        }
        float[] hu = new float[Math.toIntExact(voxels)];
        for (int k = 0; k < n; k++) {
            DicomSlice s = DicomParser.parse(ordered.get(k).file(), true);
            float[] slice = DicomPixels.hounsfield(s);
            for (int r = 0; r < rows; r++) {
                int j = rows - 1 - r;
                System.arraycopy(slice, r * cols, hu, cols * (j + rows * k), cols);
            }
        }
        double dr = first.pixelSpacing()[0];  // between rows
        double dc = first.pixelSpacing()[1];  // between columns
        // LPS: x = P0 + i*dc*row + r*dr*col + k*dz*normal, with r = rows-1-j
        double[] origin = new double[3];
        for (int a = 0; a < 3; a++) {
            origin[a] = p0[a] + (rows - 1) * dr * col[a];
        }
        double[] lps = {
            row[0] * dc, -col[0] * dr, normal[0] * dz, origin[0],
            row[1] * dc, -col[1] * dr, normal[1] * dz, origin[1],
            row[2] * dc, -col[2] * dr, normal[2] * dz, origin[2],
            0, 0, 0, 1};
        double[] ras = lps.clone();
        for (int c = 0; c < 4; c++) {
            ras[c] = -lps[c];
            ras[4 + c] = -lps[4 + c];
        }
        VolumeGeometry geometry = new VolumeGeometry(cols, rows, n, ras);
        return new CtVolume(geometry, hu, label(uid), notes);
    }

    private static double smallest(double[] v) {
        double m = Double.MAX_VALUE;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double[] sub(double[] a, double[] b) {
        return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    private static double[] scale(double[] a, double s) {
        return new double[] {a[0] * s, a[1] * s, a[2] * s};
    }
}
