package io.phototriage.models.resnet;

/**
 * Observes {@link ResNetTrainer}. Callbacks run on the training thread between epochs: keep them fast. An exception
 * thrown here is logged and ignored; it never stops the training.
 */
@FunctionalInterface
public interface ResNetTrainingListener {
    /** A listener that ignores everything. */
    ResNetTrainingListener NONE = report -> {};

    /**
     * After each epoch's held-out evaluation.
     *
     * @param report the epoch's losses and held-out accuracy
     */
    void onEpoch(EpochReport report);

    /**
     * One epoch's numbers.
     *
     * @param epoch            1-based
     * @param trainLoss        mean softmax cross-entropy over the epoch's training photos (augmented unless
     *                         {@link ResNetTrainingConfig#augment()} is off), each from the forward pass of its
     *                         mini-batch, before that batch's update
     * @param trainAccuracy    share of the epoch's training photos whose most probable class in that same forward pass
     *                         is their label
     * @param heldOutLoss      mean softmax cross-entropy over the held-out photos (centre crops, no augmentation)
     * @param heldOutAccuracy  share of held-out photos whose most probable class is their label
     * @param improved         whether the held-out loss is the lowest so far (the weights were saved)
     */
    record EpochReport(int epoch, double trainLoss, double trainAccuracy, double heldOutLoss, double heldOutAccuracy,
            boolean improved) {}
}
