package io.phototriage.models.yolox;

/**
 * Settings of {@link YoloxTrainer}.
 *
 * @param epochs          the most passes over the training images
 * @param batchSize       images per optimiser step
 * @param learningRate    Adam's (fixed) learning rate
 * @param heldOutFraction share of the images held out (stratified by the rarest class in each image), in (0, 1)
 * @param patience        stop after this many epochs without a higher held-out mAP
 * @param l1Epochs        the last this many epochs add YOLOX's L1 term on the raw box regressions (0: never)
 * @param seed            seeds the split, the order and the augmentations
 * @param augment         whether training images are augmented ({@link DetectorAugmenter}: scale jitter, placement,
 *                        colour, flip); {@code false}: the plain letterbox, as at inference
 * @param minScale        smallest scale of the scale jitter, in (0, 1]
 * @param colour          strength of the colour jitter, in [0, 1)
 */
public record YoloxTrainingConfig(int epochs, int batchSize, float learningRate, double heldOutFraction, int patience,
        int l1Epochs, long seed, boolean augment, double minScale, double colour) {
    /**
     * Validates.
     *
     * @param epochs          the most passes over the training images, at least 1
     * @param batchSize       images per optimiser step, at least 1
     * @param learningRate    Adam's learning rate, positive
     * @param heldOutFraction share of the images held out, in (0, 1)
     * @param patience        epochs without a higher held-out mAP before stopping, at least 1
     * @param l1Epochs        final epochs with the L1 term, 0 or more
     * @param seed            the seed
     * @param augment         whether training images are augmented
     * @param minScale        smallest scale of the scale jitter, in (0, 1]
     * @param colour          strength of the colour jitter, in [0, 1)
     * @throws IllegalArgumentException when a value is out of range (the message gives it)
     */
    public YoloxTrainingConfig {
        if (epochs < 1 || batchSize < 1 || patience < 1 || l1Epochs < 0) {
            throw new IllegalArgumentException("epochs, batch size and patience must be at least 1 and L1 epochs 0 or more,"
                    + " got " + epochs + ", " + batchSize + ", " + patience + ", " + l1Epochs);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("held-out fraction must be in (0, 1), got " + heldOutFraction);
        }
        if (!(minScale > 0 && minScale <= 1) || !(colour >= 0 && colour < 1)) {
            throw new IllegalArgumentException("min scale must be in (0, 1] and colour in [0, 1), got " + minScale + ", " + colour);
        }
    }

    /**
     * 10 epochs, batches of 8, Adam 1e-4, 25% held out, patience 3, L1 in the last 2 epochs, seed 0, augmented with
     * scales 0.6..1 and colour 0.25.
     *
     * @return the defaults
     */
    public static YoloxTrainingConfig defaults() {
        return new YoloxTrainingConfig(10, 8, 1e-4f, 0.25, 3, 2, 0L, true, 0.6, 0.25);
    }

    /**
     * A copy with another epoch count.
     *
     * @param value at least 1
     * @return the copy
     */
    public YoloxTrainingConfig withEpochs(int value) {
        return new YoloxTrainingConfig(value, batchSize, learningRate, heldOutFraction, patience, l1Epochs, seed, augment,
                minScale, colour);
    }

    /**
     * A copy with another seed.
     *
     * @param value the seed
     * @return the copy
     */
    public YoloxTrainingConfig withSeed(long value) {
        return new YoloxTrainingConfig(epochs, batchSize, learningRate, heldOutFraction, patience, l1Epochs, value, augment,
                minScale, colour);
    }

    /**
     * A copy with another batch size.
     *
     * @param value at least 1
     * @return the copy
     */
    public YoloxTrainingConfig withBatchSize(int value) {
        return new YoloxTrainingConfig(epochs, value, learningRate, heldOutFraction, patience, l1Epochs, seed, augment,
                minScale, colour);
    }

    /**
     * A copy with another learning rate.
     *
     * @param value positive
     * @return the copy
     */
    public YoloxTrainingConfig withLearningRate(float value) {
        return new YoloxTrainingConfig(epochs, batchSize, value, heldOutFraction, patience, l1Epochs, seed, augment,
                minScale, colour);
    }

    /**
     * A copy with another held-out fraction.
     *
     * @param value in (0, 1)
     * @return the copy
     */
    public YoloxTrainingConfig withHeldOutFraction(double value) {
        return new YoloxTrainingConfig(epochs, batchSize, learningRate, value, patience, l1Epochs, seed, augment,
                minScale, colour);
    }

    /**
     * A copy with augmentation on or off.
     *
     * @param value whether to augment
     * @return the copy
     */
    public YoloxTrainingConfig withAugment(boolean value) {
        return new YoloxTrainingConfig(epochs, batchSize, learningRate, heldOutFraction, patience, l1Epochs, seed, value,
                minScale, colour);
    }

    /**
     * A copy with another patience.
     *
     * @param value at least 1
     * @return the copy
     */
    public YoloxTrainingConfig withPatience(int value) {
        return new YoloxTrainingConfig(epochs, batchSize, learningRate, heldOutFraction, value, l1Epochs, seed, augment,
                minScale, colour);
    }

    /**
     * A copy with another number of final L1 epochs.
     *
     * @param value 0 or more
     * @return the copy
     */
    public YoloxTrainingConfig withL1Epochs(int value) {
        return new YoloxTrainingConfig(epochs, batchSize, learningRate, heldOutFraction, patience, value, seed, augment,
                minScale, colour);
    }
}
