package io.phototriage.models.resnet;

import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelSources;
import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.spi.OptionSpec;
import java.util.List;
import java.util.Optional;
import io.phototriage.models.ModelPresence;

/**
 * Provider {@code resnet}: {@link ResNetClassifier} on {@code <models>/<model>/}, option {@code model} (the folder
 * name; default {@value ResNetClassifier#DEFAULT_FOLDER}), a folder written by {@link ResNetTrainer}.
 */
public final class ResNetClassifierProvider implements StageProvider {
    /** Option key of the classifier folder name. */
    public static final String MODEL = "model";

    @Override
    public String name() {
        return "resnet";
    }

    @Override
    public Class<? extends Stage<?, ?>> kind() {
        return Classifier.class;
    }

    @Override
    public String description() {
        return "resnet: ResNet-18 fine-tuned on your labelled photos (people/pets/neither), PyTorch";
    }

    /** {@code model}. */
    @Override
    public List<OptionSpec> options() {
        return List.of(OptionSpec.of(MODEL, "classifier folder under the models folder", ResNetClassifier.DEFAULT_FOLDER));
    }

    /** Whether the classifier folder and the files its manifest lists are there. */
    @Override
    public Optional<String> missing(StageSettings settings) {
        return ModelPresence.ofFolder(settings, settings.option(MODEL).orElse(ResNetClassifier.DEFAULT_FOLDER));
    }

    @Override
    public Stage<?, ?> create(StageSettings settings) throws StageException {
        try {
            String folder = settings.option(MODEL).orElse(ResNetClassifier.DEFAULT_FOLDER);
            return ResNetClassifier.load(ModelSources.defaults().root(settings, folder), folder);
        } catch (ModelException | IllegalArgumentException | IllegalStateException e) {
            throw new StageException("resnet: " + e.getMessage(), e);
        }
    }
}
