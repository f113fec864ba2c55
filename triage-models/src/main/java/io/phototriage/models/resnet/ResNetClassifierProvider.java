package io.phototriage.models.resnet;

import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelSources;
import io.phototriage.core.spi.OptionSpec;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.FolderModelProvider;
import java.util.List;

/**
 * Provider {@code resnet}: {@link ResNetClassifier} on {@code <models>/<model>/}, option {@code model} (the folder
 * name; default {@value ResNetClassifier#DEFAULT_FOLDER}), a folder written by {@link ResNetTrainer}.
 */
public final class ResNetClassifierProvider extends FolderModelProvider {
    /** Option key of the classifier folder name. */
    public static final String MODEL = StageSettings.MODEL_OPTION;

    /** The provider {@link java.util.ServiceLoader} creates. */
    public ResNetClassifierProvider() {
        super("resnet", Classifier.class, false,
                "resnet: ResNet-18 fine-tuned on your labelled photos (people/pets/neither), PyTorch", ResNetClassifier.DEFAULT_FOLDER,
                List.of(OptionSpec.of(MODEL, "classifier folder under the models folder", ResNetClassifier.DEFAULT_FOLDER)));
    }

    @Override
    public Stage<?, ?> create(StageSettings settings) throws StageException {
        try {
            String folder = settings.modelFolder(defaultFolder());
            return ResNetClassifier.load(ModelSources.defaults().root(settings, folder), folder);
        } catch (ModelException | IllegalArgumentException | IllegalStateException e) {
            throw failure(e);
        }
    }
}
