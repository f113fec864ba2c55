package io.phototriage.examples;

import io.phototriage.core.spi.StageSettings;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The named sets of models {@code run --model-set} chooses from: which provider runs each stage and with which
 * {@link StageSettings}.
 */
public enum ModelSet {
    /** Small ONNX / TorchScript models that run on a laptop CPU; the models live in {@code ../shared/models}. */
    LITE("lite-probe", "yolox", "deeplab", "fast-style", Map.of()) {
        @Override
        Optional<Path> defaultModelsDir() {
            return Optional.of(Path.of("..", "shared", "models"));
        }

        @Override
        String howToGetModels() {
            return "the lite models ship in the shared folder: pass --models PATH/TO/shared/models (default ../shared/models,"
                    + " relative to the current folder)";
        }
    },
    /**
     * CLIP, Grounding DINO, SAM and Stable Diffusion exported to TorchScript with tools/export. Classify is the CLIP
     * linear probe when a probe file is given ({@code --probe}, trained with {@code train-classifier}), else zero-shot
     * CLIP prompts (no labels needed).
     */
    FULL("clip-probe", "grounding-dino", "sam", "stable-diffusion", Map.of()) {
        @Override
        public String classifyProvider(StageSettings settings) {
            return settings.option("probe").isPresent() ? "clip-probe" : "clip-zero-shot";
        }
    },
    /**
     * The {@link #FULL} architectures as tiny random-weight exports (zero-shot CLIP, as there is no probe for random
     * features): exercises the whole chain in seconds, results are noise. The fixtures are committed under
     * {@code triage-models/src/test/resources/fixtures}, the default models folder when run from the repository root.
     */
    TINY("clip-zero-shot", "grounding-dino", "sam", "stable-diffusion", Map.of(StageSettings.TINY_OPTION, "true")) {
        @Override
        Optional<Path> defaultModelsDir() {
            return Optional.of(Path.of("triage-models", "src", "test", "resources", "fixtures"));
        }
    };

    private final String classify;
    private final String detect;
    private final String segment;
    private final String stylize;
    private final Map<String, String> options;

    ModelSet(String classify, String detect, String segment, String stylize, Map<String, String> options) {
        this.classify = classify;
        this.detect = detect;
        this.segment = segment;
        this.stylize = stylize;
        this.options = options;
    }

    /** The lower-case name used on the command line and in results.json. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The classifier provider for these settings (a set may choose by option, e.g. full: probe or zero-shot). */
    public String classifyProvider(StageSettings settings) {
        return classify;
    }

    public String detectProvider() {
        return detect;
    }

    public String segmentProvider() {
        return segment;
    }

    public String stylizeProvider() {
        return stylize;
    }

    /**
     * The settings for this set: models from {@code modelsDir} if given, else this set's default folder, else
     * {@code $PHOTOTRIAGE_MODELS} (resolved by the providers through {@link StageSettings#requireModelsDir()}).
     */
    public StageSettings settings(Optional<Path> modelsDir) {
        return settings(modelsDir, Map.of());
    }

    /**
     * As {@link #settings(Optional)}, plus stage options given on the command line (for example {@code probe} for the
     * classifier, {@code calibration} for the detector); they win over this set's own options.
     */
    public StageSettings settings(Optional<Path> modelsDir, Map<String, String> extraOptions) {
        Optional<Path> dir = modelsDir.or(this::defaultModelsDir).map(p -> p.toAbsolutePath().normalize());
        Map<String, String> merged = new java.util.TreeMap<>(options);
        merged.putAll(extraOptions);
        return new StageSettings(dir, merged);
    }

    Optional<Path> defaultModelsDir() {
        return Optional.empty();
    }

    String howToGetModels() {
        return "export them with tools/export (see docs/models.md) and pass --models DIR or set " + StageSettings.MODELS_ENV
                + "; or try --model-set lite";
    }

    /**
     * The CLIP folder under the models folder that this set's CLIP-based tools use (the stylize CLIP score, CLIP probe
     * training): the tiny random-weight fixture {@code clip-tiny} for sets with {@code tiny=true}, else
     * {@code clip-vit-b32}.
     */
    public String clipFolder() {
        return "true".equals(options.get("tiny")) ? "clip-tiny" : "clip-vit-b32";
    }

    /** Parses {@code full}, {@code lite} or {@code tiny} (case-insensitive). */
    public static ModelSet ofLabel(String label) {
        for (ModelSet s : values()) {
            if (s.label().equalsIgnoreCase(label.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown model set '" + label + "': expected full, lite or tiny");
    }
}
