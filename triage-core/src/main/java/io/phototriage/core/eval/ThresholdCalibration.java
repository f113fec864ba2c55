package io.phototriage.core.eval;

import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Detection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Picks a detector's score threshold from a labelled validation set.
 *
 * <p>Matching, done once per image over all of its detections (evaluation mode: every box above a tiny floor):
 * detections are taken in descending score; each is matched to the unmatched, non-crowd ground-truth box of the
 * same label with the highest IoU, if that IoU is at least {@link Settings#iou()} (a true positive); a detection
 * that matches nothing but covers a crowd region of its label (intersection over the detection's own area at least
 * the same IoU, as COCO treats crowds) is ignored; any other detection is a false positive. Crowd regions never
 * count as misses. Only the configured labels take part, pooled over all images.
 *
 * <p>Because the matching is greedy by score, the matching of the detections at or above any threshold is exactly
 * the prefix of the full matching, so one pass gives precision/recall at every candidate threshold (each distinct
 * detection score). A threshold {@code t} keeps detections with {@code score >= t}. The threshold written to the
 * result is the midpoint between the chosen cut score and the next lower distinct score, so that a re-run of the
 * detector whose scores move by rounding noise still keeps the same boxes.
 *
 * <p>Rules: {@link Rule#MAX_F1} (default) takes the cut with the highest F1, the highest such cut on a tie (fewer
 * boxes for the same F1); {@link Rule#MIN_PRECISION} takes the lowest cut (most recall) whose precision is at
 * least the target.
 */
public final class ThresholdCalibration {
    private ThresholdCalibration() {}

    /** How the threshold is chosen. */
    public enum Rule {
        /** The threshold that maximises F1 of box matching. */
        MAX_F1,
        /** The lowest threshold whose precision reaches a target. */
        MIN_PRECISION,
        /**
         * The threshold that maximises F1 of the photo-level decisions triage makes ("has a person", "has a pet"):
         * {@link PhotoCalibration}.
         */
        PHOTO_MAX_F1
    }

    /**
     * A ground-truth box.
     *
     * @param label the class name, as the detector names it
     * @param box   where, in the same pixels as the detections
     * @param crowd COCO {@code iscrowd}: a region of many instances, ignored rather than matched
     */
    public record Truth(String label, BoundingBox box, boolean crowd) {
        /**
         * Checks the box.
         *
         * @param label the class name, as the detector names it
         * @param box   where, in the same pixels as the detections
         * @param crowd COCO {@code iscrowd}: a region of many instances, ignored rather than matched
         * @throws NullPointerException when {@code label} or {@code box} is null
         */
        public Truth {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(box, "box");
        }
    }

    /**
     * One validation image: its ground truth and the detector's evaluation-mode detections.
     *
     * @param id         the image's name, for messages
     * @param truths     ground-truth boxes (any labels; others than the configured ones are left out)
     * @param detections the detector's boxes with scores
     */
    public record LabelledImage(String id, List<Truth> truths, List<Detection> detections) {
        /**
         * Copies both lists, so later changes to the caller's lists do not reach the image.
         *
         * @param id         the image's name, for messages
         * @param truths     ground-truth boxes (any labels; others than the configured ones are left out)
         * @param detections the detector's boxes with scores
         * @throws NullPointerException when any argument or list element is null
         */
        public LabelledImage {
            Objects.requireNonNull(id, "id");
            truths = List.copyOf(truths);
            detections = List.copyOf(detections);
        }
    }

    /**
     * What to calibrate.
     *
     * @param labels          the labels pooled together, e.g. person, dog, cat
     * @param iou             the IoU at which a detection matches a ground-truth box (0.5 by default)
     * @param rule            how the threshold is chosen
     * @param targetPrecision for {@link Rule#MIN_PRECISION}: the precision to reach; ignored (NaN) for the other rules
     * @param groups          the photo-level decisions reported with every result (and chosen on by
     *                        {@link Rule#PHOTO_MAX_F1})
     */
    public record Settings(List<String> labels, double iou, Rule rule, double targetPrecision, PhotoCalibration.Groups groups) {
        /**
         * Validates; the target precision is NaN for the rules that take none.
         *
         * @param labels          the labels pooled together, e.g. person, dog, cat; at least one
         * @param iou             the IoU at which a detection matches a ground-truth box, in (0, 1]
         * @param rule            how the threshold is chosen
         * @param targetPrecision for {@link Rule#MIN_PRECISION}: the precision to reach, in (0, 1]; replaced by NaN
         *                        for the other rules
         * @param groups          the photo-level decisions reported with every result
         * @throws IllegalArgumentException when {@code labels} is empty or {@code iou} or {@code targetPrecision}
         *                                  is out of range
         * @throws NullPointerException     when {@code labels}, {@code rule} or {@code groups} is null
         */
        public Settings {
            labels = List.copyOf(labels);
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(groups, "groups");
            if (labels.isEmpty()) {
                throw new IllegalArgumentException("calibration needs at least one label");
            }
            if (!(iou > 0 && iou <= 1)) {
                throw new IllegalArgumentException("iou must be in (0, 1]: " + iou);
            }
            if (rule == Rule.MIN_PRECISION && !(targetPrecision > 0 && targetPrecision <= 1)) {
                throw new IllegalArgumentException("target precision must be in (0, 1]: " + targetPrecision);
            }
            if (rule != Rule.MIN_PRECISION) {
                targetPrecision = Double.NaN;
            }
        }

        /**
         * Settings with the triage groups ({@link PhotoCalibration.Groups#triage()}).
         *
         * @param labels          the labels pooled together; at least one
         * @param iou             the IoU at which a detection matches a ground-truth box, in (0, 1]
         * @param rule            how the threshold is chosen
         * @param targetPrecision for {@link Rule#MIN_PRECISION}: the precision to reach, in (0, 1]; else ignored
         * @throws IllegalArgumentException as the canonical constructor
         */
        public Settings(List<String> labels, double iou, Rule rule, double targetPrecision) {
            this(labels, iou, rule, targetPrecision, PhotoCalibration.Groups.triage());
        }

        /**
         * Best F1 of box matching at IoU 0.5.
         *
         * @param labels the labels pooled together; at least one
         * @return settings for {@link Rule#MAX_F1}
         */
        public static Settings maxF1(List<String> labels) {
            return new Settings(labels, 0.5, Rule.MAX_F1, Double.NaN);
        }

        /**
         * Best photo-level F1 over the triage groups (box counts at IoU 0.5 reported alongside).
         *
         * @param labels the labels whose boxes are counted; at least one
         * @return settings for {@link Rule#PHOTO_MAX_F1}
         */
        public static Settings photoMaxF1(List<String> labels) {
            return new Settings(labels, 0.5, Rule.PHOTO_MAX_F1, Double.NaN);
        }

        /**
         * Lowest threshold with precision at least {@code target}, at IoU 0.5.
         *
         * @param labels the labels pooled together; at least one
         * @param target the precision to reach, in (0, 1]
         * @return settings for {@link Rule#MIN_PRECISION}
         * @throws IllegalArgumentException when {@code target} is out of range
         */
        public static Settings minPrecision(List<String> labels, double target) {
            return new Settings(labels, 0.5, Rule.MIN_PRECISION, target);
        }

        /**
         * The rule in words, as recorded in the result.
         *
         * @return one line naming the rule, the IoU and the pooled labels (or the photo-level groups)
         */
        public String describe() {
            String pooled = " of box matching at IoU >= " + iou + " (greedy by score, crowd ignored), pooled over " + labels;
            return switch (rule) {
                case MAX_F1 -> "max F1" + pooled;
                case MIN_PRECISION -> "lowest threshold with precision >= " + targetPrecision + pooled;
                case PHOTO_MAX_F1 -> "max F1 of the photo-level decisions " + groups.describe() + " (a photo has a group when"
                        + " a box of its labels scores >= the threshold), summed over the groups";
            };
        }
    }

    /**
     * Where a calibration came from.
     *
     * @param dataset    the validation data, e.g. a path and which split
     * @param imageCount how many images it had
     * @param model      the detector and weights that produced the detections
     */
    public record Provenance(String dataset, int imageCount, String model) {
        /**
         * Checks the names.
         *
         * @param dataset    the validation data, e.g. a path and which split
         * @param imageCount how many images it had
         * @param model      the detector and weights that produced the detections
         * @throws NullPointerException when {@code dataset} or {@code model} is null
         */
        public Provenance {
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(model, "model");
        }
    }

    /**
     * Precision and recall when keeping detections with {@code score >= threshold}.
     *
     * @param threshold      the threshold
     * @param truePositives  matched detections
     * @param falsePositives unmatched detections (ignored ones not counted)
     * @param groundTruths   non-crowd ground-truth boxes of the configured labels
     */
    public record Counts(double threshold, int truePositives, int falsePositives, int groundTruths) {
        /**
         * Precision of the kept detections.
         *
         * @return {@code TP / (TP + FP)} in [0, 1]; 1 when nothing is kept (no wrong boxes)
         */
        public double precision() {
            int kept = truePositives + falsePositives;
            return kept == 0 ? 1.0 : (double) truePositives / kept;
        }

        /**
         * Recall of the ground-truth boxes.
         *
         * @return {@code TP / GT} in [0, 1]; 0 when there is no ground truth
         */
        public double recall() {
            return groundTruths == 0 ? 0.0 : (double) truePositives / groundTruths;
        }

        /**
         * Harmonic mean of precision and recall.
         *
         * @return {@code 2 TP / (2 TP + FP + FN)} in [0, 1]; 0 when there are neither boxes nor ground truth
         */
        public double f1() {
            int denominator = 2 * truePositives + falsePositives + (groundTruths - truePositives);
            return denominator == 0 ? 0.0 : 2.0 * truePositives / denominator;
        }
    }

    /**
     * A chosen threshold and how it was chosen.
     *
     * @param threshold  keep detections with {@code score >= threshold}
     * @param rule       the rule, in words ({@link Settings#describe()})
     * @param precision  precision on the calibration set at the threshold
     * @param recall     recall on the calibration set at the threshold
     * @param f1         F1 on the calibration set at the threshold
     * @param counts     the raw counts behind the three numbers
     * @param provenance which data and model
     * @param photoLevel the photo-level decisions at the threshold on the calibration set ({@link PhotoCalibration});
     *                   empty in files written before they were recorded. The file format is {@link CalibrationCodec}'s.
     */
    public record Result(double threshold, String rule, double precision, double recall, double f1, Counts counts,
            Provenance provenance, Optional<PhotoCalibration.Report> photoLevel) {
        /**
         * Validates.
         *
         * @param threshold  keep detections with {@code score >= threshold}; finite
         * @param rule       the rule, in words ({@link Settings#describe()})
         * @param precision  precision on the calibration set at the threshold
         * @param recall     recall on the calibration set at the threshold
         * @param f1         F1 on the calibration set at the threshold
         * @param counts     the raw counts behind the three numbers
         * @param provenance which data and model
         * @param photoLevel the photo-level decisions at the threshold; empty for files written before they were
         *                   recorded
         * @throws IllegalArgumentException when {@code threshold} is NaN or infinite
         * @throws NullPointerException     when {@code rule}, {@code counts}, {@code provenance} or {@code photoLevel}
         *                                  is null
         */
        public Result {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(counts, "counts");
            Objects.requireNonNull(provenance, "provenance");
            Objects.requireNonNull(photoLevel, "photoLevel");
            if (!Double.isFinite(threshold)) {
                throw new IllegalArgumentException("threshold must be finite: " + threshold);
            }
        }

        /**
         * A result without photo-level numbers (files written before they were recorded).
         *
         * @param threshold  keep detections with {@code score >= threshold}; finite
         * @param rule       the rule, in words
         * @param precision  precision on the calibration set at the threshold
         * @param recall     recall on the calibration set at the threshold
         * @param f1         F1 on the calibration set at the threshold
         * @param counts     the raw counts behind the three numbers
         * @param provenance which data and model
         * @throws IllegalArgumentException when {@code threshold} is NaN or infinite
         */
        public Result(double threshold, String rule, double precision, double recall, double f1, Counts counts,
                Provenance provenance) {
            this(threshold, rule, precision, recall, f1, counts, provenance, Optional.empty());
        }
    }

    /**
     * Chooses the threshold on {@code images} by {@code settings}.
     *
     * @param images     the validation images with their evaluation-mode detections
     * @param settings   labels, IoU and rule
     * @param provenance which data and model, copied into the result
     * @return the threshold (midpoint to the next lower distinct score), its precision/recall/F1 on {@code images}
     *         and the photo-level report at it
     * @throws IllegalArgumentException when there is no ground truth or no detection of the configured labels, or
     *                                  when no threshold reaches the target precision (the message gives the best)
     */
    public static Result calibrate(List<LabelledImage> images, Settings settings, Provenance provenance) {
        if (settings.rule() == Rule.PHOTO_MAX_F1) {
            double threshold = PhotoCalibration.calibrate(images, settings.groups());
            Counts boxes = evaluate(images, settings, threshold);
            return new Result(threshold, settings.describe(), boxes.precision(), boxes.recall(), boxes.f1(), boxes, provenance,
                    Optional.of(PhotoCalibration.evaluate(images, settings.groups(), threshold)));
        }
        List<Counts> sweep = sweep(images, settings);
        Counts chosen = null;
        int chosenIndex = -1;
        if (settings.rule() == Rule.MAX_F1) {
            for (int i = 0; i < sweep.size(); i++) {
                if (chosen == null || sweep.get(i).f1() > chosen.f1()) {
                    chosen = sweep.get(i);
                    chosenIndex = i;
                }
            }
        } else {
            for (int i = sweep.size() - 1; i >= 0; i--) {
                if (sweep.get(i).precision() >= settings.targetPrecision()) {
                    chosen = sweep.get(i);
                    chosenIndex = i;
                    break;
                }
            }
            if (chosen == null) {
                double best = sweep.stream().mapToDouble(Counts::precision).max().orElse(0);
                throw new IllegalArgumentException("no threshold reaches precision " + settings.targetPrecision()
                        + " on " + images.size() + " images (best " + best + "); lower the target or use max F1");
            }
        }
        double next = chosenIndex + 1 < sweep.size() ? sweep.get(chosenIndex + 1).threshold() : 0.0;
        double threshold = (chosen.threshold() + next) / 2;
        return new Result(threshold, settings.describe(), chosen.precision(), chosen.recall(), chosen.f1(),
                new Counts(threshold, chosen.truePositives(), chosen.falsePositives(), chosen.groundTruths()), provenance,
                Optional.of(PhotoCalibration.evaluate(images, settings.groups(), threshold)));
    }

    /**
     * Precision/recall at a given threshold (for reporting a calibration on held-out data).
     *
     * @param images    the images, matched as for {@link #calibrate}
     * @param settings  labels and IoU (the rule is not used)
     * @param threshold keep detections with {@code score >= threshold}
     * @return the true/false positives kept at {@code threshold} and the ground-truth count; never throws for
     *         empty data (precision 1, recall 0)
     */
    public static Counts evaluate(List<LabelledImage> images, Settings settings, double threshold) {
        Matching m = match(images, settings);
        int tp = 0;
        int fp = 0;
        for (Matched d : m.detections) {
            if (d.score >= threshold) {
                if (d.outcome == Outcome.TRUE_POSITIVE) {
                    tp++;
                } else if (d.outcome == Outcome.FALSE_POSITIVE) {
                    fp++;
                }
            }
        }
        return new Counts(threshold, tp, fp, m.groundTruths);
    }

    /**
     * The counts at every candidate threshold (each distinct detection score), highest threshold first.
     *
     * @param images   the images, matched as for {@link #calibrate}
     * @param settings labels and IoU (the rule is not used)
     * @return one entry per distinct score, cumulative counts, non-empty
     * @throws IllegalArgumentException when there is no ground truth or no detection of the configured labels
     */
    public static List<Counts> sweep(List<LabelledImage> images, Settings settings) {
        Matching m = match(images, settings);
        if (m.groundTruths == 0) {
            throw new IllegalArgumentException("no ground-truth box of " + settings.labels() + " in " + images.size()
                    + " images: cannot calibrate");
        }
        List<Matched> sorted = new ArrayList<>(m.detections);
        sorted.sort(Comparator.comparingDouble((Matched d) -> d.score).reversed());
        List<Counts> sweep = new ArrayList<>();
        int tp = 0;
        int fp = 0;
        for (int i = 0; i < sorted.size(); i++) {
            Matched d = sorted.get(i);
            if (d.outcome == Outcome.TRUE_POSITIVE) {
                tp++;
            } else if (d.outcome == Outcome.FALSE_POSITIVE) {
                fp++;
            }
            boolean lastOfScore = i + 1 == sorted.size() || sorted.get(i + 1).score < d.score;
            if (lastOfScore) {
                sweep.add(new Counts(d.score, tp, fp, m.groundTruths));
            }
        }
        if (sweep.isEmpty()) {
            throw new IllegalArgumentException("no detection of " + settings.labels() + " in " + images.size()
                    + " images: cannot calibrate");
        }
        return sweep;
    }

    private enum Outcome { TRUE_POSITIVE, FALSE_POSITIVE, IGNORED }

    private record Matched(double score, Outcome outcome) {}

    private record Matching(List<Matched> detections, int groundTruths) {}

    private static Matching match(List<LabelledImage> images, Settings settings) {
        Set<String> labels = Set.copyOf(settings.labels());
        List<Matched> all = new ArrayList<>();
        int groundTruths = 0;
        for (LabelledImage image : images) {
            List<Truth> truths = image.truths().stream().filter(t -> labels.contains(t.label())).toList();
            groundTruths += (int) truths.stream().filter(t -> !t.crowd()).count();
            boolean[] used = new boolean[truths.size()];
            List<Detection> detections = new ArrayList<>(image.detections().stream()
                    .filter(d -> labels.contains(d.label())).toList());
            detections.sort(Comparator.comparingDouble(Detection::score).reversed());
            for (Detection d : detections) {
                int best = -1;
                double bestIou = settings.iou();
                for (int g = 0; g < truths.size(); g++) {
                    Truth t = truths.get(g);
                    if (used[g] || t.crowd() || !t.label().equals(d.label())) {
                        continue;
                    }
                    double iou = d.box().iou(t.box());
                    if (iou >= bestIou) {
                        bestIou = iou;
                        best = g;
                    }
                }
                if (best >= 0) {
                    used[best] = true;
                    all.add(new Matched(d.score(), Outcome.TRUE_POSITIVE));
                } else if (coversCrowd(d, truths, settings.iou())) {
                    all.add(new Matched(d.score(), Outcome.IGNORED));
                } else {
                    all.add(new Matched(d.score(), Outcome.FALSE_POSITIVE));
                }
            }
        }
        return new Matching(all, groundTruths);
    }

    private static boolean coversCrowd(Detection d, List<Truth> truths, double iou) {
        for (Truth t : truths) {
            if (t.crowd() && t.label().equals(d.label())) {
                double iw = Math.min(d.box().x1(), t.box().x1()) - Math.max(d.box().x0(), t.box().x0());
                double ih = Math.min(d.box().y1(), t.box().y1()) - Math.max(d.box().y0(), t.box().y0());
                double area = d.box().area();
                if (iw > 0 && ih > 0 && area > 0 && iw * ih / area >= iou) {
                    return true;
                }
            }
        }
        return false;
    }
}
