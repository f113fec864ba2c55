package io.phototriage.models.clip;

import io.phototriage.core.model.ModelException;
import io.phototriage.core.spi.OptionSpec;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.TriageClass;
import io.phototriage.models.FolderModelProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Provider {@value #NAME}: the {@link ZeroShotClipClassifier}.
 *
 * <p>Options: {@code model} (folder name under the models folder, default {@value #DEFAULT_MODEL});
 * {@code prompts.people}, {@code prompts.pets}, {@code prompts.neither} (prompts separated by {@code |}, replacing
 * that class's {@link ZeroShotClipClassifier#defaultPrompts() defaults}).
 */
public final class ClipZeroShotProvider extends FolderModelProvider {
    /** The provider's name. */
    public static final String NAME = "clip-zero-shot";
    /** The model folder used when the {@code model} option is not set (what {@code export.py clip --real} writes). */
    public static final String DEFAULT_MODEL = "clip-vit-b32";

    /** The provider {@link java.util.ServiceLoader} creates. */
    public ClipZeroShotProvider() {
        super(NAME, Classifier.class, false,
                "zero-shot people/pets/neither with CLIP ViT-B/32 (TorchScript, folder " + DEFAULT_MODEL + ")", DEFAULT_MODEL,
                modelAndPromptOptions());
    }

    /** {@code model} and {@code prompts.people|pets|neither}. */
    private static List<OptionSpec> modelAndPromptOptions() {
        List<OptionSpec> all = new ArrayList<>();
        all.add(modelOption(DEFAULT_MODEL));
        for (TriageClass c : TriageClass.values()) {
            all.add(OptionSpec.of("prompts." + c.label(), "prompts for " + c.label() + ", separated by |"));
        }
        return all;
    }

    @Override
    public Stage<?, ?> create(StageSettings settings) throws StageException {
        Map<TriageClass, List<String>> prompts = ZeroShotClipClassifier.defaultPrompts();
        for (TriageClass c : TriageClass.values()) {
            settings.option("prompts." + c.label()).ifPresent(v -> prompts.put(c,
                    Arrays.stream(v.split("\\|")).map(String::trim).filter(s -> !s.isEmpty()).toList()));
        }
        try {
            return ZeroShotClipClassifier.create(resolve(settings), prompts);
        } catch (ModelException | IllegalArgumentException | IllegalStateException e) {
            throw failure(e);
        }
    }
}
