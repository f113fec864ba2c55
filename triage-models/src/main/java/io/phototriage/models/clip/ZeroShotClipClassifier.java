package io.phototriage.models.clip;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.Classification;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.TriageClass;
import io.phototriage.models.djl.DjlRuntime;
import io.phototriage.models.Softmax;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Zero-shot people / pets / neither with CLIP: each class is described by several prompts whose normalised text
 * embeddings are averaged and renormalised (prompt ensembling); a photo's class probabilities are the softmax of
 * {@code logit_scale * cosine(image, class)} over the three classes.
 *
 * <p>The text tower runs once, when the classifier is created; only the image tower stays loaded.
 */
public final class ZeroShotClipClassifier implements Classifier {
    private static final TriageClass[] CLASSES = TriageClass.values();

    private final ClipImageEncoder imageEncoder;
    private final float[][] classEmbeddings;
    private final double logitScale;
    private final ModelInfo modelInfo;

    private ZeroShotClipClassifier(ClipImageEncoder imageEncoder, float[][] classEmbeddings, double logitScale, ModelInfo modelInfo) {
        this.imageEncoder = imageEncoder;
        this.classEmbeddings = classEmbeddings;
        this.logitScale = logitScale;
        this.modelInfo = modelInfo;
    }

    /**
     * Prompts that describe each class, used when none are given.
     *
     * @return a new map with several prompts for every {@link TriageClass}
     */
    public static Map<TriageClass, List<String>> defaultPrompts() {
        Map<TriageClass, List<String>> prompts = new EnumMap<>(TriageClass.class);
        prompts.put(TriageClass.PEOPLE, List.of("a photo of a person", "a photo of people", "a photo of a man",
                "a photo of a woman", "a photo of a child", "a portrait photo of a person"));
        prompts.put(TriageClass.PETS, List.of("a photo of a dog", "a photo of a cat", "a photo of a pet",
                "a photo of a puppy", "a photo of a kitten"));
        prompts.put(TriageClass.NEITHER, List.of("a photo of a landscape", "a photo of food", "a photo of a building",
                "a photo of a street", "a photo of an object", "a photo of a vehicle", "a photo of something else"));
        return prompts;
    }

    /**
     * Loads a CLIP model folder and embeds the prompts of every class.
     *
     * @param resolved a CLIP folder with roles {@code image_encoder}, {@code text_encoder} and {@code tokenizer}
     * @param prompts  at least one prompt per {@link TriageClass}
     * @return the classifier, owning the image tower (the text tower is closed after embedding the prompts)
     * @throws ModelException if the folder's contract or tokenizer is unusable
     * @throws StageException if a model cannot be loaded or run
     */
    public static ZeroShotClipClassifier create(ResolvedModel resolved, Map<TriageClass, List<String>> prompts)
            throws ModelException, StageException {
        Objects.requireNonNull(resolved, "resolved");
        for (TriageClass c : CLASSES) {
            List<String> p = prompts.get(c);
            if (p == null || p.isEmpty() || p.stream().anyMatch(s -> s == null || s.isBlank())) {
                throw new IllegalArgumentException("zero-shot CLIP needs at least one non-blank prompt for class '" + c.label()
                        + "', got " + p);
            }
        }
        float[][] classEmbeddings = new float[CLASSES.length][];
        try (ClipTextEncoder text = ClipTextEncoder.load(resolved)) {
            for (TriageClass c : CLASSES) {
                classEmbeddings[c.ordinal()] = ensemble(text.embedAll(prompts.get(c)));
            }
        }
        ClipImageEncoder image = ClipImageEncoder.load(resolved);
        ModelInfo info = new ModelInfo(resolved.manifest().name(), resolved.weightsId(ClipImageEncoder.ROLE), DjlRuntime.PYTORCH);
        return new ZeroShotClipClassifier(image, classEmbeddings, image.contract().logitScale(), info);
    }

    /** The mean of the L2-normalised embeddings, L2-normalised again. */
    static float[] ensemble(List<float[]> embeddings) {
        int dim = embeddings.get(0).length;
        double[] sum = new double[dim];
        for (float[] e : embeddings) {
            float[] n = normalised(e);
            for (int i = 0; i < dim; i++) {
                sum[i] += n[i];
            }
        }
        float[] mean = new float[dim];
        for (int i = 0; i < dim; i++) {
            mean[i] = (float) (sum[i] / embeddings.size());
        }
        return normalised(mean);
    }

    static float[] normalised(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        norm = Math.sqrt(norm);
        if (!(norm > 0)) {
            throw new IllegalArgumentException("cannot normalise a zero (or NaN) embedding");
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    /**
     * The logit scale the cosine similarities are multiplied by (from the manifest).
     *
     * @return the positive temperature
     */
    public double logitScale() {
        return logitScale;
    }

    @Override
    public Classification apply(DecodedPhoto photo) throws StageException {
        return classify(imageEncoder.embed(photo.image()));
    }

    @Override
    public List<Classification> applyAll(List<DecodedPhoto> photos) throws StageException {
        if (photos.isEmpty()) {
            return List.of();
        }
        List<BufferedImage> images = new ArrayList<>(photos.size());
        for (DecodedPhoto p : photos) {
            images.add(p.image());
        }
        List<Classification> out = new ArrayList<>(photos.size());
        for (float[] embedding : imageEncoder.embedAll(images)) {
            out.add(classify(embedding));
        }
        return out;
    }

    /**
     * Class probabilities for an image embedding from this model's image tower.
     *
     * @param imageEmbedding {@code embed_dim} floats, not necessarily normalised
     * @return the softmax over the classes of the scaled cosine similarity to each class's ensembled prompt embedding
     */
    public Classification classify(float[] imageEmbedding) {
        float[] image = normalised(imageEmbedding);
        double[] logits = new double[CLASSES.length];
        for (int c = 0; c < CLASSES.length; c++) {
            double cosine = 0;
            for (int i = 0; i < image.length; i++) {
                cosine += (double) image[i] * classEmbeddings[c][i];
            }
            logits[c] = logitScale * cosine;
        }
        return Classification.ofProbabilities(Softmax.ofClasses(logits));
    }

    @Override
    public String name() {
        return ClipZeroShotProvider.NAME;
    }

    @Override
    public ModelInfo model() {
        return modelInfo;
    }

    @Override
    public void close() {
        imageEncoder.close();
    }
}
