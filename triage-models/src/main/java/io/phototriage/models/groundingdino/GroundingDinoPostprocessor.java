package io.phototriage.models.groundingdino;

import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Detection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns Grounding DINO's raw outputs into detections (pure Java, no model): per query, each class's score is the
 * maximum sigmoid over the class's token span and the query's label is its best class; boxes go from
 * {@code cxcywh} normalised to the padded frame to photo pixels (clipped; boxes wholly in the padding vanish);
 * queries at or below the threshold are dropped; then class-wise greedy NMS.
 */
public final class GroundingDinoPostprocessor {
    private GroundingDinoPostprocessor() {}

    /**
     * Raw model outputs for one photo, copied out of native memory.
     *
     * @param logits    {@code [queries, textSlots]} row-major
     * @param textSlots text slots per query (256)
     * @param boxes     {@code [queries, 4]} {@code cx, cy, w, h} normalised to the padded frame
     */
    public record RawOutputs(float[] logits, int textSlots, float[] boxes) {
        /**
         * Checks that the sizes agree.
         *
         * @param logits    {@code [queries, textSlots]} row-major
         * @param textSlots text slots per query, positive
         * @param boxes     {@code [queries, 4]} {@code cx, cy, w, h} normalised to the padded frame
         * @throws IllegalArgumentException when the lengths do not fit one another
         */
        public RawOutputs {
            if (textSlots <= 0 || logits.length % textSlots != 0 || boxes.length != 4 * (logits.length / textSlots)) {
                throw new IllegalArgumentException("inconsistent Grounding DINO outputs: " + logits.length + " logits for "
                        + textSlots + " text slots, " + boxes.length + " box values");
            }
        }

        /**
         * Number of queries (candidate boxes).
         *
         * @return {@code logits.length / textSlots}
         */
        public int queries() {
            return logits.length / textSlots;
        }
    }

    /**
     * The detections, best first.
     *
     * @param raw       the model's outputs for one photo
     * @param prompt    the classes and their token spans
     * @param frame     how the photo was resized into the model's frame (to map boxes back to photo pixels)
     * @return the kept boxes in pixels of the photo, labelled with their best class
     * @param threshold keep a query whose best class score is strictly above this
     * @param nmsIou    within a class, drop a box whose IoU with a better kept box is above this
     */
    public static List<Detection> detections(RawOutputs raw, Prompt prompt, ImageFrame frame, double threshold, double nmsIou) {
        List<int[]> spans = prompt.spans();
        for (int[] span : spans) {
            for (int t : span) {
                if (t >= raw.textSlots()) {
                    throw new IllegalArgumentException("prompt token " + t + " is beyond the model's " + raw.textSlots() + " text slots");
                }
            }
        }
        List<List<Candidate>> perClass = new ArrayList<>();
        for (int c = 0; c < spans.size(); c++) {
            perClass.add(new ArrayList<>());
        }
        float[] logits = raw.logits();
        float[] boxes = raw.boxes();
        for (int q = 0; q < raw.queries(); q++) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < spans.size(); c++) {
                double score = Double.NEGATIVE_INFINITY;
                for (int t : spans.get(c)) {
                    score = Math.max(score, sigmoid(logits[q * raw.textSlots() + t]));
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = c;
                }
            }
            if (!(bestScore > threshold)) {
                continue;
            }
            BoundingBox box = toPhoto(boxes, q, frame);
            if (box.width() > 0 && box.height() > 0) {
                perClass.get(best).add(new Candidate(bestScore, box));
            }
        }
        List<Detection> out = new ArrayList<>();
        for (int c = 0; c < spans.size(); c++) {
            for (Candidate kept : nms(perClass.get(c), nmsIou)) {
                out.add(new Detection(prompt.classes().get(c), kept.score(), kept.box()));
            }
        }
        out.sort(Comparator.comparingDouble(Detection::score).reversed());
        return out;
    }

    /** Query {@code q}'s box in photo pixels, clipped to the photo. */
    static BoundingBox toPhoto(float[] boxes, int q, ImageFrame frame) {
        double cx = boxes[4 * q];
        double cy = boxes[4 * q + 1];
        double w = boxes[4 * q + 2];
        double h = boxes[4 * q + 3];
        double sx = frame.frameWidth() * frame.scaleX();
        double sy = frame.frameHeight() * frame.scaleY();
        double x0 = (cx - 0.5 * w) * sx;
        double y0 = (cy - 0.5 * h) * sy;
        double x1 = (cx + 0.5 * w) * sx;
        double y1 = (cy + 0.5 * h) * sy;
        double pw = frame.photoWidth();
        double ph = frame.photoHeight();
        double cx0 = clamp(x0, pw);
        double cy0 = clamp(y0, ph);
        return new BoundingBox(cx0, cy0, Math.max(clamp(x1, pw), cx0), Math.max(clamp(y1, ph), cy0));
    }

    private static List<Candidate> nms(List<Candidate> candidates, double iou) {
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(Candidate::score).reversed());
        List<Candidate> kept = new ArrayList<>();
        for (Candidate c : sorted) {
            if (kept.stream().noneMatch(k -> k.box().iou(c.box()) > iou)) {
                kept.add(c);
            }
        }
        return kept;
    }

    private static double clamp(double v, double max) {
        return Math.min(Math.max(v, 0), max);
    }

    private static double sigmoid(float logit) {
        return 1.0 / (1.0 + Math.exp(-(double) logit));
    }

    private record Candidate(double score, BoundingBox box) {}
}
