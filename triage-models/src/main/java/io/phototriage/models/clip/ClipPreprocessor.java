package io.phototriage.models.clip;

import io.phototriage.core.image.Pixels;
import io.phototriage.core.image.Resize;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * CLIP's image pre-processing, equal to Hugging Face {@code CLIPImageProcessor}: resize so the shorter side is
 * {@code resize_shortest_side} (the longer side {@code int(side * long / short)}, truncated) with Pillow's bicubic
 * filter, centre crop ({@code top = (h - crop) / 2}, {@code left = (w - crop) / 2}, rounded down), rescale and
 * normalise to planar RGB floats. Stateless and thread-safe.
 */
public final class ClipPreprocessor {
    private final ClipContract contract;

    /**
     * Pre-processing for the sizes, mean and std of {@code contract}.
     *
     * @param contract the CLIP model's contract
     */
    public ClipPreprocessor(ClipContract contract) {
        this.contract = Objects.requireNonNull(contract, "contract");
    }

    /**
     * {@code pixel_values} of one image.
     *
     * @param image the picture, any size
     * @return {@code [3, crop, crop]} floats, channel-major (CHW), RGB
     */
    public float[] pixelValues(BufferedImage image) {
        BufferedImage cropped = resizeAndCrop(image);
        return Pixels.chw(cropped, Pixels.Order.RGB, (float) contract.rescale(), contract.mean(), contract.std());
    }

    /**
     * The resized and centre-cropped RGB image, before normalisation.
     *
     * @param image the picture, any size
     * @return a new {@code crop x crop} image
     */
    public BufferedImage resizeAndCrop(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        int[] size = resizedSize(image.getWidth(), image.getHeight(), contract.resizeShortestSide());
        BufferedImage resized = Resize.resize(image, size[0], size[1], Resize.Filter.BICUBIC);
        int crop = contract.cropSize();
        int left = (size[0] - crop) / 2;
        int top = (size[1] - crop) / 2;
        BufferedImage out = new BufferedImage(crop, crop, BufferedImage.TYPE_INT_RGB);
        int[] rgb = resized.getRGB(left, top, crop, crop, null, 0, crop);
        out.setRGB(0, 0, crop, crop, rgb, 0, crop);
        return out;
    }

    /**
     * {@code {width, height}} after resizing the shorter side to {@code shortest}, as transformers'
     * {@code get_resize_output_image_size(default_to_square=False)} computes it.
     */
    static int[] resizedSize(int width, int height, int shortest) {
        if (width <= height) {
            return new int[] {shortest, (int) ((double) shortest * height / width)};
        }
        return new int[] {(int) ((double) shortest * width / height), shortest};
    }
}
