package io.phototriage.models;

import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelSources;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.spi.OptionSpec;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.djl.DjlRuntime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider whose model is a folder that carries its own {@code manifest.json} (the TorchScript exports: CLIP,
 * Grounding DINO, SAM, Stable Diffusion, a fine-tuned ResNet). The folder is the {@code model} option, by default
 * {@link #defaultFolder()}; it is looked up in the explicit models folder, else a class-path model pack, else the cache
 * ({@link ModelSources}).
 */
public abstract class FolderModelProvider extends ModelStageProvider {
    private final String defaultFolder;

    /**
     * Stores what the provider declares.
     *
     * @param name          the name users select it by
     * @param kind          the stage interface it implements
     * @param isDefault     whether it is the default of its kind
     * @param description   one line for listings
     * @param defaultFolder the model folder used when the {@code model} option is not set
     * @param options       the options it reads, in the order to list them (usually starting with
     *                      {@link #modelOption(String)})
     */
    protected FolderModelProvider(String name, Class<? extends Stage<?, ?>> kind, boolean isDefault, String description,
            String defaultFolder, List<OptionSpec> options) {
        super(name, kind, isDefault, description, options);
        this.defaultFolder = Objects.requireNonNull(defaultFolder, "defaultFolder");
    }

    /**
     * The {@code model} option: the name of a model folder under the models folder.
     *
     * @param defaultFolder the folder used when the option is not set
     * @return the option
     */
    protected static OptionSpec modelOption(String defaultFolder) {
        return OptionSpec.of(StageSettings.MODEL_OPTION, "model folder under the models folder", defaultFolder);
    }

    /**
     * The model folder used when the {@code model} option is not set.
     *
     * @return the folder name
     */
    public final String defaultFolder() {
        return defaultFolder;
    }

    /**
     * Whether the model folder ({@code model} option, else {@link #defaultFolder()}) and the files its manifest lists
     * are there. Nothing is loaded.
     *
     * @param settings the provider's own (unprefixed) settings
     * @return what is missing and where it was looked for, or empty
     */
    @Override
    public Optional<String> missing(StageSettings settings) {
        return ModelPresence.ofFolder(settings, settings.modelFolder(defaultFolder));
    }

    /**
     * Resolves the model folder ({@code model} option, else {@link #defaultFolder()}): finds it and checks its files
     * against its manifest.
     *
     * @param settings the provider's own (unprefixed) settings
     * @return the resolved folder
     * @throws StageException {@code "<name>: <why>"} when it is missing, incomplete or corrupt, or no models folder is set
     */
    protected final ResolvedModel resolve(StageSettings settings) throws StageException {
        String folder = settings.modelFolder(defaultFolder);
        try {
            return ModelStore.at(ModelSources.defaults().root(settings, folder)).resolve(folder);
        } catch (ModelException | IllegalStateException e) {
            throw failure(e);
        }
    }

    /**
     * {@link #resolve(StageSettings)} for a family exported to TorchScript by {@code tools/export/export.py}: the folder
     * must also be for the PyTorch engine. Both failures say how to export one.
     *
     * @param settings     the provider's own (unprefixed) settings
     * @param exportFamily the export tool's family that writes such a folder, e.g. {@code sam}
     * @return the resolved folder
     * @throws StageException {@code "<name>: <why> (...export.py <family>...)"} when the folder is missing, incomplete
     *                        or corrupt, no models folder is set, or its manifest names another engine
     */
    protected final ResolvedModel resolveTorchScript(StageSettings settings, String exportFamily) throws StageException {
        String folder = settings.modelFolder(defaultFolder);
        ResolvedModel resolved;
        try {
            resolved = resolve(settings);
        } catch (StageException e) {
            throw new StageException(e.getMessage() + " (export it with tools/export/export.py " + exportFamily
                    + " --real --out <models>/" + folder + ")", e.getCause());
        }
        if (!DjlRuntime.PYTORCH.equals(resolved.manifest().engine())) {
            throw new StageException(name() + ": model " + folder + " in " + resolved.dir() + " is for engine "
                    + resolved.manifest().engine() + ", expected " + DjlRuntime.PYTORCH
                    + " (TorchScript from tools/export/export.py " + exportFamily + ")");
        }
        return resolved;
    }
}
