package io.phototriage.models.clip;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.eval.TrainingSplit;
import io.phototriage.core.stage.Classification;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.TrainedClassifier;
import io.phototriage.core.stage.TriageClass;
import io.phototriage.models.probe.LinearProbe;
import io.phototriage.models.probe.ProbeData;
import io.phototriage.models.probe.ProbeProvenance;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * People / pets / neither by a {@link LinearProbe} on CLIP image embeddings (train it with
 * {@link #trainingData} and {@link LinearProbe#train}, best with {@code FeatureScaling.L2_NORMALIZE}).
 *
 * <p>The probe must have been trained on this model's embeddings: its {@linkplain LinearProbe#featureDescription()
 * feature description} names the CLIP model and the embedding length, and is checked at construction. Owns the
 * image encoder.
 */
public final class ClipProbeClassifier implements TrainedClassifier {
    /** The provider name. */
    public static final String NAME = "clip-probe";

    private final ClipImageEncoder encoder;
    private final LinearProbe probe;
    private final ModelInfo modelInfo;

    /**
     * @param encoder   the CLIP image tower whose embeddings are the features
     * @param modelName the CLIP model's name (its manifest name), part of the feature description
     * @param weightsId the image tower's weights, for provenance (e.g. {@code ResolvedModel.weightsId("image_encoder")})
     * @param probe     a probe trained on this model's embeddings
     * @throws IllegalArgumentException if the probe was trained on other features; the caller still owns {@code encoder}
     */
    public ClipProbeClassifier(ClipImageEncoder encoder, String modelName, String weightsId, LinearProbe probe) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.probe = Objects.requireNonNull(probe, "probe");
        String expected = featureDescription(modelName, encoder.contract());
        if (probe.dimension() != encoder.contract().embedDim() || !probe.featureDescription().equals(expected)) {
            throw new IllegalArgumentException("the probe does not fit these features: it was trained on " + probe.dimension()
                    + " features [" + probe.featureDescription() + "]" + (probe.provenance() == null ? ""
                    : " from " + probe.provenance().featureExtractor()) + ", but this classifier makes "
                    + encoder.contract().embedDim() + " features [" + expected + "]; train a probe on this model's embeddings");
        }
        ProbeProvenance p = probe.provenance();
        this.modelInfo = new ModelInfo(NAME, weightsId + (p == null ? "" : " + probe trained on " + p.trainingSet()
                + " (seed " + p.seed() + ")"), "PyTorch+java");
    }

    /**
     * What each feature position holds: the embedding of the named CLIP model.
     *
     * @param modelName the CLIP model's name (its manifest name)
     * @param contract  its contract, for the embedding size
     * @return the description recorded in a probe's provenance
     */
    public static String featureDescription(String modelName, ClipContract contract) {
        return "CLIP image embedding of " + modelName + " (image tower + visual projection, not normalised), "
                + contract.embedDim() + " floats";
    }

    /**
     * Labelled CLIP embeddings of {@code photos}, ready for {@link LinearProbe#train}.
     *
     * @param encoder     the CLIP image tower
     * @param photos      the decoded photos
     * @param labels      their classes, same order
     * @param modelName   the CLIP model's name (its manifest name)
     * @param weightsId   the image tower's weights, recorded as the feature extractor
     * @param trainingSet where the photos come from, recorded in the probe
     * @return one embedding per photo with its label and the feature provenance
     * @throws StageException when the encoder fails on a photo
     */
    public static ProbeData trainingData(ClipImageEncoder encoder, String modelName, String weightsId, List<DecodedPhoto> photos,
            List<TriageClass> labels, String trainingSet) throws StageException {
        List<float[]> features = new ArrayList<>(photos.size());
        for (DecodedPhoto photo : photos) {
            features.add(encoder.embed(photo.image()));
        }
        return new ProbeData(features, labels, weightsId, featureDescription(modelName, encoder.contract()), trainingSet);
    }

    @Override
    public Classification apply(DecodedPhoto photo) throws StageException {
        return classify(encoder.embed(photo.image()), photo);
    }

    @Override
    public List<Classification> applyAll(List<DecodedPhoto> photos) throws StageException {
        List<BufferedImage> images = new ArrayList<>(photos.size());
        for (DecodedPhoto p : photos) {
            images.add(p.image());
        }
        List<float[]> embeddings = photos.isEmpty() ? List.of() : encoder.embedAll(images);
        List<Classification> out = new ArrayList<>(photos.size());
        for (int i = 0; i < photos.size(); i++) {
            out.add(classify(embeddings.get(i), photos.get(i)));
        }
        return out;
    }

    private Classification classify(float[] embedding, DecodedPhoto photo) throws StageException {
        try {
            return probe.classify(embedding);
        } catch (IllegalArgumentException e) {
            throw new StageException(NAME + " cannot classify " + photo.photo().path() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The image tower's weights and the probe's training set and seed. */
    @Override
    public ModelInfo model() {
        return modelInfo;
    }

    /** The typed split saved in the probe's provenance. */
    @Override
    public Optional<TrainingSplit> trainingSplit() {
        return probe.provenance().split();
    }

    /**
     * The probe in use.
     *
     * @return the linear probe over CLIP embeddings
     */
    public LinearProbe probe() {
        return probe;
    }

    /** Closes the image encoder. */
    @Override
    public void close() {
        encoder.close();
    }
}
