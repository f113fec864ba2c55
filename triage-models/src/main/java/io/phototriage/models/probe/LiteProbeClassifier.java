package io.phototriage.models.probe;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.eval.TrainingSplit;
import io.phototriage.core.stage.Classification;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.TrainedClassifier;
import java.util.Objects;
import java.util.Optional;

/**
 * The lite classifier: a {@link LinearProbe} on {@link LiteFeatures} (image features, e.g. MobileNetV2's, joined
 * with a detector's best person and best dog/cat scores, because ImageNet has no person class).
 *
 * <p>The probe must have been trained on the same feature layout: its {@linkplain LinearProbe#featureDescription()
 * description} and dimension must equal the features', which catches a probe trained with another extractor or
 * another detector at construction time, not on the first photo. Owns the extractor and the detector.
 */
public final class LiteProbeClassifier implements TrainedClassifier {
    /** The provider name. */
    public static final String NAME = "lite-probe";

    private final LiteFeatures features;
    private final LinearProbe probe;

    /**
     * @param imageFeatures the image feature extractor
     * @param detector      the detector whose person / pet scores are appended
     * @param probe         a probe trained on exactly these features
     * @throws IllegalArgumentException if the probe was trained on another feature layout; then nothing is closed and
     *                                  the caller still owns {@code imageFeatures} and {@code detector}
     */
    public LiteProbeClassifier(ImageFeatures imageFeatures, Detector detector, LinearProbe probe) {
        this.features = new LiteFeatures(imageFeatures, detector);
        this.probe = Objects.requireNonNull(probe, "probe");
        if (probe.dimension() != features.dimension() || !probe.featureDescription().equals(features.description())) {
            throw new IllegalArgumentException("the probe does not fit these features: it was trained on " + probe.dimension()
                    + " features [" + probe.featureDescription() + "] from " + probe.provenance().featureExtractor()
                    + ", but this classifier makes " + features.dimension() + " features [" + features.description()
                    + "]; train a probe for them (see docs/classify.md)");
        }
    }

    @Override
    public Classification apply(DecodedPhoto photo) throws StageException {
        float[] x = features.extract(photo);
        try {
            return probe.classify(x);
        } catch (IllegalArgumentException e) {
            throw new StageException("lite-probe cannot classify " + photo.photo().path() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Thread-safe when its features are (the probe is immutable). */
    @Override
    public boolean threadSafe() {
        return features.threadSafe();
    }

    /** The feature extractor and detector weights, and the probe's training set and seed. */
    @Override
    public ModelInfo model() {
        ProbeProvenance p = probe.provenance();
        return new ModelInfo(NAME, features.id() + " + probe trained on " + p.trainingSet() + " (seed " + p.seed() + ")",
                "OnnxRuntime+java");
    }

    /** The typed split saved in the probe's provenance. */
    @Override
    public Optional<TrainingSplit> trainingSplit() {
        return probe.provenance().split();
    }

    /**
     * The features it classifies: the image features and the detector whose scores are appended.
     *
     * @return the features (owned by this classifier)
     */
    public LiteFeatures features() {
        return features;
    }

    /**
     * The probe in use.
     *
     * @return the linear probe over the lite features
     */
    public LinearProbe probe() {
        return probe;
    }

    /** Closes the detector and the feature extractor. */
    @Override
    public void close() throws Exception {
        features.close();
    }
}
