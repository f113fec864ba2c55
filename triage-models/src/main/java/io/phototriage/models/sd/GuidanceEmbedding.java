package io.phototriage.models.sd;

/**
 * The guidance-scale embedding an LCM UNet is conditioned on instead of running classifier-free guidance (LCM paper
 * Sec. 4.2; diffusers' {@code get_guidance_scale_embedding}): {@code [sin(1000 w f_i), cos(1000 w f_i)]} with
 * {@code f_i = exp(-ln(10000) i / (dim/2 - 1))}, {@code i < dim/2}. Computed in float32 as the reference does.
 */
public final class GuidanceEmbedding {
    private GuidanceEmbedding() {}

    /**
     * The guidance embedding the LCM UNet is conditioned on.
     *
     * @param w   the guidance weight, {@code guidance_scale - 1}
     * @param dim the embedding length, even and at least 4
     * @return {@code dim} floats
     * @throws IllegalArgumentException when {@code dim} is odd or below 4
     */
    public static float[] of(double w, int dim) {
        if (dim < 4 || dim % 2 != 0) {
            throw new IllegalArgumentException("guidance embedding length must be even and at least 4: " + dim);
        }
        int half = dim / 2;
        float step = (float) (Math.log(10000.0) / (half - 1));
        float scaled = (float) (w * 1000.0);
        float[] out = new float[dim];
        for (int i = 0; i < half; i++) {
            float freq = (float) Math.exp(i * -step);
            float arg = scaled * freq;
            out[i] = (float) Math.sin(arg);
            out[half + i] = (float) Math.cos(arg);
        }
        return out;
    }
}
