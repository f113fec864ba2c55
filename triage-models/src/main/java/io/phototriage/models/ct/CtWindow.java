package io.phototriage.models.ct;

/**
 * A display window on Hounsfield units: {@code level} is the centre, {@code width} the range shown from black to
 * white. The soft-tissue window is level 40, width 400 (−160..240 HU).
 *
 * @param level centre, HU
 * @param width range, HU (positive)
 */
public record CtWindow(double level, double width) {
    /** The soft-tissue window: level 40, width 400. */
    public static final CtWindow SOFT_TISSUE = new CtWindow(40, 400);

    /**
     * Validates.
     *
     * @param level centre, HU
     * @param width range, HU (positive)
     * @throws IllegalArgumentException if the width is not positive or a number is not finite
     */
    public CtWindow {
        if (!Double.isFinite(level) || !Double.isFinite(width) || width <= 0) {
            throw new IllegalArgumentException("a window needs a finite level and a positive width, got " + level + "," + width);
        }
    }

    /**
     * Parses {@code LEVEL,WIDTH}, e.g. {@code 40,400}.
     *
     * @param text the two numbers
     * @return the window
     * @throws IllegalArgumentException if it is not two numbers or the width is not positive
     */
    public static CtWindow parse(String text) {
        String[] parts = text.split(",");
        if (parts.length != 2) {
            throw new IllegalArgumentException("a window is LEVEL,WIDTH in HU (e.g. 40,400), got '" + text + "'");
        }
        try {
            return new CtWindow(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a window is LEVEL,WIDTH in HU (e.g. 40,400), got '" + text + "'", e);
        }
    }

    /**
     * The grey value of a Hounsfield value: 0 at or below {@code level − width/2}, 255 at or above
     * {@code level + width/2}, linear (rounded) between.
     *
     * @param hu Hounsfield units
     * @return 0..255
     */
    public int grey(double hu) {
        double low = level - width / 2;
        double v = (hu - low) / width * 255.0;
        return (int) Math.round(Math.max(0, Math.min(255, v)));
    }
}
