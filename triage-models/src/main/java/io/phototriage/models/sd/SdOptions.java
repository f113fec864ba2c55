package io.phototriage.models.sd;

import io.phototriage.core.stage.Stylized;
import java.util.Objects;

/**
 * How the stylizer samples.
 *
 * @param steps    UNet calls per image (LCM: exactly this many; 4 is what LCM models are distilled for)
 * @param strength how much of the photo is replaced, in (0, 1]: 0.4 keeps the composition and restyles textures,
 *                 1.0 ignores the photo
 * @param input    what is stylized: {@code CUTOUT} (the default), the hero's cut-out on a neutral background padded to
 *                 the traced aspect ratio ({@link io.phototriage.core.image.StyleInputs}), or {@code PHOTO}
 */
public record SdOptions(int steps, double strength, Stylized.Input input) {
    /** 4 steps, strength 0.4, on the cut-out. */
    public static final SdOptions DEFAULTS = new SdOptions(4, 0.4, Stylized.Input.CUTOUT);

    /**
     * Validates.
     *
     * @param steps    UNet calls per image, 1..50
     * @param strength how much of the photo is replaced, in (0, 1]
     * @param input    what is stylized
     * @throws IllegalArgumentException when {@code steps} or {@code strength} is out of range
     * @throws NullPointerException     when {@code input} is null
     */
    public SdOptions {
        if (steps < 1 || steps > 50) {
            throw new IllegalArgumentException("steps must be in 1..50: " + steps);
        }
        if (!(strength > 0 && strength <= 1)) {
            throw new IllegalArgumentException("strength must be in (0, 1]: " + strength);
        }
        Objects.requireNonNull(input, "input");
    }

    /**
     * The given steps and strength, on the cut-out (the default input).
     *
     * @param steps    UNet calls per image, 1..50
     * @param strength how much of the photo is replaced, in (0, 1]
     */
    public SdOptions(int steps, double strength) {
        this(steps, strength, Stylized.Input.CUTOUT);
    }

    /**
     * The default options.
     *
     * @return {@link #DEFAULTS}: 4 steps, strength 0.4, on the cut-out
     */
    public static SdOptions defaults() {
        return DEFAULTS;
    }
}
