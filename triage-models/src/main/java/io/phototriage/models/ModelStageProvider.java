package io.phototriage.models;

import io.phototriage.core.spi.OptionSpec;
import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import java.util.List;
import java.util.Objects;

/**
 * What every model provider of this module shares: its name, stage kind, default flag, description and options are
 * values given once to the constructor, and a failure to create the stage is reported as {@code "<name>: <why>"}.
 * Where the models come from is said by the two kinds below it: {@link FolderModelProvider} (a model folder that
 * carries its own manifest, chosen by the {@code model} option) and {@link LiteModelProvider} (a lite-set folder whose
 * manifest ships with the code).
 *
 * <p>Cheap to instantiate, as {@link StageProvider} asks: the constructor only stores values.
 */
public abstract class ModelStageProvider implements StageProvider {
    private final String name;
    private final Class<? extends Stage<?, ?>> kind;
    private final boolean isDefault;
    private final String description;
    private final List<OptionSpec> options;

    /**
     * Stores what the provider declares.
     *
     * @param name        the name users select it by
     * @param kind        the stage interface it implements
     * @param isDefault   whether it is the default of its kind
     * @param description one line for listings
     * @param options     the options it reads, in the order to list them
     */
    protected ModelStageProvider(String name, Class<? extends Stage<?, ?>> kind, boolean isDefault, String description,
            List<OptionSpec> options) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.isDefault = isDefault;
        this.description = Objects.requireNonNull(description, "description");
        this.options = List.copyOf(options);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Class<? extends Stage<?, ?>> kind() {
        return kind;
    }

    @Override
    public final boolean isDefault() {
        return isDefault;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final List<OptionSpec> options() {
        return options;
    }

    /**
     * True: each provider of this module loads its own files into networks of its own, and DJL starts an engine
     * once, under its own lock, whichever provider asks first.
     *
     * @return true
     */
    @Override
    public final boolean loadsConcurrently() {
        return true;
    }

    /**
     * The exception {@link #create} throws when its stage cannot be made: the provider's name, then {@code cause}'s
     * message.
     *
     * @param cause what went wrong (a missing model, a bad option)
     * @return the exception to throw, with {@code cause} attached
     */
    protected final StageException failure(Exception cause) {
        return new StageException(name + ": " + cause.getMessage(), cause);
    }
}
