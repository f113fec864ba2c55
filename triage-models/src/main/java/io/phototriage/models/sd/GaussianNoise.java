package io.phototriage.models.sd;

import java.util.SplittableRandom;

/**
 * Standard normal noise, deterministic for a seed: {@link SplittableRandom} uniforms turned into normals with the
 * Box-Muller transform (both values of each pair are used). Not thread-safe; one per run.
 */
public final class GaussianNoise implements NoiseSource {
    private final SplittableRandom random;
    private double spare;
    private boolean hasSpare;

    /**
     * A noise source seeded with {@code seed}.
     *
     * @param seed the seed; the same seed gives the same sequence
     */
    public GaussianNoise(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /**
     * The next standard normal value.
     *
     * @return a draw from N(0, 1)
     */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        // 1 - u lies in (0, 1], so the log is finite.
        double radius = Math.sqrt(-2.0 * Math.log(1.0 - random.nextDouble()));
        double angle = 2.0 * Math.PI * random.nextDouble();
        spare = radius * Math.sin(angle);
        hasSpare = true;
        return radius * Math.cos(angle);
    }

    /** {@code n} standard normal values. */
    @Override
    public float[] next(int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) nextGaussian();
        }
        return out;
    }
}
