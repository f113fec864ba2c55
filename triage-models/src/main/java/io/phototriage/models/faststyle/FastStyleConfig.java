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
 * @param threads ONNX Runtime intra-op threads of the style network (option {@code threads}): 0 (default) for one per
 *                core of this machine, whatever the other ONNX models use. The network runs once per album, after
 *                its photos, so its time is mostly waited for with the cores free (the end of a run); 1 keeps it to
 *                one core
 */
public record FastStyleConfig(String style, int maxSide, Stylized.Input input, int threads) {
    /** Option key of {@link #style}. */
    public static final String STYLE = "style";
    /** Option key of {@link #maxSide}. */
    public static final String MAX_SIDE = "max-side";
    /** Option key of {@link #input}. */
    public static final String INPUT = "input";
    /** Option key of {@link #threads}. */
    public static final String THREADS = "threads";
    /** The styles of {@code fast-neural-style/}. */
    public static final List<String> STYLES = List.of("candy", "mosaic", "udnie", "rain-princess", "pointilism");

    /**
     * Validates; the style is trimmed and lower-cased.
     *
     * @param style   one of {@link #STYLES}, any case
     * @param maxSide the longer side the input is scaled down to, 4..4096 pixels
     * @param input   what is stylized
     * @param threads the style network's intra-op threads, 0 for one per core
     * @throws IllegalArgumentException when the style is unknown, {@code maxSide} is out of range or {@code threads}
     *                                  is negative
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
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (one per core) or more: " + threads);
        }
    }

    /**
     * The given style, size and input, on one thread per core.
     *
     * @param style   one of {@link #STYLES}, any case
     * @param maxSide the longer side the input is scaled down to, 4..4096 pixels
     * @param input   what is stylized
     */
    public FastStyleConfig(String style, int maxSide, Stylized.Input input) {
        this(style, maxSide, input, 0);
    }

    /**
     * The intra-op thread count the style network is loaded with: {@link #threads}, or the number of cores for 0.
     *
     * @return at least 1
     */
    public int sessionThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
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
        return new FastStyleConfig("candy", 512, Stylized.Input.CUTOUT, 0);
    }

    /**
     * The options {@link #of} reads, for the provider's {@code options()}.
     *
     * @return the four option specs with their defaults
     */
    public static List<OptionSpec> optionSpecs() {
        FastStyleConfig d = defaults();
        return List.of(
                OptionSpec.of(STYLE, "which network: " + String.join(", ", STYLES), d.style()),
                OptionSpec.of(MAX_SIDE, "longer side the input is scaled down to, pixels (4..4096)", String.valueOf(d.maxSide())),
                OptionSpec.of(INPUT, "what is stylized: cutout (the hero's cut-out on neutral grey; the whole photo when "
                        + "the hero has no segmentation) or photo", d.input().id()),
                OptionSpec.of(THREADS, "ONNX Runtime threads of the style network, which runs once per album after its"
                        + " photos: 0 = one per core", String.valueOf(d.threads())));
    }

    /**
     * From stage options ({@code style}, {@code max-side}, {@code input}, {@code threads}), defaults where absent.
     *
     * @param settings the stylize stage's settings
     * @return the configuration
     * @throws IllegalArgumentException when an option value is invalid
     */
    public static FastStyleConfig of(StageSettings settings) {
        FastStyleConfig d = defaults();
        return new FastStyleConfig(settings.option(STYLE).orElse(d.style()), settings.wholeNumber(MAX_SIDE, d.maxSide()),
                settings.option(INPUT).map(Stylized.Input::of).orElse(d.input()), settings.wholeNumber(THREADS, d.threads()));
    }
}
