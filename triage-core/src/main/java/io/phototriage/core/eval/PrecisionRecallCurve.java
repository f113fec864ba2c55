package io.phototriage.core.eval;

/**
 * COCO's interpolated precision-recall curve of one category at one IoU threshold: at each of the 101 recall
 * thresholds 0, .01, ..., 1, the best precision reached at that recall or more (0 where the recall is never reached),
 * and the score of the detection where it is reached. Immutable; the accessors return copies.
 *
 * @param recall    the recall thresholds
 * @param precision the interpolated precision at each recall threshold
 * @param scores    the detection score at which each recall threshold is reached (0 where it is not)
 */
public record PrecisionRecallCurve(double[] recall, double[] precision, double[] scores) {
    /**
     * Checks the lengths and copies the arrays.
     *
     * @param recall the recall thresholds
     * @param precision the interpolated precision at each recall threshold
     * @param scores the detection score at which each recall threshold is reached (0 where it is not)
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public PrecisionRecallCurve {
        if (recall.length != precision.length || recall.length != scores.length) {
            throw new IllegalArgumentException("curve arrays differ in length: " + recall.length + ", "
                    + precision.length + ", " + scores.length);
        }
        recall = recall.clone();
        precision = precision.clone();
        scores = scores.clone();
    }

    /** @return a copy of the recall values */
    @Override
    public double[] recall() {
        return recall.clone();
    }

    /** @return a copy of the precision values */
    @Override
    public double[] precision() {
        return precision.clone();
    }

    /** @return a copy of the score thresholds */
    @Override
    public double[] scores() {
        return scores.clone();
    }

    /**
     * The area under the curve as COCO computes AP: the mean of the interpolated precision.
     *
     * @return the average precision, in [0, 1]
     */
    public double averagePrecision() {
        double sum = 0;
        for (double p : precision) {
            sum += p;
        }
        return sum / precision.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrecisionRecallCurve c && java.util.Arrays.equals(c.recall, recall)
                && java.util.Arrays.equals(c.precision, precision) && java.util.Arrays.equals(c.scores, scores);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(java.util.Arrays.hashCode(recall), java.util.Arrays.hashCode(precision),
                java.util.Arrays.hashCode(scores));
    }

    @Override
    public String toString() {
        return "PrecisionRecallCurve[points=" + recall.length + ", ap=" + averagePrecision() + "]";
    }
}
