package io.phototriage.models.resnet;

/**
 * Settings of {@link ResNetTrainer}.
 *
 * @param epochs           the most passes over the training photos
 * @param batchSize        photos per optimiser step
 * @param learningRate     Adam's (fixed) learning rate
 * @param heldOutFraction  share of each class held out for early stopping, in (0, 1); at least one photo per class
 *                         with two or more photos
 * @param patience         stop after this many epochs without a lower held-out loss
 * @param seed             seeds the split, the shuffling, the augmentations and the head's initial weights
 * @param trainBackbone    whether the backbone is fine-tuned too ({@code false}: only the head learns)
 * @param minCropScale     smallest share of the image area a random resized crop keeps, in (0, 1]
 * @param augment          whether training photos are augmented (random resized crop and flip, see
 *                         {@link ResNetAugmenter}); {@code false}: they are centre-cropped exactly as held-out photos
 *                         and at inference, so every epoch sees the same pixels (memorisation checks, or a set too
 *                         small for augmentation to help); {@link #minCropScale} is then unused
 */
public record ResNetTrainingConfig(int epochs, int batchSize, float learningRate, double heldOutFraction, int patience,
        long seed, boolean trainBackbone, double minCropScale, boolean augment) {
    /**
     * Validates.
     *
     * @param epochs          the most passes over the training photos, at least 1
     * @param batchSize       photos per optimiser step, at least 1
     * @param learningRate    Adam's (fixed) learning rate, positive
     * @param heldOutFraction share of each class held out for early stopping, in (0, 1)
     * @param patience        stop after this many epochs without a lower held-out loss, at least 1
     * @param seed            seeds the split, the shuffling, the augmentations and the head's initial weights
     * @param trainBackbone   whether the backbone is fine-tuned too ({@code false}: only the head learns)
     * @param minCropScale    smallest share of the image area a random resized crop keeps, in (0, 1]
     * @param augment         whether training photos are augmented
     * @throws IllegalArgumentException when a value is out of range (the message gives it)
     */
    public ResNetTrainingConfig {
        if (epochs < 1 || batchSize < 1 || patience < 1) {
            throw new IllegalArgumentException("epochs, batchSize and patience must be at least 1, got " + epochs + ", "
                    + batchSize + ", " + patience);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
        }
        if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("heldOutFraction must be in (0, 1), got " + heldOutFraction);
        }
        if (!(minCropScale > 0 && minCropScale <= 1)) {
            throw new IllegalArgumentException("minCropScale must be in (0, 1], got " + minCropScale);
        }
    }

    /**
     * 10 epochs, batches of 16, Adam 1e-3, 20% held out, patience 3, seed 0, whole network trained, augmented with
     * crops of 25%+.
     *
     * @return the default configuration
     */
    public static ResNetTrainingConfig defaults() {
        return new ResNetTrainingConfig(10, 16, 1e-3f, 0.2, 3, 0L, true, 0.25, true);
    }

    /**
     * This configuration with another {@link #epochs}.
     *
     * @param value at least 1
     * @return a copy with that value
     * @throws IllegalArgumentException when {@code value} is out of range
     */
    public ResNetTrainingConfig withEpochs(int value) {
        return new ResNetTrainingConfig(value, batchSize, learningRate, heldOutFraction, patience, seed, trainBackbone,
                minCropScale, augment);
    }

    /**
     * This configuration with another {@link #batchSize}.
     *
     * @param value photos per step, at least 1
     * @return a copy with that value
     * @throws IllegalArgumentException when {@code value} is out of range
     */
    public ResNetTrainingConfig withBatchSize(int value) {
        return new ResNetTrainingConfig(epochs, value, learningRate, heldOutFraction, patience, seed, trainBackbone,
                minCropScale, augment);
    }

    /**
     * This configuration with another {@link #learningRate}.
     *
     * @param value Adam's learning rate, positive
     * @return a copy with that value
     * @throws IllegalArgumentException when {@code value} is out of range
     */
    public ResNetTrainingConfig withLearningRate(float value) {
        return new ResNetTrainingConfig(epochs, batchSize, value, heldOutFraction, patience, seed, trainBackbone,
                minCropScale, augment);
    }

    /**
     * This configuration with another {@link #patience}.
     *
     * @param value epochs without a lower held-out loss before stopping, at least 1
     * @return a copy with that value
     * @throws IllegalArgumentException when {@code value} is out of range
     */
    public ResNetTrainingConfig withPatience(int value) {
        return new ResNetTrainingConfig(epochs, batchSize, learningRate, heldOutFraction, value, seed, trainBackbone,
                minCropScale, augment);
    }

    /**
     * This configuration with another {@link #seed}.
     *
     * @param value the seed of split, shuffling, augmentation and head initialisation
     * @return a copy with that value
     */
    public ResNetTrainingConfig withSeed(long value) {
        return new ResNetTrainingConfig(epochs, batchSize, learningRate, heldOutFraction, patience, value, trainBackbone,
                minCropScale, augment);
    }

    /**
     * This configuration with another {@link #trainBackbone}.
     *
     * @param value whether the backbone is fine-tuned too
     * @return a copy with that value
     */
    public ResNetTrainingConfig withTrainBackbone(boolean value) {
        return new ResNetTrainingConfig(epochs, batchSize, learningRate, heldOutFraction, patience, seed, value,
                minCropScale, augment);
    }

    /**
     * This configuration with another {@link #minCropScale}.
     *
     * @param value smallest share of the image area a random resized crop keeps, in (0, 1]
     * @return a copy with that value
     * @throws IllegalArgumentException when {@code value} is out of range
     */
    public ResNetTrainingConfig withMinCropScale(double value) {
        return new ResNetTrainingConfig(epochs, batchSize, learningRate, heldOutFraction, patience, seed, trainBackbone,
                value, augment);
    }

    /**
     * This configuration with another {@link #augment}.
     *
     * @param value whether training photos are augmented
     * @return a copy with that value
     */
    public ResNetTrainingConfig withAugment(boolean value) {
        return new ResNetTrainingConfig(epochs, batchSize, learningRate, heldOutFraction, patience, seed, trainBackbone,
                minCropScale, value);
    }
}
