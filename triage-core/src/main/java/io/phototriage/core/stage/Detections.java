package io.phototriage.core.stage;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The detect stage's answer: the boxes at or above the detector's threshold, best first.
 *
 * @param detections the kept boxes, sorted by descending score
 * @param threshold  the score threshold that was applied (and where it came from is in the detector's docs)
 */
public record Detections(List<Detection> detections, double threshold) {
    /**
     * Sorts the detections by score, best first.
     *
     * @param detections the kept boxes, sorted by descending score
     * @param threshold the score threshold that was applied (and where it came from is in the detector's docs)
     */
    public Detections {
        detections = detections.stream().sorted(Comparator.comparingDouble(Detection::score).reversed()).toList();
    }

    /**
     * The highest-scoring box, the subject that later stages use.
     *
     * @return the best detection, or empty when nothing was found
     */
    public Optional<Detection> best() {
        return detections.isEmpty() ? Optional.empty() : Optional.of(detections.get(0));
    }

    /** @return true when nothing was found above the threshold */
    public boolean isEmpty() {
        return detections.isEmpty();
    }
}
