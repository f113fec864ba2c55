package io.phototriage.models.probe;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.stage.Closeables;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.Detections;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.StageException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The lite classifier's feature vector: an image feature vector (e.g. MobileNetV2's, which knows dogs and cats but
 * has no person class) followed by two detector scores, the best {@code person} score and the best {@code dog} /
 * {@code cat} score among the detector's kept boxes (0 when it kept none). Owns both parts and closes them.
 */
public final class LiteFeatures implements ImageFeatures {
    /** Detection labels that count as a person (compared case-insensitively). */
    public static final Set<String> PERSON_LABELS = Set.of("person");
    /** Detection labels that count as a pet (compared case-insensitively). */
    public static final Set<String> PET_LABELS = Set.of("dog", "cat");

    /** How many detector scores follow the image features (best person, best dog/cat). */
    public static final int DETECTOR_SCORES = 2;

    private final ImageFeatures image;
    private final Detector detector;

    /**
     * Joins {@code image} features with {@code detector} scores; this object now owns (and closes) both.
     *
     * @param image    the image feature extractor
     * @param detector the detector whose best person and pet scores are appended
     * @throws NullPointerException when an argument is null
     */
    public LiteFeatures(ImageFeatures image, Detector detector) {
        this.image = Objects.requireNonNull(image, "image");
        this.detector = Objects.requireNonNull(detector, "detector");
    }

    /** Image features, then the detector's model name and weights. */
    @Override
    public String id() {
        return image.id() + " + detector " + detector.model().name() + "@" + detector.model().weights();
    }

    /** The image features' description, then the two detector scores, naming the detector model they come from. */
    @Override
    public String description() {
        return image.description() + "; then best person score, best dog/cat score (0 if none) of detector "
                + detector.model().name();
    }

    @Override
    public int dimension() {
        return image.dimension() + DETECTOR_SCORES;
    }

    @Override
    public float[] extract(DecodedPhoto photo) throws StageException {
        float[] imageFeatures = image.extract(photo);
        if (imageFeatures.length != image.dimension()) {
            throw new StageException(image.id() + " returned " + imageFeatures.length + " features, it promised " + image.dimension());
        }
        return join(imageFeatures, detector.apply(photo));
    }

    /** Thread-safe when both the image features and the detector are. */
    @Override
    public boolean threadSafe() {
        return image.threadSafe() && detector.threadSafe();
    }

    /**
     * {@code imageFeatures} followed by the best person score and the best pet score of {@code detections}.
     *
     * @param imageFeatures the image features
     * @param detections    the detector's answer for the same photo
     * @return a new vector {@value #DETECTOR_SCORES} longer than {@code imageFeatures}
     */
    public static float[] join(float[] imageFeatures, Detections detections) {
        float[] out = java.util.Arrays.copyOf(imageFeatures, imageFeatures.length + DETECTOR_SCORES);
        out[imageFeatures.length] = (float) bestScore(detections, PERSON_LABELS);
        out[imageFeatures.length + 1] = (float) bestScore(detections, PET_LABELS);
        return out;
    }

    /**
     * The highest score among detections whose label is in {@code labels}, 0 if there is none.
     *
     * @param detections the detector's answer
     * @param labels     lower-case labels; detection labels are compared lower-cased
     * @return the best score, or 0
     */
    public static double bestScore(Detections detections, Set<String> labels) {
        double best = 0;
        for (Detection d : detections.detections()) {
            if (labels.contains(d.label().toLowerCase(Locale.ROOT))) {
                best = Math.max(best, d.score());
            }
        }
        return best;
    }

    /**
     * The detector whose scores are appended.
     *
     * @return the detector; owned by this object
     */
    public Detector detector() {
        return detector;
    }

    /**
     * The image feature extractor.
     *
     * @return the extractor; owned by this object
     */
    public ImageFeatures image() {
        return image;
    }

    /** Closes the detector and the image features, even if the first close fails. */
    @Override
    public void close() throws Exception {
        Closeables.closeAll(detector, image);
    }
}
