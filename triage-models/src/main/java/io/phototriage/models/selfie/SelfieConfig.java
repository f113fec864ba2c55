package io.phototriage.models.selfie;

import io.phototriage.core.spi.OptionSpec;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.models.lite.CutoutOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings of {@link SelfieSegmenter}.
 *
 * @param margin how much context around the prompt box the model sees: the box grows by this fraction of its width
 *               (height) on each side before cropping (option {@code margin}, default 0.25, range 0..2)
 * @param cutout thumbnail size, soft edge and smallest usable cut-out (options {@code thumbnail}, {@code feather},
 *               {@code min-size})
 */
public record SelfieConfig(double margin, CutoutOptions cutout) {
    /** Option key of {@link #margin}. */
    public static final String MARGIN = "margin";

    /**
     * Validates.
     *
     * @param margin how much the box grows on each side, as a fraction of its size, in [0, 2]
     * @param cutout thumbnail size, soft edge and smallest usable cut-out
     * @throws IllegalArgumentException when {@code margin} is out of range
     * @throws NullPointerException     when {@code cutout} is null
     */
    public SelfieConfig {
        if (!(margin >= 0 && margin <= 2)) {
            throw new IllegalArgumentException("selfie margin must be in [0, 2] (a fraction of the box size): " + margin);
        }
        Objects.requireNonNull(cutout, "cutout");
    }

    /**
     * Margin 0.25, 256-pixel thumbnails, hard edges.
     *
     * @return the default configuration
     */
    public static SelfieConfig defaults() {
        return new SelfieConfig(0.25, CutoutOptions.defaults());
    }

    /**
     * The options {@link #of} reads, for the provider's {@code options()}.
     *
     * @return {@code margin} and the cut-out options, with their defaults
     */
    public static List<OptionSpec> optionSpecs() {
        List<OptionSpec> options = new ArrayList<>();
        options.add(OptionSpec.of(MARGIN, "margin around the box, as a fraction of its size", String.valueOf(defaults().margin())));
        options.addAll(CutoutOptions.optionSpecs());
        return List.copyOf(options);
    }

    /**
     * From stage options ({@code margin}, {@code thumbnail}, {@code feather}, {@code min-size}), defaults where absent.
     *
     * @param settings the segment stage's settings
     * @return the configuration
     * @throws IllegalArgumentException when an option value is invalid
     */
    public static SelfieConfig of(StageSettings settings) {
        return new SelfieConfig(settings.number(MARGIN, defaults().margin()), CutoutOptions.of(settings));
    }
}
