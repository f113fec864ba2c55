package io.phototriage.core;

import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.Detections;
import java.awt.image.BufferedImage;
import java.util.OptionalDouble;

/**
 * Chooses each album's hero shot, the one photo the stylize stage runs on: the eligible photo with the highest
 * score wins (ties: the first one seen).
 */
@FunctionalInterface
public interface HeroPicker {

    /**
     * Scores one photo, or returns empty if it is not eligible.
     *
     * @param result the photo's result after the per-photo stages
     * @param photo  its decoded pixels (available only during this call)
     * @return the score, higher is better, or empty if the photo cannot be the hero
     */
    OptionalDouble score(PhotoResult result, DecodedPhoto photo);

    /**
     * The default rule. Only photos with no failed stage are eligible; when a detect stage ran, only those with a
     * detection. Score = classifier confidence (1 without a classifier) × best detection score (1 without detect)
     * × √(subject box area / photo area) (1 without detect) × sharpness / (sharpness + 100), where sharpness is
     * the variance of the 4-neighbour Laplacian of the grey image (sampled on at most 512×512 pixels), so a
     * blurred photo loses to a crisp one with the same subject.
     *
     * @return the rule
     */
    static HeroPicker defaultRule() {
        return (result, photo) -> {
            if (result.status() == PhotoResult.Status.ERROR) {
                return OptionalDouble.empty();
            }
            double score = result.classification().map(c -> c.confidence()).orElse(1.0);
            if (result.outcome(StageKey.DETECT).isPresent()) {
                Detections detections = result.detections().orElse(null);
                if (detections == null || detections.isEmpty()) {
                    return OptionalDouble.empty();
                }
                Detection best = detections.best().orElseThrow();
                double areaFraction = best.box().area() / ((double) photo.width() * photo.height());
                score *= best.score() * Math.sqrt(Math.min(1.0, Math.max(0.0, areaFraction)));
            }
            double sharpness = laplacianVariance(photo.image());
            return OptionalDouble.of(score * sharpness / (sharpness + 100.0));
        };
    }

    /**
     * Variance of the 4-neighbour Laplacian of the luma, on a grid of at most 512×512 samples.
     *
     * @param image the image
     * @return the variance, 0 for an image smaller than 3x3
     */
    static double laplacianVariance(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (w < 3 || h < 3) {
            return 0;
        }
        int step = Math.max(1, Math.max(w, h) / 512);
        // The luma on the lattice of multiples of step (every sample and neighbour lies on it), read once per pixel.
        int cols = (w - 1) / step + 1;
        int rows = (h - 1) / step + 1;
        double[] luma = new double[cols * rows];
        int[] row = new int[w];
        for (int j = 0; j < rows; j++) {
            io.phototriage.core.image.Pixels.packedRgbRow(image, j * step, row);
            for (int i = 0; i < cols; i++) {
                luma[j * cols + i] = luma(row[i * step]);
            }
        }
        double sum = 0;
        double sumSq = 0;
        long n = 0;
        for (int y = step; y + step < h; y += step) {
            int j = y / step;
            for (int x = step; x + step < w; x += step) {
                int c = j * cols + x / step;
                double lap = luma[c - 1] + luma[c + 1] + luma[c - cols] + luma[c + cols] - 4 * luma[c];
                sum += lap;
                sumSq += lap * lap;
                n++;
            }
        }
        if (n == 0) {
            return 0;
        }
        double mean = sum / n;
        return sumSq / n - mean * mean;
    }

    private static double luma(int rgb) {
        return 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
    }
}
