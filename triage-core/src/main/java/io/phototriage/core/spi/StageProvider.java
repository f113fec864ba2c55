package io.phototriage.core.spi;

import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import java.util.List;
import java.util.Optional;

/**
 * A {@link java.util.ServiceLoader} provider of one stage implementation. List it in
 * {@code META-INF/services/io.phototriage.core.spi.StageProvider}.
 *
 * <p>A provider must be cheap to instantiate: the heavy work (loading weights) happens in {@link #create},
 * which the pipeline calls only for the stages it uses.
 */
public interface StageProvider {

    /**
     * A unique, stable name users select the implementation by, e.g. {@code yolox}, {@code grounding-dino}.
     *
     * @return the name
     */
    String name();

    /**
     * The stage interface this provider implements: {@code Classifier.class}, {@code Detector.class}, ...
     *
     * @return the stage interface ({@link io.phototriage.core.stage.PhotoStage#KIND} for a custom per-photo stage)
     */
    Class<? extends Stage<?, ?>> kind();

    /**
     * Whether this is the implementation to use when none is named. At most one provider per kind should
     * say so; two defaults for one kind make an unnamed lookup fail as ambiguous.
     *
     * @return true for the default of its kind; false by default
     */
    default boolean isDefault() {
        return false;
    }

    /**
     * One line for listings ({@code --help}, logs).
     *
     * @return the description, by default the name
     */
    default String description() {
        return name();
    }

    /**
     * The options this provider reads from its settings (unprefixed keys); empty when it takes none.
     *
     * @return the options, in the order to list them
     */
    default List<OptionSpec> options() {
        return List.of();
    }

    /**
     * Why this provider cannot create its stage with {@code settings} (for example which model file is missing and
     * where it was looked for), or empty when it can. Must be cheap: no model is loaded. An unnamed lookup prefers
     * providers whose models are present.
     *
     * @param settings the provider's own (unprefixed) settings
     * @return what is missing and where it was looked for, or empty
     */
    default Optional<String> missing(StageSettings settings) {
        return Optional.empty();
    }

    /**
     * Whether {@link #create} may run while other providers' {@code create} run on other threads. A pipeline loads
     * the stages of such providers at the same time, each on a thread of its own, so that a chain starts in about
     * the time of its slowest model rather than the sum of all; the stages of the other providers are created one
     * after another. Say so when {@code create} touches no state it shares with other providers unguarded (the
     * usual case: it reads its own files and builds its own objects).
     *
     * @return true when {@code create} is safe to run concurrently with other providers'; false by default
     */
    default boolean loadsConcurrently() {
        return false;
    }

    /**
     * Creates the stage (loads its model). Fails with a message that says what is missing and how to get it.
     *
     * @param settings the provider's own (unprefixed) settings
     * @return the new stage, owned by the caller
     * @throws StageException when the stage cannot be created (a model is missing or corrupt, a bad option)
     */
    Stage<?, ?> create(StageSettings settings) throws StageException;
}
