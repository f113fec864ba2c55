package io.phototriage.examples;

import io.phototriage.core.eval.ClassificationMetrics;
import io.phototriage.core.eval.CocoCategory;
import io.phototriage.core.eval.CocoDataset;
import io.phototriage.core.eval.CocoDetection;
import io.phototriage.core.eval.CocoEvalParams;
import io.phototriage.core.eval.CocoEvalResult;
import io.phototriage.core.eval.CocoEvaluator;
import io.phototriage.core.eval.CocoImage;
import io.phototriage.core.eval.DetectorCalibration;
import io.phototriage.core.eval.PhotoCalibration;
import io.phototriage.core.eval.SegmentationMetrics;
import io.phototriage.core.eval.SegmentationScore;
import io.phototriage.core.eval.ThresholdCalibration;
import io.phototriage.core.eval.TrainingSplit;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.TrainedClassifier;
import io.phototriage.core.stage.TriageClass;
import io.phototriage.examples.EvalObservations.Classified;
import io.phototriage.examples.EvalObservations.Detected;
import io.phototriage.examples.EvalObservations.Segmented;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The metrics computation of {@code eval}: turns {@link EvalObservations} into numbers (classification metrics on
 * every photo and on the classifier's held-out photos, COCO detection metrics, mask IoUs, latency statistics).
 * Knows nothing of the metrics.json layout ({@link MetricsDocument}).
 */
final class EvalMetrics {
    /** The COCO categories that the detect and segment stages are measured on: person, dog, cat. */
    static final List<Integer> SUBJECT_CATEGORIES = List.of(CocoCategory.PERSON, CocoCategory.DOG, CocoCategory.CAT);

    private EvalMetrics() {}

    /**
     * Classification on the classifier's held-out photos, or why there is none.
     *
     * @param metrics the metrics on the held-out photos (empty with a reason)
     * @param split   the split in words
     * @param reason  why there are no held-out metrics (empty when there are)
     */
    record HeldOut(Optional<ClassificationMetrics<TriageClass>> metrics, String split, String reason) {
        static HeldOut none(String reason) {
            return new HeldOut(Optional.empty(), "", reason);
        }
    }

    /** Accuracy, F1 and the confusion matrix of the classifier on every photo it labelled. */
    static ClassificationMetrics<TriageClass> classification(List<Classified> classified) {
        return ClassificationMetrics.of(List.of(TriageClass.values()), classified.stream().map(Classified::truth).toList(),
                classified.stream().map(Classified::predicted).toList());
    }

    /**
     * The classifier's metrics on the photos its training held out, from the typed split saved with it
     * ({@link TrainedClassifier#trainingSplit()}), when it names this data set and every photo of the split is in it.
     *
     * @param datasetName the evaluated data set's name (its folder name)
     * @param fileNames   every file name of the evaluated data set
     */
    static HeldOut heldOut(Classifier classifier, String datasetName, Set<String> fileNames, List<Classified> classified) {
        if (!(classifier instanceof TrainedClassifier trained)) {
            return HeldOut.none("the classifier '" + classifier.name() + "' is not a trained probe: no training split");
        }
        Optional<TrainingSplit> maybeSplit = trained.trainingSplit();
        if (maybeSplit.isEmpty()) {
            return HeldOut.none("the classifier '" + classifier.name() + "' records no training split of photos");
        }
        TrainingSplit split = maybeSplit.get();
        if (!split.dataset().equals(datasetName)) {
            return HeldOut.none("the probe was trained on " + split.dataset() + ", not on this data set: every photo is held out");
        }
        List<String> missing = new ArrayList<>();
        for (List<String> part : List.of(split.train(), split.heldOut())) {
            part.stream().filter(f -> !fileNames.contains(f)).forEach(missing::add);
        }
        if (!missing.isEmpty()) {
            return HeldOut.none(missing.size() + " of the probe's photos (e.g. " + missing.get(0) + ") are not in this data set:"
                    + " the data set changed");
        }
        if (!split.hasHeldOut()) {
            return HeldOut.none("the probe was trained on every photo of " + split.dataset() + " (" + split.describe()
                    + "): none is held out; its cross-validated estimate is in the probe's provenance");
        }
        Set<String> test = new HashSet<>(split.heldOut());
        List<Classified> held = classified.stream().filter(c -> test.contains(c.file())).toList();
        return new HeldOut(Optional.of(classification(held)), "the probe's held-out photos: " + split.describe()
                + " (file names saved in the probe)", "");
    }

    /** The ids of the images the detector ran on. */
    static Set<Long> detectedImages(List<Detected> detected) {
        Set<Long> ids = new HashSet<>();
        detected.forEach(d -> ids.add(d.imageId()));
        return ids;
    }

    /** COCO bbox evaluation over person, dog and cat on the detected images; null when none was detected. */
    static CocoEvalResult detection(CocoDataset dataset, List<Detected> detected) {
        Set<Long> ids = detectedImages(detected);
        if (ids.isEmpty()) {
            return null;
        }
        List<CocoDetection> all = new ArrayList<>();
        detected.forEach(d -> all.addAll(d.detections()));
        List<Integer> categories = SUBJECT_CATEGORIES.stream().filter(id -> dataset.category(id).isPresent()).toList();
        return new CocoEvaluator(dataset).evaluate(all, CocoEvalParams.defaults().withImageIds(ids).withCategoryIds(categories));
    }

    /**
     * The photo-level decisions "has a person" / "has a pet" ({@link PhotoCalibration.Groups#triage()}) at the
     * detector's production threshold, on the photos the detector ran on; empty when no photo was detected.
     */
    static Optional<PhotoCalibration.Report> photoLevel(CocoDataset dataset, List<Detected> detected, double threshold) {
        if (detected.isEmpty() || !Double.isFinite(threshold)) {
            return Optional.empty();
        }
        List<ThresholdCalibration.LabelledImage> images = new ArrayList<>();
        for (Detected d : detected) {
            CocoImage image = dataset.image(d.imageId()).orElseThrow();
            List<Detection> boxes = new ArrayList<>();
            for (CocoDetection c : d.detections()) {
                String label = dataset.category(c.categoryId()).map(CocoCategory::name).orElseThrow();
                boxes.add(new Detection(label, c.score(), c.bbox().toBoundingBox()));
            }
            images.add(new ThresholdCalibration.LabelledImage(image.fileName(), DetectorCalibration.truths(dataset, image), boxes));
        }
        return Optional.of(PhotoCalibration.evaluate(images, PhotoCalibration.Groups.triage(), threshold));
    }

    /** Mean mask IoU of the scored segmentations (a failure scored 0); NaN when there are none. */
    static double meanIou(List<Segmented> segmented) {
        return SegmentationMetrics.of(scores(segmented)).meanIou();
    }

    /** Mean mask IoU per subject category name (person, dog, cat first, then any other), NaN where none. */
    static Map<String, Double> meanIouPerClass(CocoDataset dataset, List<Segmented> segmented) {
        Map<Integer, List<SegmentationScore>> byCategory = new LinkedHashMap<>();
        SUBJECT_CATEGORIES.forEach(id -> byCategory.put(id, new ArrayList<>()));
        scores(segmented).forEach(s -> byCategory.computeIfAbsent(s.categoryId(), k -> new ArrayList<>()).add(s));
        Map<String, Double> out = new LinkedHashMap<>();
        byCategory.forEach((id, scores) -> out.put(dataset.category(id).map(CocoCategory::name).orElse(String.valueOf(id)),
                SegmentationMetrics.of(scores).meanIou()));
        return out;
    }

    static List<SegmentationScore> scores(List<Segmented> segmented) {
        return segmented.stream().map(Segmented::score).toList();
    }

    /** Latency of the calls that succeeded (those with a finite duration). */
    static LatencyStats latency(List<Double> millis) {
        return LatencyStats.of(millis.stream().filter(Double::isFinite).toList());
    }
}
