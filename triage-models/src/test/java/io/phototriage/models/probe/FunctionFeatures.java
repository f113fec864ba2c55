package io.phototriage.models.probe;

import io.phototriage.core.DecodedPhoto;
import java.awt.image.BufferedImage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Lambda-backed image features that count closes.
 *
 * @param id          what {@link #id()} says
 * @param description what {@link #description()} says
 * @param dimension   what {@link #dimension()} says
 * @param function    the vector of a photo
 * @param closes      how often {@link #close()} ran
 */
record FunctionFeatures(String id, String description, int dimension, Function<DecodedPhoto, float[]> function,
        AtomicInteger closes) implements ImageFeatures {

    FunctionFeatures(String id, String description, int dimension, Function<DecodedPhoto, float[]> function) {
        this(id, description, dimension, function, new AtomicInteger());
    }

    /** Mean red, green and blue of the photo, 0..255. */
    static FunctionFeatures meanColour() {
        return new FunctionFeatures("mean-colour", "mean R, G, B", 3, p -> meanRgb(p.image()));
    }

    static float[] meanRgb(BufferedImage image) {
        double r = 0;
        double g = 0;
        double b = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                r += (p >> 16) & 0xff;
                g += (p >> 8) & 0xff;
                b += p & 0xff;
            }
        }
        double n = (double) image.getWidth() * image.getHeight();
        return new float[] {(float) (r / n), (float) (g / n), (float) (b / n)};
    }

    @Override
    public float[] extract(DecodedPhoto photo) {
        return function.apply(photo);
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }
}
