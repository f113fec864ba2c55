package io.phototriage.models.sam;

import java.util.Objects;

/**
 * SAM's image embedding of one photo, {@code [channels, gridHeight, gridWidth]} row-major, with the geometry of the
 * resize that produced it. A value: compute it once with {@link SamImageEncoder#embed}, then prompt it with as many
 * boxes as needed through {@link SamMaskDecoder#segment}.
 */
public final class ImageEmbedding {
    private final float[] values;
    private final int channels;
    private final int gridHeight;
    private final int gridWidth;
    private final ResizeGeometry geometry;

    /**
     * An embedding of one image.
     *
     * @param values     {@code channels * gridHeight * gridWidth} floats, copied
     * @param channels   embedding channels, positive
     * @param gridHeight rows of the embedding grid, positive
     * @param gridWidth  columns of the embedding grid, positive
     * @param geometry   how the embedded image was resized and padded
     * @throws IllegalArgumentException when a size is not positive or {@code values} has another length
     */
    public ImageEmbedding(float[] values, int channels, int gridHeight, int gridWidth, ResizeGeometry geometry) {
        this.geometry = Objects.requireNonNull(geometry, "geometry");
        if (channels < 1 || gridHeight < 1 || gridWidth < 1) {
            throw new IllegalArgumentException("embedding sizes must be positive: " + channels + "x" + gridHeight + "x"
                    + gridWidth);
        }
        if (values.length != (long) channels * gridHeight * gridWidth) {
            throw new IllegalArgumentException("expected " + (long) channels * gridHeight * gridWidth + " values for "
                    + channels + "x" + gridHeight + "x" + gridWidth + ", got " + values.length);
        }
        this.values = values.clone();
        this.channels = channels;
        this.gridHeight = gridHeight;
        this.gridWidth = gridWidth;
    }

    /**
     * A copy of the values.
     *
     * @return {@code [channels, gridHeight, gridWidth]} floats, row-major
     */
    public float[] values() {
        return values.clone();
    }

    /** The values without a copy, for the decoder in this package; never modified. */
    float[] rawValues() {
        return values;
    }

    /**
     * Embedding channels.
     *
     * @return the channel count
     */
    public int channels() {
        return channels;
    }

    /**
     * Rows of the embedding grid.
     *
     * @return the grid height
     */
    public int gridHeight() {
        return gridHeight;
    }

    /**
     * Columns of the embedding grid.
     *
     * @return the grid width
     */
    public int gridWidth() {
        return gridWidth;
    }

    /**
     * How the embedded image was resized and padded.
     *
     * @return the geometry that maps boxes into the model's input frame
     */
    public ResizeGeometry geometry() {
        return geometry;
    }

    @Override
    public String toString() {
        return "ImageEmbedding[" + channels + "x" + gridHeight + "x" + gridWidth + ", " + geometry + "]";
    }
}
