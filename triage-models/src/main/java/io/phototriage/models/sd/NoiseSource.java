package io.phototriage.models.sd;

/** Where a sampling run draws its standard normal noise; {@link GaussianNoise} is the seeded one. */
@FunctionalInterface
public interface NoiseSource {
    /** The next {@code n} standard normal values. */
    float[] next(int n);
}
