package io.phototriage.models.yolox;

/**
 * Which candidate boxes {@link YoloxDetector#detectAll} returns.
 *
 * @param minScore      keep candidates with {@code obj * cls > minScore}
 * @param nmsIou        class-wise NMS suppresses a box whose IoU with a higher-scoring box of its class is above this
 * @param maxDetections at most this many boxes per image, the highest scores
 */
public record EvalSettings(double minScore, double nmsIou, int maxDetections) {
    /**
     * Validates.
     *
     * @param minScore      keep candidates with {@code obj * cls > minScore}, in [0, 1)
     * @param nmsIou        class-wise NMS IoU, in (0, 1]
     * @param maxDetections at most this many boxes per image, positive
     * @throws IllegalArgumentException when a value is out of range
     */
    public EvalSettings {
        if (!(minScore >= 0 && minScore < 1)) {
            throw new IllegalArgumentException("minScore must be in [0, 1): " + minScore);
        }
        if (!(nmsIou > 0 && nmsIou <= 1)) {
            throw new IllegalArgumentException("nmsIou must be in (0, 1]: " + nmsIou);
        }
        if (maxDetections <= 0) {
            throw new IllegalArgumentException("maxDetections must be positive: " + maxDetections);
        }
    }

    /**
     * The settings in words.
     *
     * @return e.g. {@code score > 0.001, class-wise NMS IoU 0.65, at most 100 boxes}
     */
    public String describe() {
        return "score > " + minScore + ", class-wise NMS IoU " + nmsIou + ", at most " + maxDetections + " boxes";
    }

    /**
     * COCO-style evaluation: score above 0.001, class-wise NMS at IoU 0.65, at most 100 boxes per image.
     *
     * @return the COCO evaluation settings
     */
    public static EvalSettings coco() {
        return new EvalSettings(0.001, 0.65, 100);
    }
}
