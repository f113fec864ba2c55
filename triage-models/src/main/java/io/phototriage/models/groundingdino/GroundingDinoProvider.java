package io.phototriage.models.groundingdino;

import io.phototriage.core.spi.OptionSpec;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.FolderModelProvider;
import java.util.Arrays;
import java.util.List;

/**
 * {@link io.phototriage.core.spi.StageProvider} for {@link GroundingDinoDetector}, the default {@link Detector}.
 *
 * <p>Options: {@code model} (folder name under the models folder, default {@value #DEFAULT_MODEL}, as
 * {@code export.py grounding-dino --real --out MODELS/grounding-dino-tiny} writes it), {@code classes}
 * (comma-separated, default {@code person,dog,cat}), {@code threshold} and {@code nms_iou} (defaults from the
 * model's manifest).
 */
public final class GroundingDinoProvider extends FolderModelProvider {
    /** The model folder used when the {@code model} option is not set. */
    public static final String DEFAULT_MODEL = "grounding-dino-tiny";

    /** The provider {@link java.util.ServiceLoader} creates. */
    public GroundingDinoProvider() {
        super("grounding-dino", Detector.class, true,
                "Grounding DINO open-vocabulary detector (TorchScript export; options model, classes, threshold, nms_iou)",
                DEFAULT_MODEL, List.of(modelOption(DEFAULT_MODEL),
                        OptionSpec.of("classes", "comma-separated class prompts", "person,dog,cat"),
                        OptionSpec.of("threshold", "box score threshold (default from the manifest)"),
                        OptionSpec.of("nms_iou", "IoU above which overlapping boxes are merged (default from the manifest)")));
    }

    @Override
    public GroundingDinoDetector create(StageSettings settings) throws StageException {
        GroundingDinoDetector.Builder builder = GroundingDinoDetector.builder().setModel(resolve(settings));
        settings.option("classes").ifPresent(c -> builder.optClasses(parseClasses(c)));
        if (settings.option("threshold").isPresent()) {
            builder.optThreshold(settings.number("threshold", 0));
        }
        if (settings.option("nms_iou").isPresent()) {
            builder.optNmsIou(settings.number("nms_iou", 0));
        }
        return builder.build();
    }

    static List<String> parseClasses(String option) {
        List<String> classes = Arrays.stream(option.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("grounding-dino option classes='" + option + "' names no class; e.g. classes=person,dog,cat");
        }
        return classes;
    }
}
