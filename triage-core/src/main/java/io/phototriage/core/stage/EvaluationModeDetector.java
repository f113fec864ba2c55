package io.phototriage.core.stage;

import io.phototriage.core.DecodedPhoto;
import java.util.List;

/**
 * A detector that can also answer in <em>evaluation mode</em>: a very low score threshold and many boxes, so that
 * COCO mAP can be computed and a production threshold can be calibrated (a production answer, already cut at its
 * threshold, cannot tell what a lower threshold would keep).
 *
 * <p>The production answer must be exactly the evaluation-mode boxes with {@code score >= threshold()}: evaluation
 * code derives the production boxes that way instead of running the model twice. Tools ({@code eval},
 * {@code calibrate}) test for this capability instead of for a concrete model class.
 */
public interface EvaluationModeDetector extends Detector {

    /**
     * Evaluation mode: every candidate box of {@link #labels()} that the evaluation settings let through (see
     * {@link #evaluationSettings()}), best first, in pixels of {@link DecodedPhoto#image()}.
     *
     * @param photo the decoded photo
     * @return the candidate boxes, best score first; empty when there is none
     * @throws StageException when the model fails on this photo
     */
    List<Detection> detectForEvaluation(DecodedPhoto photo) throws StageException;

    /**
     * The production threshold: {@link #apply} keeps the evaluation-mode boxes with {@code score >= threshold()}.
     *
     * @return the score threshold, in the model's score range (0 to 1 for the bundled detectors)
     */
    double threshold();

    /**
     * Where {@link #threshold()} comes from.
     *
     * @return a calibration file and its provenance, or "set explicitly", for reports
     */
    String thresholdSource();

    /**
     * The labels this detector reports.
     *
     * @return the label names, e.g. person, dog, cat
     */
    List<String> labels();

    /**
     * How evaluation mode chooses its boxes, for reports, e.g.
     * {@code "score > 0.001, class-wise NMS IoU 0.65, at most 100 boxes"}.
     *
     * @return the settings in words
     */
    String evaluationSettings();
}
