package io.phototriage.models.sam;

/**
 * What SAM's mask decoder predicts for one box: {@code maskCount} low-resolution mask logits (each
 * {@code size x size}, covering the padded square input) and the predicted IoU of each.
 */
public final class MaskPrediction {
    private final float[] logits;
    private final float[] iouScores;
    private final int size;

    /**
     * @param logits    {@code iouScores.length * size * size} floats, {@code [mask, y, x]} row-major, copied
     * @param iouScores the predicted IoU per mask, copied
     * @param size      side of each low-resolution mask
     */
    public MaskPrediction(float[] logits, float[] iouScores, int size) {
        if (iouScores.length < 1 || size < 1) {
            throw new IllegalArgumentException("need at least one mask of positive size, got " + iouScores.length
                    + " masks of " + size);
        }
        if (logits.length != (long) iouScores.length * size * size) {
            throw new IllegalArgumentException("expected " + (long) iouScores.length * size * size + " logits for "
                    + iouScores.length + " masks of " + size + "x" + size + ", got " + logits.length);
        }
        this.logits = logits.clone();
        this.iouScores = iouScores.clone();
        this.size = size;
    }

    /**
     * Number of candidate masks.
     *
     * @return how many masks (and IoU scores) the decoder returned for the box
     */
    public int maskCount() {
        return iouScores.length;
    }

    /**
     * Side of each low-resolution mask (256 for SAM).
     *
     * @return the mask side, in mask pixels
     */
    public int size() {
        return size;
    }

    /**
     * A copy of the predicted IoU of each mask.
     *
     * @return {@link #maskCount()} scores
     */
    public float[] iouScores() {
        return iouScores.clone();
    }

    /**
     * The index of the mask with the highest predicted IoU (the first one on a tie).
     *
     * @return an index in {@code [0, maskCount())}
     */
    public int bestIndex() {
        int best = 0;
        for (int i = 1; i < iouScores.length; i++) {
            if (iouScores[i] > iouScores[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * A copy of mask {@code index}'s logits, {@code size x size} row-major.
     *
     * @param index a mask index, {@code [0, maskCount())}
     * @return {@code size * size} logits
     */
    public float[] logits(int index) {
        float[] out = new float[size * size];
        System.arraycopy(logits, checked(index) * size * size, out, 0, out.length);
        return out;
    }

    private int checked(int index) {
        if (index < 0 || index >= iouScores.length) {
            throw new IndexOutOfBoundsException("mask " + index + " of " + iouScores.length);
        }
        return index;
    }
}
