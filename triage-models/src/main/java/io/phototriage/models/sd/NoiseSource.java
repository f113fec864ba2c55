package io.phototriage.models.sd;

/** Where a sampling run draws its standard normal noise; {@link GaussianNoise} is the seeded one. */
@FunctionalInterface
public interface NoiseSource {
    /**
     * The next {@code n} standard normal values.
     *
     * @param n how many values
     * @return a new array of {@code n} draws from N(0, 1)
     */
    float[] next(int n);
}
