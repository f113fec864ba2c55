package io.phototriage.core.stage;

import io.phototriage.core.eval.TrainingSplit;
import java.util.Optional;

/**
 * A classifier trained on labelled photos that knows which ones (e.g. a linear probe): evaluation tools use
 * {@link #trainingSplit()} to score the photos it never saw, instead of testing for a concrete model class.
 */
public interface TrainedClassifier extends Classifier {

    /**
     * The photos the classifier was trained on and held out, as saved with the model; empty when it was trained on
     * examples that are not photos of a data set.
     *
     * @return the saved split, or empty
     */
    Optional<TrainingSplit> trainingSplit();
}
