package io.phototriage.models.faststyle;

import io.phototriage.core.spi.StageSettings;
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
 */
public record FastStyleConfig(String style, int maxSide) {
    /** Option key of {@link #style}. */
    public static final String STYLE = "style";
    /** Option key of {@link #maxSide}. */
    public static final String MAX_SIDE = "max-side";
    /** The styles of {@code fast-neural-style/}. */
    public static final List<String> STYLES = List.of("candy", "mosaic", "udnie", "rain-princess", "pointilism");

    public FastStyleConfig {
        Objects.requireNonNull(style, "style");
        style = style.trim().toLowerCase(Locale.ROOT);
        if (!STYLES.contains(style)) {
            throw new IllegalArgumentException("unknown fast-neural-style style '" + style + "': use one of " + STYLES);
        }
        if (maxSide < 4 || maxSide > 4096) {
            throw new IllegalArgumentException("max side must be 4..4096 pixels: " + maxSide);
        }
    }

    /** Candy at 512 pixels. */
    public static FastStyleConfig defaults() {
        return new FastStyleConfig("candy", 512);
    }

    /** From stage options ({@code style}, {@code max-side}), defaults where absent. */
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
        return new FastStyleConfig(settings.option(STYLE).orElse(d.style()), maxSide);
    }
}
