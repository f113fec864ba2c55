package io.phototriage.core.testing;

import io.phototriage.core.spi.OptionSpec;
import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link StageProvider} for tests whose stage comes from a {@link Factory}; name, kind, default flag, options and
 * what is missing are plain values. Immutable: the {@code with...} methods return a copy. Shared through the core
 * test-jar so every module's tests use one fake instead of writing their own anonymous provider.
 */
public class FakeProvider implements StageProvider {

    /** Creates the stage of a {@link FakeProvider}; may throw to simulate a missing or corrupt model. */
    @FunctionalInterface
    public interface Factory {
        /**
         * Creates the stage.
         *
         * @param settings the provider's own (unprefixed) settings
         * @return the new stage
         * @throws StageException to simulate a stage that cannot be created
         */
        Stage<?, ?> create(StageSettings settings) throws StageException;
    }

    private final String name;
    private final Class<? extends Stage<?, ?>> kind;
    private final Factory factory;
    private final boolean isDefault;
    private final Optional<String> missing;
    private final List<OptionSpec> options;

    /**
     * A provider with every property given.
     *
     * @param name the provider's name
     * @param kind the stage interface it implements
     * @param factory what {@link #create} delegates to
     * @param isDefault whether it is the default of its kind
     * @param missing what {@link #missing} answers
     * @param options what {@link #options} answers
     */
    protected FakeProvider(String name, Class<? extends Stage<?, ?>> kind, Factory factory, boolean isDefault,
            Optional<String> missing, List<OptionSpec> options) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.isDefault = isDefault;
        this.missing = Objects.requireNonNull(missing, "missing");
        this.options = List.copyOf(options);
    }

    /**
     * A non-default provider with no options and nothing missing whose {@link #create} calls {@code factory}.
     *
     * @param name the provider's name
     * @param kind the stage interface it implements
     * @param factory what {@link #create} delegates to
     * @return the provider
     */
    public static FakeProvider of(String name, Class<? extends Stage<?, ?>> kind, Factory factory) {
        return new FakeProvider(name, kind, factory, false, Optional.empty(), List.of());
    }

    /**
     * A provider that is only listed and looked up: {@link #create} fails the test.
     *
     * @param name the provider's name
     * @param kind the stage interface it implements
     * @return the provider
     */
    public static FakeProvider listedOnly(String name, Class<? extends Stage<?, ?>> kind) {
        return of(name, kind, settings -> {
            throw new UnsupportedOperationException("provider '" + name + "' is not created in this test");
        });
    }

    /**
     * This provider with another default flag.
     *
     * @param value whether the copy is the default of its kind
     * @return the copy
     */
    public FakeProvider withDefault(boolean value) {
        return new FakeProvider(name, kind, factory, value, missing, options);
    }

    /**
     * This provider answering {@code value} from {@link #missing}.
     *
     * @param value what is missing, or empty
     * @return the copy
     */
    public FakeProvider withMissing(Optional<String> value) {
        return new FakeProvider(name, kind, factory, isDefault, value, options);
    }

    /**
     * This provider declaring {@code value} as its options.
     *
     * @param value the options
     * @return the copy
     */
    public FakeProvider withOptions(List<OptionSpec> value) {
        return new FakeProvider(name, kind, factory, isDefault, missing, value);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Class<? extends Stage<?, ?>> kind() {
        return kind;
    }

    @Override
    public boolean isDefault() {
        return isDefault;
    }

    @Override
    public List<OptionSpec> options() {
        return options;
    }

    @Override
    public Optional<String> missing(StageSettings settings) {
        return missing;
    }

    @Override
    public Stage<?, ?> create(StageSettings settings) throws StageException {
        return factory.create(settings);
    }

    /** @return the name, so that assertion messages read well */
    @Override
    public String toString() {
        return name;
    }
}
