package io.phototriage.core.eval;

import io.phototriage.core.eval.ThresholdCalibration.LabelledImage;
import io.phototriage.core.eval.ThresholdCalibration.Truth;
import io.phototriage.core.stage.Detection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Photo-level calibration of a detector's threshold: triage decides per photo ("does it contain a person? a pet?"),
 * not per box, so a threshold is judged by the precision and recall of those decisions.
 *
 * <p>For each photo and each {@linkplain Groups group} of labels (by default {@code person} = person and
 * {@code pet} = dog or cat): the photo <em>has</em> the group when it has a non-crowd ground-truth box of one of its
 * labels; it is <em>predicted</em> to have it at threshold {@code t} when a detection of one of its labels scores
 * {@code >= t}. A photo whose only boxes of the group are crowd regions is left out for that group. True positives,
 * false positives and false negatives are counted per group and summed over the groups ({@link Report#overall()}).
 *
 * <p>{@link #calibrate} takes the cut with the highest overall F1 (the highest such cut on a tie), among the
 * distinct best scores of a group in a photo (photos left out for a group give no candidate), and returns the midpoint between that cut and the next lower
 * candidate (0 below the last), as {@link ThresholdCalibration} does for boxes.
 */
public final class PhotoCalibration {
    private PhotoCalibration() {}

    /**
     * Which labels make up each photo-level decision.
     *
     * @param byGroup group name to its labels, in report order
     */
    public record Groups(Map<String, List<String>> byGroup) {
        /**
         * Validates and copies (keeps the order).
         *
         * @param byGroup group name to its labels, in report order; at least one group
         * @throws IllegalArgumentException when there is no group
         * @throws NullPointerException     when a group name or label list is null
         */
        public Groups {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            byGroup.forEach((k, v) -> copy.put(Objects.requireNonNull(k), List.copyOf(v)));
            if (copy.isEmpty()) {
                throw new IllegalArgumentException("photo-level calibration needs at least one group of labels");
            }
            byGroup = Collections.unmodifiableMap(copy);
        }

        /**
         * The triage decisions: {@code person} (person) and {@code pet} (dog, cat).
         *
         * @return the two groups, person first
         */
        public static Groups triage() {
            Map<String, List<String>> m = new LinkedHashMap<>();
            m.put("person", List.of("person"));
            m.put("pet", List.of("dog", "cat"));
            return new Groups(m);
        }

        /**
         * The groups in words.
         *
         * @return e.g. {@code person = [person], pet = [dog, cat]}
         */
        public String describe() {
            StringBuilder b = new StringBuilder();
            byGroup.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(" = ").append(v));
            return b.toString();
        }
    }

    /**
     * Photo-level decisions at a threshold.
     *
     * @param threshold      the threshold
     * @param truePositives  photos that have the group and are predicted to
     * @param falsePositives photos predicted to have it that do not
     * @param falseNegatives photos that have it but are not predicted to
     */
    public record Counts(double threshold, int truePositives, int falsePositives, int falseNegatives) {
        /**
         * Precision of the photo-level predictions.
         *
         * @return TP / (TP + FP) in [0, 1]; 0 when nothing is predicted
         */
        public double precision() {
            int predicted = truePositives + falsePositives;
            return predicted == 0 ? 0 : (double) truePositives / predicted;
        }

        /**
         * Recall of the photos that have the group.
         *
         * @return TP / (TP + FN) in [0, 1]; 0 when no photo has the group
         */
        public double recall() {
            int actual = truePositives + falseNegatives;
            return actual == 0 ? 0 : (double) truePositives / actual;
        }

        /**
         * Harmonic mean of precision and recall.
         *
         * @return F1 in [0, 1]; 0 when both are 0
         */
        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        Counts plus(Counts o) {
            return new Counts(threshold, truePositives + o.truePositives, falsePositives + o.falsePositives,
                    falseNegatives + o.falseNegatives);
        }
    }

    /**
     * The photo-level decisions at one threshold.
     *
     * @param threshold the threshold
     * @param perGroup  the counts of each group, in the groups' order
     * @param overall   the counts summed over the groups
     * @param images    how many photos were judged
     */
    public record Report(double threshold, Map<String, Counts> perGroup, Counts overall, int images) {
        /**
         * Copies (keeps the order).
         *
         * @param threshold the threshold
         * @param perGroup  the counts of each group, in the groups' order
         * @param overall   the counts summed over the groups
         * @param images    how many photos were judged
         * @throws NullPointerException when {@code perGroup} or {@code overall} is null
         */
        public Report {
            perGroup = Collections.unmodifiableMap(new LinkedHashMap<>(perGroup));
            Objects.requireNonNull(overall, "overall");
        }
    }

    /** One photo and group: has it (true / false / null = crowd only, left out), and its best score (-inf if none). */
    private record Decision(String group, Boolean has, double best) {}

    private static List<Decision> decisions(List<LabelledImage> images, Groups groups) {
        List<Decision> out = new ArrayList<>();
        for (LabelledImage image : images) {
            for (Map.Entry<String, List<String>> g : groups.byGroup().entrySet()) {
                boolean has = false;
                boolean crowd = false;
                for (Truth t : image.truths()) {
                    if (g.getValue().contains(t.label())) {
                        has |= !t.crowd();
                        crowd |= t.crowd();
                    }
                }
                double best = Double.NEGATIVE_INFINITY;
                for (Detection d : image.detections()) {
                    if (g.getValue().contains(d.label())) {
                        best = Math.max(best, d.score());
                    }
                }
                out.add(new Decision(g.getKey(), has ? Boolean.TRUE : crowd ? null : Boolean.FALSE, best));
            }
        }
        return out;
    }

    /**
     * The photo-level decisions at {@code threshold} (a photo is predicted to have a group when a score is >= it).
     * A photo whose only boxes of a group are crowd regions counts neither way for that group.
     *
     * @param images    the photos with ground truth and evaluation-mode detections
     * @param groups    which labels make up each decision
     * @param threshold the detection score at or above which a box counts
     * @return the counts per group and summed over the groups
     */
    public static Report evaluate(List<LabelledImage> images, Groups groups, double threshold) {
        Map<String, Counts> perGroup = new LinkedHashMap<>();
        groups.byGroup().keySet().forEach(g -> perGroup.put(g, new Counts(threshold, 0, 0, 0)));
        for (Decision d : decisions(images, groups)) {
            if (d.has() == null) {
                continue;
            }
            boolean predicted = d.best() >= threshold;
            Counts c = perGroup.get(d.group());
            perGroup.put(d.group(), c.plus(new Counts(threshold, d.has() && predicted ? 1 : 0, !d.has() && predicted ? 1 : 0,
                    d.has() && !predicted ? 1 : 0)));
        }
        Counts overall = new Counts(threshold, 0, 0, 0);
        for (Counts c : perGroup.values()) {
            overall = overall.plus(c);
        }
        return new Report(threshold, perGroup, overall, images.size());
    }

    /**
     * The threshold with the highest overall photo-level F1 on {@code images} (see the class documentation).
     *
     * @param images the photos with ground truth and evaluation-mode detections
     * @param groups which labels make up each decision
     * @return the threshold: the midpoint between the best cut score and the next lower candidate
     * @throws IllegalArgumentException when no photo has a group or no detection of a group's labels was made
     */
    public static double calibrate(List<LabelledImage> images, Groups groups) {
        List<Decision> all = decisions(images, groups);
        if (all.stream().noneMatch(d -> Boolean.TRUE.equals(d.has()))) {
            throw new IllegalArgumentException("no photo of " + images.size() + " has a subject of " + groups.describe()
                    + ": cannot calibrate photo-level decisions");
        }
        TreeSet<Double> candidates = new TreeSet<>(Collections.reverseOrder());
        all.stream().filter(d -> d.has() != null && d.best() > Double.NEGATIVE_INFINITY).forEach(d -> candidates.add(d.best()));
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no detection of " + groups.describe() + " in " + images.size()
                    + " photos: cannot calibrate");
        }
        List<Double> cuts = new ArrayList<>(candidates);
        int bestIndex = 0;
        double bestF1 = -1;
        for (int i = 0; i < cuts.size(); i++) {
            double f1 = evaluate(images, groups, cuts.get(i)).overall().f1();
            if (f1 > bestF1) {
                bestF1 = f1;
                bestIndex = i;
            }
        }
        double next = bestIndex + 1 < cuts.size() ? cuts.get(bestIndex + 1) : 0.0;
        return (cuts.get(bestIndex) + next) / 2;
    }
}
