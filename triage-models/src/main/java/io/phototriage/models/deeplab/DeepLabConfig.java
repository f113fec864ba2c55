package io.phototriage.models.deeplab;

import io.phototriage.core.spi.StageSettings;
import io.phototriage.models.lite.CutoutOptions;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings of {@link DeepLabSegmenter}.
 *
 * @param variant which network (option {@code variant}: {@code full}, the default, or {@code half})
 * @param cutout  thumbnail size and soft edge (options {@code thumbnail}, {@code feather})
 */
public record DeepLabConfig(Variant variant, CutoutOptions cutout) {
    /** Option key of {@link #variant}. */
    public static final String VARIANT = "variant";

    /** The two DeepLabV3-MobileNetV2 networks of {@code deeplabv3-pascal/}. */
    public enum Variant {
        /** Depth multiplier 1.0 (2.2 MB): the better masks. */
        FULL("full"),
        /** Depth multiplier 0.5 (0.7 MB): faster, coarser. */
        HALF("half");

        private final String role;

        Variant(String role) {
            this.role = role;
        }

        /** The file's role in the manifest, also the option value. */
        public String role() {
            return role;
        }

        /** Parses {@code full} or {@code half} (case-insensitive). */
        public static Variant of(String value) {
            for (Variant v : values()) {
                if (v.role.equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unknown DeepLab variant '" + value + "': use full or half");
        }
    }

    public DeepLabConfig {
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(cutout, "cutout");
    }

    /** The full network, 256-pixel thumbnails, hard edges. */
    public static DeepLabConfig defaults() {
        return new DeepLabConfig(Variant.FULL, CutoutOptions.defaults());
    }

    /** From stage options ({@code variant}, {@code thumbnail}, {@code feather}), defaults where absent. */
    public static DeepLabConfig of(StageSettings settings) {
        return new DeepLabConfig(settings.option(VARIANT).map(Variant::of).orElse(Variant.FULL), CutoutOptions.of(settings));
    }
}
