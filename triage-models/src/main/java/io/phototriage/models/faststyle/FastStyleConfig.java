package io.phototriage.models.faststyle;

import io.phototriage.core.image.StyleInputs;
import io.phototriage.core.spi.OptionSpec;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Stylized;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings of {@link FastStyleStylizer}.
 *
 * @param style   which network (option {@code style}): one of {@link #STYLES}, default {@code candy}
 * @param maxSide the photo is scaled down (never up) so that its longer side is at most this many pixels before
 *                styling (option {@code max-side}, default 512, range 4..4096); the result has that size, rounded
 *                down to multiples of 4
 * @param input   what is stylized (option {@code input}): {@code cutout} (default), the hero's cut-out on a neutral
 *                background ({@link StyleInputs}), or {@code photo}, the whole hero photo
 */
public record FastStyleConfig(String style, int maxSide, Stylized.Input input) {
    /** Option key of {@link #style}. */
    public static final String STYLE = "style";
    /** Option key of {@link #maxSide}. */
    public static final String MAX_SIDE = "max-side";
    /** Option key of {@link #input}. */
    public static final String INPUT = "input";
    /** The styles of {@code fast-neural-style/}. */
    public static final List<String> STYLES = List.of("candy", "mosaic", "udnie", "rain-princess", "pointilism");

    /**
     * Validates; the style is trimmed and lower-cased.
     *
     * @param style   one of {@link #STYLES}, any case
     * @param maxSide the longer side the input is scaled down to, 4..4096 pixels
     * @param input   what is stylized
     * @throws IllegalArgumentException when the style is unknown or {@code maxSide} is out of range
     * @throws NullPointerException     when {@code style} or {@code input} is null
     */
    public FastStyleConfig {
        Objects.requireNonNull(style, "style");
        style = style.trim().toLowerCase(Locale.ROOT);
        if (!STYLES.contains(style)) {
            throw new IllegalArgumentException("unknown fast-neural-style style '" + style + "': use one of " + STYLES);
        }
        if (maxSide < 4 || maxSide > 4096) {
            throw new IllegalArgumentException("max side must be 4..4096 pixels: " + maxSide);
        }
        Objects.requireNonNull(input, "input");
    }

    /**
     * The given style and size, stylizing the cut-out (the default input).
     *
     * @param style   one of {@link #STYLES}, any case
     * @param maxSide the longer side the input is scaled down to, 4..4096 pixels
     */
    public FastStyleConfig(String style, int maxSide) {
        this(style, maxSide, Stylized.Input.CUTOUT);
    }

    /**
     * Candy at 512 pixels, on the cut-out.
     *
     * @return the default configuration
     */
    public static FastStyleConfig defaults() {
        return new FastStyleConfig("candy", 512, Stylized.Input.CUTOUT);
    }

    /**
     * The options {@link #of} reads, for the provider's {@code options()}.
     *
     * @return the three option specs with their defaults
     */
    public static List<OptionSpec> optionSpecs() {
        FastStyleConfig d = defaults();
        return List.of(
                OptionSpec.of(STYLE, "which network: " + String.join(", ", STYLES), d.style()),
                OptionSpec.of(MAX_SIDE, "longer side the input is scaled down to, pixels (4..4096)", String.valueOf(d.maxSide())),
                OptionSpec.of(INPUT, "what is stylized: cutout (the hero's cut-out on neutral grey; the whole photo when "
                        + "the hero has no segmentation) or photo", d.input().id()));
    }

    /**
     * From stage options ({@code style}, {@code max-side}, {@code input}), defaults where absent.
     *
     * @param settings the stylize stage's settings
     * @return the configuration
     * @throws IllegalArgumentException when an option value is invalid
     */
    public static FastStyleConfig of(StageSettings settings) {
        FastStyleConfig d = defaults();
        int maxSide = d.maxSide();
        String value = settings.option(MAX_SIDE).orElse(null);
        if (value != null) {
            try {
                maxSide = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option max-side=" + value + " is not a whole number", e);
            }
        }
        return new FastStyleConfig(settings.option(STYLE).orElse(d.style()), maxSide,
                settings.option(INPUT).map(Stylized.Input::of).orElse(d.input()));
    }
}
