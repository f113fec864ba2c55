package io.phototriage.models.clip;

import io.phototriage.core.model.ModelSources;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.TriageClass;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import io.phototriage.core.spi.OptionSpec;
import java.util.Optional;
import io.phototriage.models.ModelPresence;

/**
 * Provider {@value #NAME}: the {@link ZeroShotClipClassifier}.
 *
 * <p>Options: {@code model} (folder name under the models folder, default {@value #DEFAULT_MODEL});
 * {@code prompts.people}, {@code prompts.pets}, {@code prompts.neither} (prompts separated by {@code |}, replacing
 * that class's {@link ZeroShotClipClassifier#defaultPrompts() defaults}).
 */
public final class ClipZeroShotProvider implements StageProvider {
    /** The provider's name. */
    public static final String NAME = "clip-zero-shot";
    /** The model folder used when the {@code model} option is not set (what {@code export.py clip --real} writes). */
    public static final String DEFAULT_MODEL = "clip-vit-b32";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<? extends Stage<?, ?>> kind() {
        return Classifier.class;
    }

    @Override
    public String description() {
        return "zero-shot people/pets/neither with CLIP ViT-B/32 (TorchScript, folder " + DEFAULT_MODEL + ")";
    }

    /** {@code model} and {@code prompts.people|pets|neither}. */
    @Override
    public List<OptionSpec> options() {
        List<OptionSpec> all = new java.util.ArrayList<>();
        all.add(OptionSpec.of(StageSettings.MODEL_OPTION, "model folder under the models folder", DEFAULT_MODEL));
        for (TriageClass c : TriageClass.values()) {
            all.add(OptionSpec.of("prompts." + c.label(), "prompts for " + c.label() + ", separated by |"));
        }
        return List.copyOf(all);
    }

    /** Whether the model folder and the files its manifest lists are there. */
    @Override
    public Optional<String> missing(StageSettings settings) {
        return ModelPresence.ofFolder(settings, settings.modelFolder(DEFAULT_MODEL));
    }

    @Override
    public Stage<?, ?> create(StageSettings settings) throws StageException {
        String model = settings.modelFolder(DEFAULT_MODEL);
        Map<TriageClass, List<String>> prompts = ZeroShotClipClassifier.defaultPrompts();
        for (TriageClass c : TriageClass.values()) {
            settings.option("prompts." + c.label()).ifPresent(v -> prompts.put(c,
                    Arrays.stream(v.split("\\|")).map(String::trim).filter(s -> !s.isEmpty()).toList()));
        }
        try {
            return ZeroShotClipClassifier.create(ModelStore.at(ModelSources.defaults().root(settings, model)).resolve(model), prompts);
        } catch (ModelException | IllegalArgumentException | IllegalStateException e) {
            throw new StageException(NAME + ": " + e.getMessage(), e);
        }
    }
}
