package io.phototriage.models.sam;

import io.phototriage.core.image.Pixels;
import io.phototriage.core.image.Resize;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * SAM's pre-processing, equal to {@code SamImageProcessor} (the PIL one) on the same RGB pixels: resize the longer
 * side to {@link SamContract#longestSide()} with PIL's bilinear filter, rescale, normalise, pad bottom/right with 0.
 */
public final class SamPreprocessor {
    private final SamContract contract;
    private final float[] mean;
    private final float[] std;

    /**
     * The pre-processing a model's contract asks for.
     *
     * @param contract the SAM model's contract
     */
    public SamPreprocessor(SamContract contract) {
        this.contract = Objects.requireNonNull(contract, "contract");
        this.mean = contract.pixelMean();
        this.std = contract.pixelStd();
    }

    /**
     * Where {@code image} lands in the model input.
     *
     * @param image the picture
     * @return its resize geometry for the contract's longest side
     */
    public ResizeGeometry geometry(BufferedImage image) {
        return ResizeGeometry.fit(image.getWidth(), image.getHeight(), contract.longestSide());
    }

    /**
     * The model input {@code pixel_values}, {@code [3, S, S]} row-major with {@code S = longestSide}.
     *
     * @param image an RGB image without alpha (as {@link io.phototriage.core.DecodedPhoto} holds)
     * @return {@code 3 * S * S} floats, zero in the padding
     */
    public float[] pixelValues(BufferedImage image) {
        ResizeGeometry g = geometry(image);
        BufferedImage resized = Resize.resize(image, g.resizedWidth(), g.resizedHeight(), Resize.Filter.BILINEAR);
        return Pixels.chwPadded(resized, g.inputSize(), g.inputSize(), contract.rescale(), mean, std);
    }
}
