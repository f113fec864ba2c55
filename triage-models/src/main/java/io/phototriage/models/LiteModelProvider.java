package io.phototriage.models;

import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelSources;
import io.phototriage.core.spi.OptionSpec;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.lite.LiteModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider of a lite-set stage: one fixed model folder of ONNX weights whose manifest ships with the code. The
 * folder is looked up in the explicit models folder, else the class-path lite pack, else the cache
 * ({@link ModelSources}); {@link #create} hands the models root and the settings to {@link #load}.
 */
public abstract class LiteModelProvider extends ModelStageProvider {
    private final String folder;
    private final Class<?> anchor;
    private final String manifestResource;

    /**
     * Stores what the provider declares.
     *
     * @param name        the name users select it by
     * @param kind        the stage interface it implements
     * @param description one line for listings
     * @param folder      the model folder's name in the models folder
     * @param anchor      the class the manifest resource lies next to
     * @param manifest    the manifest's class-path resource, relative to {@code anchor} (read by {@link #missing},
     *                    not here)
     * @param options     the options it reads, in the order to list them
     */
    protected LiteModelProvider(String name, Class<? extends Stage<?, ?>> kind, String description, String folder,
            Class<?> anchor, String manifest, List<OptionSpec> options) {
        this(name, kind, false, description, folder, anchor, manifest, options);
    }

    /**
     * Stores what the provider declares, for a provider that may be the default of its kind.
     *
     * @param name        the name users select it by
     * @param kind        the stage interface it implements
     * @param isDefault   whether it is the one to use when none is named
     * @param description one line for listings
     * @param folder      the model folder's name in the models folder
     * @param anchor      the class the manifest resource lies next to
     * @param manifest    the manifest's class-path resource, relative to {@code anchor}
     * @param options     the options it reads, in the order to list them
     */
    protected LiteModelProvider(String name, Class<? extends Stage<?, ?>> kind, boolean isDefault, String description,
            String folder, Class<?> anchor, String manifest, List<OptionSpec> options) {
        super(name, kind, isDefault, description, options);
        this.folder = Objects.requireNonNull(folder, "folder");
        this.anchor = Objects.requireNonNull(anchor, "anchor");
        this.manifestResource = Objects.requireNonNull(manifest, "manifest");
    }

    /**
     * Whether the model folder and the weights its manifest lists are there. Nothing is loaded.
     *
     * @param settings the provider's own (unprefixed) settings
     * @return what is missing and where it was looked for, or empty
     */
    @Override
    public final Optional<String> missing(StageSettings settings) {
        return ModelPresence.ofLite(settings, folder, LiteModels.manifest(anchor, manifestResource));
    }

    /**
     * Loads the stage from the models root that holds the folder; a missing folder, a bad option or a runtime failure
     * becomes {@code "<name>: <why>"}.
     *
     * @param settings the provider's own (unprefixed) settings
     * @return the new stage, owned by the caller
     * @throws StageException when the stage cannot be created
     */
    @Override
    public final Stage<?, ?> create(StageSettings settings) throws StageException {
        try {
            return load(ModelSources.defaults().root(settings, folder), settings);
        } catch (ModelException | IllegalArgumentException | IllegalStateException e) {
            throw failure(e);
        }
    }

    /**
     * Loads the stage.
     *
     * @param modelsRoot the folder that holds this provider's model folder
     * @param settings   the provider's own (unprefixed) settings, for its options
     * @return the new stage, owned by the caller
     * @throws StageException when the model cannot be loaded
     */
    protected abstract Stage<?, ?> load(Path modelsRoot, StageSettings settings) throws StageException;
}
