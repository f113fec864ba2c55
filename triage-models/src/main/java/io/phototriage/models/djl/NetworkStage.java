package io.phototriage.models.djl;

import io.phototriage.core.stage.ModelInfo;
import java.util.Objects;

/**
 * The shared part of a stage that runs one {@link Network}: it owns the network, reports the network's
 * {@link ModelInfo}, keeps the configuration it was loaded with, and closes the network in {@link #close()}.
 * A concrete stage extends it and implements its stage interface ({@code Detector}, {@code Segmenter}, ...),
 * whose {@code name()}, {@code model()} and {@code close()} this class provides.
 *
 * @param <C> the stage's configuration record
 */
public abstract class NetworkStage<C> implements AutoCloseable {
    /** The configuration this stage was loaded with. */
    protected final C config;
    /** The network this stage owns and closes. */
    protected final Network network;
    private final String name;

    /**
     * Takes ownership of {@code network}.
     *
     * @param name    the stage's short name, as {@code Stage.name()} returns it
     * @param config  the configuration it was loaded with
     * @param network the network it runs and closes
     */
    protected NetworkStage(String name, C config, Network network) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = config;
        this.network = network;
    }

    /**
     * The settings this stage was loaded with.
     *
     * @return the configuration given when it was loaded
     */
    public C config() {
        return config;
    }

    /**
     * The stage's short name (for logs and results).
     *
     * @return the name given at construction
     */
    public String name() {
        return name;
    }

    /**
     * Which model this stage runs.
     *
     * @return the network's model information
     */
    public ModelInfo model() {
        return network.info();
    }

    /** Closes the network. A subclass that owns more overrides this and calls {@code super.close()}. */
    @Override
    public void close() {
        network.close();
    }
}
