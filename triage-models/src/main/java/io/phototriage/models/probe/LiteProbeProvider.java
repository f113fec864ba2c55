package io.phototriage.models.probe;

import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelSources;
import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.Closeables;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.mobilenet.MobileNetFeatures;
import io.phototriage.models.yolox.YoloxProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;
import io.phototriage.core.spi.OptionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.phototriage.models.ModelPresence;
import io.phototriage.models.ModelStageProvider;

/**
 * {@link StageProvider} of the {@value LiteProbeClassifier#NAME} classifier: MobileNetV2 features from
 * {@code MODELS/mobilenet-v2} plus a detector from the registry, and a linear probe.
 *
 * <p>Options: {@code probe} = a probe file (default: the probe shipped as the class-path resource
 * {@value #DEFAULT_PROBE_RESOURCE}); {@code detector} = the detector provider's name (default {@value #DEFAULT_DETECTOR});
 * the settings, options included, are passed on to the detector.
 */
public final class LiteProbeProvider extends ModelStageProvider {
    /** Class-path resource of the default probe (trained on coco128, see docs/classify.md). */
    public static final String DEFAULT_PROBE_RESOURCE = "/io/phototriage/models/probe/lite-probe-default.json";
    /** The detector used when the {@code detector} option is not given. */
    public static final String DEFAULT_DETECTOR = "yolox";
    /** How to make the default probe, quoted when it is missing. */
    public static final String HOW_TO_TRAIN = "tools/train-lite-probe.sh --models ../shared/models --coco ../shared/data/coco128 "
            + "--detector yolox --out triage-models/src/main/resources" + DEFAULT_PROBE_RESOURCE;

    private final Supplier<StageRegistry> registry;
    private final String defaultProbeResource;

    /** The provider that {@link java.util.ServiceLoader} creates: detectors come from {@link StageRegistry#load()}. */
    public LiteProbeProvider() {
        this(StageRegistry::load);
    }

    /**
     * A provider that takes its detector from {@code registry} (for embedding and tests).
     *
     * @param registry supplies the stage registry the detector is looked up in, when a stage is created
     */
    public LiteProbeProvider(Supplier<StageRegistry> registry) {
        this(registry, DEFAULT_PROBE_RESOURCE);
    }

    LiteProbeProvider(Supplier<StageRegistry> registry, String defaultProbeResource) {
        super(LiteProbeClassifier.NAME, Classifier.class, false,
                "linear probe on MobileNetV2 (ONNX) features + detector person/pet scores (lite set)", probeAndDetectorOptions());
        this.registry = java.util.Objects.requireNonNull(registry, "registry");
        this.defaultProbeResource = java.util.Objects.requireNonNull(defaultProbeResource, "defaultProbeResource");
    }

    /**
     * {@code probe} and {@code detector}, plus the options it passes on to its detector (the {@code yolox} ones by
     * default).
     */
    private static List<OptionSpec> probeAndDetectorOptions() {
        List<OptionSpec> all = new ArrayList<>();
        all.add(OptionSpec.of("probe", "a probe file (default: the probe shipped for coco128)"));
        all.add(OptionSpec.of("detector", "the detector provider whose person/pet scores are features", DEFAULT_DETECTOR));
        for (OptionSpec o : YoloxProvider.OPTIONS) {
            all.add(new OptionSpec(o.key(), "passed on to the detector: " + o.description(), o.defaultValue()));
        }
        return all;
    }

    /** Whether {@code mobilenet-v2/} is in the models folder and its detector has its models. */
    @Override
    public Optional<String> missing(StageSettings settings) {
        Optional<String> features = ModelPresence.ofLite(settings, MobileNetFeatures.MODEL_NAME, MobileNetFeatures.manifest());
        if (features.isPresent()) {
            return features;
        }
        String detectorName = settings.option("detector").orElse(DEFAULT_DETECTOR);
        try {
            return StageRegistry.missing(registry.get().find(Detector.class, detectorName), settings).map(why -> "detector "
                    + detectorName + ": " + why);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public Classifier create(StageSettings settings) throws StageException {
        LinearProbe probe = loadProbe(settings);
        String detectorName = settings.option("detector").orElse(DEFAULT_DETECTOR);
        Path modelsDir;
        try {
            modelsDir = ModelSources.defaults().root(settings, MobileNetFeatures.MODEL_NAME);
        } catch (ModelException e) {
            throw new StageException("lite-probe needs mobilenet-v2: " + e.getMessage(), e);
        }
        MobileNetFeatures features = MobileNetFeatures.load(modelsDir);
        Detector detector = null;
        try {
            try {
                detector = registry.get().create(Detector.class, detectorName, settings);
            } catch (IllegalArgumentException e) {
                throw new StageException("lite-probe needs the detector '" + detectorName + "': " + e.getMessage()
                        + " (choose another with the option detector=NAME)", e);
            }
            return new LiteProbeClassifier(features, detector, probe);
        } catch (StageException | RuntimeException e) {
            Closeables.closeAfterFailure(e, Arrays.asList(detector, features));
            if (e instanceof IllegalArgumentException) {
                throw new StageException(e.getMessage(), e);
            }
            throw e;
        }
    }

    private LinearProbe loadProbe(StageSettings settings) throws StageException {
        if (settings.option("probe").isPresent()) {
            Path file = Path.of(settings.option("probe").get());
            if (!Files.isRegularFile(file)) {
                throw new StageException("probe file " + file.toAbsolutePath() + " (option probe) does not exist; train one with "
                        + HOW_TO_TRAIN);
            }
            try {
                return LinearProbe.load(file);
            } catch (IOException e) {
                throw new StageException(e.getMessage(), e);
            }
        }
        try (InputStream in = LiteProbeProvider.class.getResourceAsStream(defaultProbeResource)) {
            if (in == null) {
                throw new StageException("no default lite probe is shipped in this build (class-path resource "
                        + defaultProbeResource + "); pass a probe file with the option probe=FILE, or train the default with "
                        + HOW_TO_TRAIN);
            }
            return LinearProbe.read(in, "class-path resource " + defaultProbeResource);
        } catch (IOException e) {
            throw new StageException(e.getMessage(), e);
        }
    }

}
