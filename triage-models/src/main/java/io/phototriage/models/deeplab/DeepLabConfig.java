package io.phototriage.models.deeplab;

import io.phototriage.core.spi.OptionSpec;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Labels;
import io.phototriage.models.lite.CutoutOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Settings of {@link DeepLabSegmenter}.
 *
 * @param variant which network (option {@code variant}: {@code full}, the default, or {@code half})
 * @param cutout    thumbnail size, soft edge and smallest usable cut-out (options {@code thumbnail}, {@code feather},
 *                  {@code min-size})
 * @param fallbacks what to try, in this order, when DeepLab's mask of a box's own class is empty or smaller than
 *                  {@code min-size} (option {@code fallbacks}: a comma-separated list of {@code selfie},
 *                  {@code other-class}, {@code box}, or {@code none}; default all three). See
 *                  {@link DeepLabSegmenter} for the whole search.
 */
public record DeepLabConfig(Variant variant, CutoutOptions cutout, List<Fallback> fallbacks) {
    /** Option key of {@link #variant}. */
    public static final String VARIANT = "variant";
    /** Option key of {@link #fallbacks}. */
    public static final String FALLBACKS = "fallbacks";
    /** The default {@link #fallbacks}: every one, in this order. */
    public static final List<Fallback> DEFAULT_FALLBACKS = List.of(Fallback.SELFIE, Fallback.OTHER_CLASS, Fallback.BOX);

    /** What the segmenter may use when DeepLab has no usable mask of a box's own class. */
    public enum Fallback {
        /** The MediaPipe Selfie person matte in the same box (person boxes only; when the selfie model is present). */
        SELFIE,
        /** DeepLab's mask of the PASCAL class with the most pixels inside the box (not background, not the box's class). */
        OTHER_CLASS,
        /** After every box was tried: the best box of at least {@code min-size} itself, flagged approximate. */
        BOX;

        /**
         * The option value.
         *
         * @return {@code selfie}, {@code other-class} or {@code box}
         */
        public String id() {
            return Labels.of(this);
        }

        /**
         * Parses {@code selfie}, {@code other-class} or {@code box} (case-insensitive).
         *
         * @param value the option value; surrounding blanks are ignored
         * @return the fallback it names
         * @throws IllegalArgumentException for anything else
         */
        public static Fallback of(String value) {
            return Labels.parse(Fallback.class, Fallback::id, "DeepLab fallback", value);
        }

        /**
         * Parses a comma-separated list; {@code none} (or blank) is the empty list.
         *
         * @param value the option value
         * @return the fallbacks in the given order
         * @throws IllegalArgumentException when an entry names no fallback
         */
        public static List<Fallback> listOf(String value) {
            if (value.isBlank() || value.trim().equalsIgnoreCase("none")) {
                return List.of();
            }
            List<Fallback> out = new ArrayList<>();
            for (String part : value.split(",")) {
                Fallback f = of(part);
                if (out.contains(f)) {
                    throw new IllegalArgumentException("DeepLab fallback '" + f.id() + "' is listed twice in '" + value + "'");
                }
                out.add(f);
            }
            return List.copyOf(out);
        }
    }

    /** The two DeepLabV3-MobileNetV2 networks of {@code deeplabv3-pascal/}. */
    public enum Variant {
        /** Depth multiplier 1.0 (2.2 MB): the better masks. */
        FULL,
        /** Depth multiplier 0.5 (0.7 MB): faster, coarser. */
        HALF;

        /**
         * The file's role in the manifest, also the option value.
         *
         * @return {@code full} or {@code half}
         */
        public String role() {
            return Labels.of(this);
        }

        /**
         * Parses {@code full} or {@code half} (case-insensitive).
         *
         * @param value the option value; surrounding blanks are ignored
         * @return the variant it names
         * @throws IllegalArgumentException for anything else
         */
        public static Variant of(String value) {
            return Labels.parse(Variant.class, Variant::role, "DeepLab variant", value);
        }
    }

    /**
     * Checks and copies.
     *
     * @param variant   which network
     * @param cutout    thumbnail size, soft edge and smallest usable cut-out
     * @param fallbacks what to try, in this order, when the mask of a box's own class is too small
     * @throws NullPointerException when an argument is null
     */
    public DeepLabConfig {
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(cutout, "cutout");
        fallbacks = List.copyOf(fallbacks);
    }

    /**
     * The given network and cut-out options with the {@link #DEFAULT_FALLBACKS}.
     *
     * @param variant which network
     * @param cutout  thumbnail size, soft edge and smallest usable cut-out
     */
    public DeepLabConfig(Variant variant, CutoutOptions cutout) {
        this(variant, cutout, DEFAULT_FALLBACKS);
    }

    /**
     * The full network, 256-pixel thumbnails, hard edges, minimum 16 pixels, every fallback.
     *
     * @return the default configuration
     */
    public static DeepLabConfig defaults() {
        return new DeepLabConfig(Variant.FULL, CutoutOptions.defaults(), DEFAULT_FALLBACKS);
    }

    /**
     * The options {@link #of} reads, for the provider's {@code options()}.
     *
     * @return {@code variant}, the cut-out options and {@code fallbacks}, with their defaults
     */
    public static List<OptionSpec> optionSpecs() {
        List<OptionSpec> options = new ArrayList<>();
        options.add(OptionSpec.of(VARIANT, "network: full (better masks) or half (faster)", Variant.FULL.role()));
        options.addAll(CutoutOptions.optionSpecs());
        options.add(OptionSpec.of(FALLBACKS, "what to try, in order, when a box's own-class mask is empty "
                + "or under min-size: comma-separated selfie (person matte, if its model is present), other-class "
                + "(DeepLab's dominant other class in the box), box (the box itself, flagged approximate); none = skip",
                DEFAULT_FALLBACKS.stream().map(Fallback::id).collect(Collectors.joining(","))));
        return List.copyOf(options);
    }

    /**
     * From stage options ({@code variant}, {@code thumbnail}, {@code feather}, {@code min-size}, {@code fallbacks}),
     * defaults where absent.
     *
     * @param settings the segment stage's settings
     * @return the configuration
     * @throws IllegalArgumentException when an option value is invalid (the message names it)
     */
    public static DeepLabConfig of(StageSettings settings) {
        return new DeepLabConfig(settings.option(VARIANT).map(Variant::of).orElse(Variant.FULL), CutoutOptions.of(settings),
                settings.option(FALLBACKS).map(Fallback::listOf).orElse(DEFAULT_FALLBACKS));
    }

    /**
     * Whether {@code fallback} is enabled.
     *
     * @param fallback a fallback
     * @return true when it is in {@link #fallbacks()}
     */
    public boolean allows(Fallback fallback) {
        return fallbacks.contains(fallback);
    }
}
