package io.phototriage.models.groundingdino;

import io.phototriage.core.model.ModelSources;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import java.util.Arrays;
import java.util.List;
import io.phototriage.core.spi.OptionSpec;
import java.util.Optional;
import io.phototriage.models.ModelPresence;

/**
 * {@link StageProvider} for {@link GroundingDinoDetector}, the default {@link Detector}.
 *
 * <p>Options: {@code model} (folder name under the models folder, default {@value #DEFAULT_MODEL}, as
 * {@code export.py grounding-dino --real --out MODELS/grounding-dino-tiny} writes it), {@code classes}
 * (comma-separated, default {@code person,dog,cat}), {@code threshold} and {@code nms_iou} (defaults from the
 * model's manifest).
 */
public final class GroundingDinoProvider implements StageProvider {
    /** The model folder used when the {@code model} option is not set. */
    public static final String DEFAULT_MODEL = "grounding-dino-tiny";

    @Override
    public String name() {
        return "grounding-dino";
    }

    @Override
    public Class<? extends Stage<?, ?>> kind() {
        return Detector.class;
    }

    @Override
    public boolean isDefault() {
        return true;
    }

    @Override
    public String description() {
        return "Grounding DINO open-vocabulary detector (TorchScript export; options model, classes, threshold, nms_iou)";
    }

    /** {@code model}, {@code classes}, {@code threshold}, {@code nms_iou}. */
    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.of(StageSettings.MODEL_OPTION, "model folder under the models folder", DEFAULT_MODEL),
                OptionSpec.of("classes", "comma-separated class prompts", "person,dog,cat"),
                OptionSpec.of("threshold", "box score threshold (default from the manifest)"),
                OptionSpec.of("nms_iou", "IoU above which overlapping boxes are merged (default from the manifest)"));
    }

    /** Whether the model folder and the files its manifest lists are there. */
    @Override
    public Optional<String> missing(StageSettings settings) {
        return ModelPresence.ofFolder(settings, settings.modelFolder(DEFAULT_MODEL));
    }

    @Override
    public GroundingDinoDetector create(StageSettings settings) throws StageException {
        String modelName = settings.modelFolder(DEFAULT_MODEL);
        ResolvedModel model;
        try {
            model = ModelStore.at(ModelSources.defaults().root(settings, modelName)).resolve(modelName);
        } catch (ModelException | IllegalStateException e) {
            throw new StageException("grounding-dino: " + e.getMessage(), e);
        }
        GroundingDinoDetector.Builder builder = GroundingDinoDetector.builder().setModel(model);
        settings.option("classes").ifPresent(c -> builder.optClasses(parseClasses(c)));
        settings.option("threshold").ifPresent(t -> builder.optThreshold(parseDouble("threshold", t)));
        settings.option("nms_iou").ifPresent(t -> builder.optNmsIou(parseDouble("nms_iou", t)));
        return builder.build();
    }

    static List<String> parseClasses(String option) {
        List<String> classes = Arrays.stream(option.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("grounding-dino option classes='" + option + "' names no class; e.g. classes=person,dog,cat");
        }
        return classes;
    }

    private static double parseDouble(String key, String value) {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("grounding-dino option " + key + "='" + value + "' is not a number", e);
        }
    }
}
