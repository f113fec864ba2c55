package io.phototriage.models.resnet;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.image.Pixels;
import io.phototriage.core.image.Resize;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * The image pre-processing of microsoft/resnet-18 (Hugging Face {@code ConvNextImageProcessor} with
 * {@code crop_pct = 0.875}): resize the shortest edge to {@code int(224 / 0.875) = 256} with PIL's bicubic filter
 * (the long edge becomes {@code int(256 * long / short)}), centre crop 224 x 224 at offsets
 * {@code floor((size - 224) / 2)}, then {@code (value / 255 - mean) / std} per channel, planar RGB.
 *
 * <p>The resize is {@link Resize}, a bit-exact port of Pillow, so the crop equals the processor's crop pixel for
 * pixel; the floats differ from Python's only by float32 rounding. Stateless and thread-safe.
 *
 * @param imageSize          side of the square crop the network takes (224)
 * @param resizeShortestEdge the shortest edge after the resize (256)
 * @param mean               per-channel mean, RGB, of values in [0, 1]
 * @param std                per-channel standard deviation, RGB
 */
public record ResNetPreprocessor(int imageSize, int resizeShortestEdge, float[] mean, float[] std) {
    /**
     * Validates and copies the arrays.
     *
     * @param imageSize          side of the square crop the network takes, at least 1
     * @param resizeShortestEdge the shortest edge after the resize, at least {@code imageSize}
     * @param mean               per-channel mean, RGB, of values in [0, 1]; 3 values
     * @param std                per-channel standard deviation, RGB; 3 values
     * @throws IllegalArgumentException when a size or an array length is out of range
     */
    public ResNetPreprocessor {
        if (imageSize < 1 || resizeShortestEdge < imageSize) {
            throw new IllegalArgumentException("need 1 <= imageSize <= resizeShortestEdge, got " + imageSize + " and "
                    + resizeShortestEdge);
        }
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values (RGB)");
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * The microsoft/resnet-18 settings: 224 crop of a 256 shortest edge, ImageNet mean and std.
     *
     * @return the ImageNet pre-processing
     */
    public static ResNetPreprocessor imageNet() {
        return new ResNetPreprocessor(224, 256, new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
    }

    /**
     * From a manifest contract written by {@code tools/export/export.py resnet} ({@code image_size},
     * {@code resize_shortest_edge}, {@code mean}, {@code std}); ImageNet values where a key is absent.
     *
     * @param contract the manifest's {@code contract} object
     * @return the pre-processing it describes
     * @throws IllegalArgumentException when the values are out of range
     */
    public static ResNetPreprocessor of(JsonNode contract) {
        ResNetPreprocessor d = imageNet();
        return new ResNetPreprocessor(
                contract.path("image_size").asInt(d.imageSize),
                contract.path("resize_shortest_edge").asInt(d.resizeShortestEdge),
                floats(contract.get("mean"), d.mean),
                floats(contract.get("std"), d.std));
    }

    /**
     * The {@code [3, imageSize, imageSize]} pixel values the network takes, flattened (channel, row, column).
     *
     * @param image the picture, any size
     * @return resized, centre-cropped and normalised values
     */
    public float[] pixelValues(BufferedImage image) {
        return normalize(centerCrop(resizeShortestEdge(image)));
    }

    /**
     * Resizes so that the shortest edge is {@link #resizeShortestEdge} (bicubic, as Pillow), keeping the aspect ratio.
     *
     * @param image the picture
     * @return a new, resized image
     */
    public BufferedImage resizeShortestEdge(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int shortEdge = Math.min(w, h);
        int longEdge = Math.max(w, h);
        // Python's int(size * long / short): a double division, truncated.
        int newLong = (int) ((double) resizeShortestEdge * longEdge / shortEdge);
        return w <= h ? Resize.resize(image, resizeShortestEdge, newLong, Resize.Filter.BICUBIC)
                : Resize.resize(image, newLong, resizeShortestEdge, Resize.Filter.BICUBIC);
    }

    /**
     * The central {@code imageSize x imageSize} square (the image must be at least that large).
     *
     * @param image the picture
     * @return a new image holding a copy of the square
     * @throws IllegalArgumentException when the image is smaller than the crop
     */
    public BufferedImage centerCrop(BufferedImage image) {
        if (image.getWidth() < imageSize || image.getHeight() < imageSize) {
            throw new IllegalArgumentException("image " + image.getWidth() + "x" + image.getHeight() + " is smaller than the "
                    + imageSize + " crop");
        }
        int left = (image.getWidth() - imageSize) / 2;
        int top = (image.getHeight() - imageSize) / 2;
        return copy(image.getSubimage(left, top, imageSize, imageSize));
    }

    /**
     * {@code (value / 255 - mean) / std}, planar RGB, of an {@code imageSize x imageSize} image.
     *
     * @param crop the cropped picture
     * @return {@code 3 x imageSize x imageSize} floats
     * @throws IllegalArgumentException when the image is not {@code imageSize} square
     */
    public float[] normalize(BufferedImage crop) {
        if (crop.getWidth() != imageSize || crop.getHeight() != imageSize) {
            throw new IllegalArgumentException("expected a " + imageSize + "x" + imageSize + " image, got "
                    + crop.getWidth() + "x" + crop.getHeight());
        }
        return Pixels.chw(crop, Pixels.Order.RGB, 1f / 255f, mean, std);
    }

    /**
     * A copy of the per-channel mean.
     *
     * @return 3 values, RGB
     */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /**
     * A copy of the per-channel standard deviation.
     *
     * @return 3 values, RGB
     */
    @Override
    public float[] std() {
        return std.clone();
    }

    static BufferedImage copy(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        int[] rgb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        out.setRGB(0, 0, image.getWidth(), image.getHeight(), rgb, 0, image.getWidth());
        return out;
    }

    private static float[] floats(JsonNode node, float[] fallback) {
        if (node == null || !node.isArray()) {
            return fallback;
        }
        float[] out = new float[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) node.get(i).asDouble();
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResNetPreprocessor p && imageSize == p.imageSize && resizeShortestEdge == p.resizeShortestEdge
                && java.util.Arrays.equals(mean, p.mean) && java.util.Arrays.equals(std, p.std);
    }

    @Override
    public int hashCode() {
        return Objects.hash(imageSize, resizeShortestEdge, java.util.Arrays.hashCode(mean), java.util.Arrays.hashCode(std));
    }

    @Override
    public String toString() {
        return "ResNetPreprocessor[" + imageSize + " crop of shortest edge " + resizeShortestEdge + ", mean "
                + java.util.Arrays.toString(mean) + ", std " + java.util.Arrays.toString(std) + "]";
    }
}
