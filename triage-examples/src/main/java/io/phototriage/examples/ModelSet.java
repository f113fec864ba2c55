package io.phototriage.examples;

import io.phototriage.core.StageKey;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Labels;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The named sets of models {@code run --model-set} chooses from: which provider runs each stage and with which
 * {@link StageSettings}.
 */
public enum ModelSet {
    /**
     * Small ONNX models that run on a laptop CPU. Found in {@code --models}, else in {@code ../shared/models} when
     * that folder exists (the repository's checkout), else in the lite model pack on the class path (the command
     * line's jar carries {@code io.phototriage:triage-models-lite}), else in the cache.
     */
    LITE("lite-probe", "yolox", "deeplab", "fast-style", Map.of()) {
        @Override
        Optional<Path> defaultModelsDir() {
            Path shared = Path.of("..", "shared", "models");
            return java.nio.file.Files.isDirectory(shared) ? Optional.of(shared) : Optional.empty();
        }

        @Override
        public String howToGetModels(Optional<Path> given) {
            Optional<Path> looked = given.or(this::defaultModelsDir).map(p -> p.toAbsolutePath().normalize());
            if (looked.isEmpty()) {
                return "the lite set's models come with the io.phototriage:triage-models-lite jar (on this program's class"
                        + " path when it was built with it), or from a folder that holds yolox-nano/, mobilenet-v2/,"
                        + " deeplabv3-pascal/ and fast-neural-style/ (the repository's ../shared/models) given with --models";
            }
            return "the lite set needs the folder that holds yolox-nano/, mobilenet-v2/, deeplabv3-pascal/ and fast-neural-style/"
                    + " (the repository's shared/models, with its SHA256SUMS); it was looked for in " + looked.get()
                    + (given.isPresent() ? ", the folder given with --models: point --models at the shared models folder"
                            : " (../shared/models, relative to the current folder): pass --models PATH/TO/shared/models,"
                                    + " or run from a folder without ../shared/models to use the lite model pack");
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
            return settings.option(StageKey.CLASSIFY.name() + "." + StageOptions.PROBE).isPresent() ? "clip-probe" : "clip-zero-shot";
        }
    },
    /**
     * The {@link #FULL} architectures as tiny random-weight exports (zero-shot CLIP, as there is no probe for random
     * features): exercises the whole chain in seconds, results are noise. The fixtures are an ordinary models folder,
     * committed under {@code triage-models/src/test/resources/fixtures}: pass it with {@code --models}; each stage
     * names its fixture folder with its {@code model} option.
     */
    TINY("clip-zero-shot", "grounding-dino", "sam", "stable-diffusion", Map.of(
            "classify.model", "clip-tiny", "detect.model", "grounding-dino-tiny", "segment.model", "sam-tiny",
            "stylize.model", "sd-tiny")) {
        @Override
        public String howToGetModels(Optional<Path> given) {
            return "the tiny set's models are the random-weight test fixtures in the source tree: pass --models "
                    + fixturesFolder().map(Path::toString).orElse("PATH/TO/phototriage/" + FIXTURES)
                    + (given.isPresent() ? " (" + given.get().toAbsolutePath().normalize() + " does not hold them)" : "");
        }
    };

    /** Where the tiny fixtures are, relative to the repository root. */
    static final String FIXTURES = "triage-models/src/test/resources/fixtures";

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
        return Labels.of(this);
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
     * As {@link #settings(Optional)}, plus options given on the command line; they win over this set's own options.
     * The settings are pipeline-wide, every key {@code STAGE.OPTION}: the commands' own names are mapped to the stage
     * that reads them ({@value StageOptions#PROBE} → {@code classify.probe}; {@value StageOptions#CALIBRATION} →
     * {@code detect.calibration}, and {@code classify.calibration} too when the classifier is {@code lite-probe}, whose
     * detector features depend on the threshold; {@value StageOptions#DETECTOR} → {@code detect.fine_tuned}, only for a set
     * that detects with {@code yolox}); keys that already name a stage are kept.
     */
    public StageSettings settings(Optional<Path> modelsDir, Map<String, String> extraOptions) {
        Optional<Path> dir = modelsDir.or(this::defaultModelsDir).map(p -> p.toAbsolutePath().normalize());
        Map<String, String> merged = new java.util.TreeMap<>(options);
        extraOptions.forEach((key, value) -> {
            if (key.equals(StageOptions.PROBE)) {
                merged.put(StageKey.CLASSIFY.name() + "." + key, value);
            } else if (key.equals(StageOptions.CALIBRATION)) {
                merged.put(StageKey.DETECT.name() + "." + key, value);
                if (classify.equals("lite-probe")) {
                    merged.put(StageKey.CLASSIFY.name() + "." + key, value);
                }
            } else if (key.equals(StageOptions.DETECTOR)) {
                if (!detect.equals("yolox")) {
                    throw new IllegalArgumentException("--detector replaces YOLOX-Nano, the detector of the lite set; the '"
                            + label() + "' set detects with " + detect + " (use --model-set lite)");
                }
                merged.put(StageKey.DETECT.name() + "." + io.phototriage.models.yolox.YoloxProvider.FINE_TUNED, value);
            } else {
                merged.put(key, value);
            }
        });
        return new StageSettings(dir, merged);
    }

    Optional<Path> defaultModelsDir() {
        return Optional.empty();
    }

    /**
     * What to do when this set's models cannot be found.
     *
     * @param given the models folder the user gave, if any
     * @return one or two sentences, never repeating what the user just did
     */
    public String howToGetModels(Optional<Path> given) {
        return "export them with tools/export (see docs/models.md) and pass --models DIR or set " + StageSettings.MODELS_ENV
                + "; or try --model-set lite";
    }

    /**
     * The CLIP folder under the models folder that this set's CLIP-based tools use (the stylize CLIP score, CLIP probe
     * training): the set's {@code classify.model} (the tiny fixture {@code clip-tiny} for the tiny set), else
     * {@code clip-vit-b32}.
     */
    public String clipFolder() {
        return options.getOrDefault(StageKey.CLASSIFY.name() + "." + StageSettings.MODEL_OPTION, "clip-vit-b32");
    }

    /** The tiny fixtures folder of the source tree this code runs from, if it can be found (a jar under target/). */
    static Optional<Path> fixturesFolder() {
        try {
            Path here = Path.of(ModelSet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = here; p != null; p = p.getParent()) {
                Path candidate = p.resolve(FIXTURES);
                if (java.nio.file.Files.isDirectory(candidate)) {
                    return Optional.of(candidate.toAbsolutePath().normalize());
                }
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // not from a file: no hint
        }
        return Optional.empty();
    }

    /** Parses {@code full}, {@code lite} or {@code tiny} (case-insensitive). */
    public static ModelSet ofLabel(String label) {
        return Labels.parse(ModelSet.class, ModelSet::label, "model set", label);
    }
}
