package io.phototriage.examples;

import io.phototriage.core.eval.CocoDetection;
import io.phototriage.core.eval.SegmentationScore;
import io.phototriage.core.stage.Stylized;
import io.phototriage.core.stage.TriageClass;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The collector of {@code eval}: what the data-set loop observed, one typed record per stage and photo, in the
 * order the photos were taken. Nothing here computes a metric ({@link EvalMetrics} does) or knows the metrics.json
 * layout ({@link MetricsDocument} does).
 */
final class EvalObservations {
    /** The stages whose failures are counted. */
    enum Stage {
        /** Classify. */
        CLASSIFY,
        /** Detect. */
        DETECT,
        /** Segment prompted with the ground-truth box. */
        SEGMENT,
        /** Segment prompted with the detector's best production box. */
        SEGMENT_DETECTED,
        /** Stylize. */
        STYLIZE
    }

    /**
     * A photo the classifier labelled.
     *
     * @param file      the image's file name
     * @param truth     its {@code triage_class}
     * @param predicted the classifier's label
     * @param ms        how long the call took
     */
    record Classified(String file, TriageClass truth, TriageClass predicted, double ms) {}

    /**
     * A photo the detector ran on.
     *
     * @param imageId    the COCO image id
     * @param detections its evaluation-mode boxes (production boxes when the detector has no evaluation mode) whose
     *                   label is a category of the data set, in pixels of the original photo
     * @param ms         how long the call took
     */
    record Detected(long imageId, List<CocoDetection> detections, double ms) {}

    /**
     * A segmentation scored against a ground-truth instance.
     *
     * @param score the mask IoU with the instance (0 when the segmenter failed)
     * @param ms    how long the call took; NaN when it failed
     */
    record Segmented(SegmentationScore score, double ms) {}

    /**
     * A photo the stylizer ran on.
     *
     * @param file   the image's file name
     * @param output the stylized picture
     * @param ms     how long the call took
     */
    record Styled(String file, Stylized output, double ms) {}

    /**
     * A stage that failed on a photo.
     *
     * @param photo   the image's file name
     * @param message the error
     */
    record Failure(String photo, String message) {}

    private final List<String> decodeFailures = new ArrayList<>();
    private final List<Classified> classified = new ArrayList<>();
    private final List<Detected> detected = new ArrayList<>();
    private final Set<String> unknownLabels = new TreeSet<>();
    private double productionThreshold = Double.NaN;
    private final List<Segmented> segmentedWithTruth = new ArrayList<>();
    private final List<Segmented> segmentedWithDetection = new ArrayList<>();
    private int subjectsMissed;
    private int promptsWithoutSubject;
    private final List<Styled> styled = new ArrayList<>();
    private final Map<Stage, List<Failure>> failures = new EnumMap<>(Stage.class);

    EvalObservations() {
        for (Stage s : Stage.values()) {
            failures.put(s, new ArrayList<>());
        }
    }

    void decodeFailed(String message) {
        decodeFailures.add(message);
    }

    void classified(Classified c) {
        classified.add(c);
    }

    void detected(Detected d) {
        detected.add(d);
    }

    /** A box label that is no category of the data set (not scored). */
    void unknownLabel(String label) {
        unknownLabels.add(label);
    }

    void productionThreshold(double value) {
        productionThreshold = value;
    }

    void segmentedWithTruth(Segmented s) {
        segmentedWithTruth.add(s);
    }

    void segmentedWithDetection(Segmented s) {
        segmentedWithDetection.add(s);
    }

    /** A photo with a subject where the detector kept no production box. */
    void subjectMissed() {
        subjectsMissed++;
    }

    /** A production box that matches no person/dog/cat instance. */
    void promptWithoutSubject() {
        promptsWithoutSubject++;
    }

    void styled(Styled s) {
        styled.add(s);
    }

    void failed(Stage stage, String photo, Exception e) {
        failures.get(stage).add(new Failure(photo, e.getMessage() == null ? e.toString() : e.getMessage()));
    }

    List<String> decodeFailures() {
        return Collections.unmodifiableList(decodeFailures);
    }

    List<Classified> classified() {
        return Collections.unmodifiableList(classified);
    }

    List<Detected> detected() {
        return Collections.unmodifiableList(detected);
    }

    Set<String> unknownLabels() {
        return Collections.unmodifiableSet(unknownLabels);
    }

    /** The detector's production threshold as last reported; NaN before any photo was detected. */
    double productionThreshold() {
        return productionThreshold;
    }

    List<Segmented> segmentedWithTruth() {
        return Collections.unmodifiableList(segmentedWithTruth);
    }

    List<Segmented> segmentedWithDetection() {
        return Collections.unmodifiableList(segmentedWithDetection);
    }

    int subjectsMissed() {
        return subjectsMissed;
    }

    int promptsWithoutSubject() {
        return promptsWithoutSubject;
    }

    List<Styled> styled() {
        return Collections.unmodifiableList(styled);
    }

    List<Failure> failures(Stage stage) {
        return Collections.unmodifiableList(failures.get(stage));
    }
}
