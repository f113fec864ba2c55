package io.phototriage.models.resnet;

import io.phototriage.core.image.Resize;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Training augmentations on {@link BufferedImage}, drawn from a caller's seeded {@link Random}: torchvision's
 * {@code RandomResizedCrop} (area share in {@code [minScale, 1]}, aspect ratio log-uniform in {@code [3/4, 4/3]},
 * ten tries, then the largest centred crop of a clamped ratio) resized to a square with Pillow-exact bicubic, then a
 * horizontal flip with probability 1/2.
 */
final class ResNetAugmenter {
    private static final double MIN_RATIO = 3.0 / 4.0;
    private static final double MAX_RATIO = 4.0 / 3.0;

    private final int size;
    private final double minScale;

    ResNetAugmenter(int size, double minScale) {
        this.size = size;
        this.minScale = minScale;
    }

    BufferedImage augment(BufferedImage image, Random random) {
        int[] crop = cropBox(image.getWidth(), image.getHeight(), random);
        BufferedImage cropped = ResNetPreprocessor.copy(image.getSubimage(crop[0], crop[1], crop[2], crop[3]));
        BufferedImage resized = Resize.resize(cropped, size, size, Resize.Filter.BICUBIC);
        return random.nextBoolean() ? flipHorizontally(resized) : resized;
    }

    /** {@code [x, y, width, height]} of a random resized crop (torchvision's {@code RandomResizedCrop.get_params}). */
    int[] cropBox(int width, int height, Random random) {
        double area = (double) width * height;
        double logMin = Math.log(MIN_RATIO);
        double logMax = Math.log(MAX_RATIO);
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (minScale + (1 - minScale) * random.nextDouble());
            double ratio = Math.exp(logMin + (logMax - logMin) * random.nextDouble());
            int w = (int) Math.round(Math.sqrt(target * ratio));
            int h = (int) Math.round(Math.sqrt(target / ratio));
            if (w > 0 && h > 0 && w <= width && h <= height) {
                return new int[] {random.nextInt(width - w + 1), random.nextInt(height - h + 1), w, h};
            }
        }
        double ratio = (double) width / height;
        int w = width;
        int h = height;
        if (ratio < MIN_RATIO) {
            h = (int) Math.round(w / MIN_RATIO);
        } else if (ratio > MAX_RATIO) {
            w = (int) Math.round(h * MAX_RATIO);
        }
        return new int[] {(width - w) / 2, (height - h) / 2, w, h};
    }

    static BufferedImage flipHorizontally(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        int[] flipped = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                flipped[w - 1 - x] = row[x];
            }
            out.setRGB(0, y, w, 1, flipped, 0, w);
        }
        return out;
    }
}
