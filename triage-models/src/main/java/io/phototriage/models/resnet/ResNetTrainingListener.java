package io.phototriage.models.resnet;

/**
 * Observes {@link ResNetTrainer}. Callbacks run on the training thread between epochs: keep them fast. An exception
 * thrown here is logged and ignored; it never stops the training.
 */
@FunctionalInterface
public interface ResNetTrainingListener {
    /** A listener that ignores everything. */
    ResNetTrainingListener NONE = report -> {};

    /** After each epoch's held-out evaluation. */
    void onEpoch(EpochReport report);

    /**
     * One epoch's numbers.
     *
     * @param epoch            1-based
     * @param trainLoss        mean softmax cross-entropy over the epoch's (augmented) training photos
     * @param heldOutLoss      mean softmax cross-entropy over the held-out photos (centre crops, no augmentation)
     * @param heldOutAccuracy  share of held-out photos whose most probable class is their label
     * @param improved         whether the held-out loss is the lowest so far (the weights were saved)
     */
    record EpochReport(int epoch, double trainLoss, double heldOutLoss, double heldOutAccuracy, boolean improved) {}
}
