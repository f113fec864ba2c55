package io.phototriage.models.ct;

import io.phototriage.core.image.Resize;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * Axial, coronal and sagittal previews of a CT volume through its centre, windowed, with the labels drawn over it in
 * one colour per label. Views are radiological, on the volume's closest RAS-canonical grid: axial seen from the feet
 * (the patient's right on the image's left, anterior up), coronal from the front (superior up), sagittal from the
 * patient's left (anterior on the left). Pixels are scaled to square millimetres.
 */
public final class SlicePreview {
    /** Which plane. */
    public enum Plane {
        /** Perpendicular to the body's long axis, through the middle slice. */
        AXIAL,
        /** Front view, through the middle of the anterior-posterior axis. */
        CORONAL,
        /** Side view, through the middle of the left-right axis. */
        SAGITTAL;

        /**
         * The lower-case name, as used in file names.
         *
         * @return e.g. {@code axial}
         */
        public String fileStem() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private SlicePreview() {}

    /**
     * The overlay colour of a label: hues spread by the golden angle, so neighbouring ids differ.
     *
     * @param label a label id &gt; 0
     * @return 0xRRGGBB
     */
    public static int colour(int label) {
        float hue = (float) ((label * 0.618033988749895) % 1.0);
        return java.awt.Color.HSBtoRGB(hue, 0.85f, 1.0f) & 0xffffff;
    }

    /**
     * Renders one plane.
     *
     * @param volume  the CT
     * @param labels  labels on the same grid, or null for none
     * @param window  the display window
     * @param plane   which plane
     * @param maxSide the longest side of the image in pixels
     * @param alpha   overlay opacity, 0..1
     * @return an RGB image
     * @throws IllegalArgumentException if the labels are on another grid
     */
    public static BufferedImage render(CtVolume volume, LabelVolume labels, CtWindow window, Plane plane, int maxSide,
                                       double alpha) {
        if (labels != null && !labels.geometry().sameGrid(volume.geometry(), 1e-3)) {
            throw new IllegalArgumentException("the labels are not on the volume's grid");
        }
        CanonicalOrientation o = CanonicalOrientation.of(volume.geometry());
        VolumeGeometry g = o.canonical();
        float[] hu = o.identity() ? volume.hu() : o.toCanonical(volume.hu());
        short[] lab = labels == null ? null : o.identity() ? labels.labels() : canonicalLabels(o, labels.labels());
        int nx = g.nx(), ny = g.ny(), nz = g.nz();
        double[] sp = g.spacing();
        int w, h;
        double pw, ph;
        switch (plane) {
            case AXIAL -> { w = nx; h = ny; pw = sp[0]; ph = sp[1]; }
            case CORONAL -> { w = nx; h = nz; pw = sp[0]; ph = sp[2]; }
            default -> { w = ny; h = nz; pw = sp[1]; ph = sp[2]; }
        }
        BufferedImage raw = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int v = 0; v < h; v++) {
            for (int u = 0; u < w; u++) {
                int i, j, k;
                switch (plane) {
                    case AXIAL -> { i = nx - 1 - u; j = ny - 1 - v; k = nz / 2; }
                    case CORONAL -> { i = nx - 1 - u; j = ny / 2; k = nz - 1 - v; }
                    default -> { i = nx / 2; j = ny - 1 - u; k = nz - 1 - v; }
                }
                int n = g.index(i, j, k);
                int grey = window.grey(hu[n]);
                int r = grey, gr = grey, b = grey;
                if (lab != null && lab[n] > 0) {
                    int c = colour(lab[n]);
                    r = (int) Math.round((1 - alpha) * grey + alpha * ((c >> 16) & 0xff));
                    gr = (int) Math.round((1 - alpha) * grey + alpha * ((c >> 8) & 0xff));
                    b = (int) Math.round((1 - alpha) * grey + alpha * (c & 0xff));
                }
                raw.setRGB(u, v, (r << 16) | (gr << 8) | b);
            }
        }
        double mmW = w * pw, mmH = h * ph;
        double scale = maxSide / Math.max(mmW, mmH);
        int outW = Math.max(1, (int) Math.round(mmW * scale));
        int outH = Math.max(1, (int) Math.round(mmH * scale));
        return Resize.resize(raw, outW, outH, Resize.Filter.NEAREST);
    }

    private static short[] canonicalLabels(CanonicalOrientation o, short[] labels) {
        float[] asFloat = new float[labels.length];
        for (int n = 0; n < labels.length; n++) {
            asFloat[n] = labels[n];
        }
        float[] c = o.toCanonical(asFloat);
        short[] out = new short[c.length];
        for (int n = 0; n < c.length; n++) {
            out[n] = (short) c[n];
        }
        return out;
    }
}
