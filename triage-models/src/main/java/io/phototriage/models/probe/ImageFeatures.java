package io.phototriage.models.probe;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.stage.StageException;

/**
 * A frozen feature extractor: one fixed-length vector per photo, the input of a {@link LinearProbe}. Implementations
 * that run a model own it and release it in {@link #close()}; they are called from one thread at a time unless they
 * say they are {@linkplain #threadSafe() thread-safe}.
 */
public interface ImageFeatures extends AutoCloseable {

    /**
     * What makes the vectors, with its weights; recorded in probes.
     *
     * @return e.g. {@code mobilenet-v2@9a2028197f94}
     */
    String id();

    /**
     * What each position of the vector holds. A probe trained on one description refuses features of another, so
     * change it whenever the layout or meaning of the vector changes.
     *
     * @return the layout in words
     */
    String description();

    /**
     * Length of every vector.
     *
     * @return the number of features
     */
    int dimension();

    /**
     * The feature vector of one photo.
     *
     * @param photo the decoded photo
     * @return {@link #dimension()} finite values
     * @throws StageException when the model fails on this photo
     */
    float[] extract(DecodedPhoto photo) throws StageException;

    /**
     * Whether {@link #extract} may run on several threads at once (see
     * {@link io.phototriage.core.stage.Stage#threadSafe()}).
     *
     * @return {@code false} by default
     */
    default boolean threadSafe() {
        return false;
    }

    @Override
    default void close() throws Exception {}
}
