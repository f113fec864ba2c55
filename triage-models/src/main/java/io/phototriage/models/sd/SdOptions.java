package io.phototriage.models.sd;

/**
 * How the stylizer samples.
 *
 * @param steps    UNet calls per image (LCM: exactly this many; 4 is what LCM models are distilled for)
 * @param strength how much of the photo is replaced, in (0, 1]: 0.4 keeps the composition and restyles textures,
 *                 1.0 ignores the photo
 */
public record SdOptions(int steps, double strength) {
    /** 4 steps, strength 0.4. */
    public static final SdOptions DEFAULTS = new SdOptions(4, 0.4);

    public SdOptions {
        if (steps < 1 || steps > 50) {
            throw new IllegalArgumentException("steps must be in 1..50: " + steps);
        }
        if (!(strength > 0 && strength <= 1)) {
            throw new IllegalArgumentException("strength must be in (0, 1]: " + strength);
        }
    }

    /** {@link #DEFAULTS}. */
    public static SdOptions defaults() {
        return DEFAULTS;
    }
}
