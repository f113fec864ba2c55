package io.phototriage.models.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.Classification;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.TriageClass;
import io.phototriage.models.djl.DjlRuntime;
import io.phototriage.models.Softmax;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Stage 1 as a fine-tuned ResNet-18: the TorchScript feature extractor exported by
 * {@code tools/export/export.py resnet} followed by a linear layer with one logit per {@link TriageClass}, trained by
 * {@link ResNetTrainer}; the confidence is the softmax probability.
 *
 * <p>It loads a classifier folder that {@link ResNetTrainer} wrote ({@code manifest.json}, {@code backbone.pt},
 * {@code head.params}; see {@link ResNetNetwork}). Pre-processing is {@link ResNetPreprocessor} with the folder's
 * contract. Each call works in its own {@code NDManager} scope; only plain Java leaves it. Not thread-safe: one
 * call at a time. Close it to free the native module.
 */
public final class ResNetClassifier implements Classifier {
    /** The default classifier folder name in the models directory. */
    public static final String DEFAULT_FOLDER = "resnet-18-triage";
    /** Photos per forward pass in {@link #applyAll}. */
    private static final int BATCH = 8;

    private final ResNetNetwork network;
    private final ResNetPreprocessor preprocessor;
    private final ModelInfo modelInfo;

    private ResNetClassifier(ResNetNetwork network, ResNetPreprocessor preprocessor, ModelInfo modelInfo) {
        this.network = network;
        this.preprocessor = preprocessor;
        this.modelInfo = modelInfo;
    }

    /**
     * Loads {@code modelsDir/folder} after checking every file's sha256.
     *
     * @param modelsDir the models root
     * @param folder    the classifier's folder name, as written by {@code ResNetTrainer}
     * @return the classifier, owning its network
     * @throws StageException when the folder is missing or corrupt, or is not a fine-tuned classifier
     */
    public static ResNetClassifier load(Path modelsDir, String folder) throws StageException {
        try {
            return load(ModelStore.at(modelsDir).resolve(folder));
        } catch (ModelException e) {
            throw new StageException("ResNet classifier: " + e.getMessage()
                    + "; a classifier folder is written by ResNetTrainer (see docs/models.md, ResNet-18)", e);
        }
    }

    /**
     * Loads a resolved classifier folder (its contract must say {@code "role": "classifier"}).
     *
     * @param classifier the resolved folder
     * @return the classifier, owning its network
     * @throws StageException when the role is not classifier, the contract has no {@code feature_dim}, or the
     *                        network cannot be loaded
     */
    public static ResNetClassifier load(ResolvedModel classifier) throws StageException {
        Objects.requireNonNull(classifier, "classifier");
        var contract = classifier.manifest().contract();
        String role = contract.path("role").asText("");
        if (!"classifier".equals(role)) {
            throw new StageException("model " + classifier.manifest().name() + " in " + classifier.dir() + " is a ResNet "
                    + (role.isEmpty() ? "folder without a role" : role) + ", not a fine-tuned classifier; fine-tune it with "
                    + "ResNetTrainer first (see docs/models.md, ResNet-18)");
        }
        int featureDim = contract.path("feature_dim").asInt(0);
        if (featureDim < 1) {
            throw new StageException("model " + classifier.manifest().name() + ": contract has no feature_dim");
        }
        ResNetNetwork network = ResNetNetwork.load(classifier, featureDim);
        return new ResNetClassifier(network, ResNetPreprocessor.of(contract),
                new ModelInfo(classifier.manifest().name(), classifier.weightsId(ResNetNetwork.BACKBONE), DjlRuntime.PYTORCH));
    }

    @Override
    public Classification apply(DecodedPhoto photo) throws StageException {
        return classify(List.of(photo.image())).get(0);
    }

    @Override
    public List<Classification> applyAll(List<DecodedPhoto> photos) throws StageException {
        List<Classification> out = new ArrayList<>(photos.size());
        for (int start = 0; start < photos.size(); start += BATCH) {
            List<BufferedImage> images = new ArrayList<>();
            for (DecodedPhoto p : photos.subList(start, Math.min(photos.size(), start + BATCH))) {
                images.add(p.image());
            }
            out.addAll(classify(images));
        }
        return out;
    }

    /**
     * Classifies images (RGB, any size) in one forward pass.
     *
     * @param images the pictures, resized and normalised by {@link #preprocessor()}
     * @return one classification per image, same order, with a probability for every {@link TriageClass}
     * @throws StageException when the network fails
     */
    public List<Classification> classify(List<BufferedImage> images) throws StageException {
        int side = preprocessor.imageSize();
        int size = 3 * side * side;
        float[] batch = new float[images.size() * size];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(preprocessor.pixelValues(images.get(i)), 0, batch, i * size, size);
        }
        float[][] logits = logits(batch, images.size());
        List<Classification> out = new ArrayList<>(logits.length);
        for (float[] row : logits) {
            out.add(Classification.ofProbabilities(Softmax.ofClasses(row)));
        }
        return out;
    }

    /** The raw logits {@code [n][3]} (order of {@link TriageClass#values()}) of {@code n} pixel_values tensors. */
    float[][] logits(float[] pixelValues, int n) throws StageException {
        int side = preprocessor.imageSize();
        try (NDManager manager = network.model().getNDManager().newSubManager()) {
            NDArray input = manager.create(pixelValues, new Shape(n, 3, side, side));
            NDList output = network.block().forward(new ParameterStore(manager, false), new NDList(input), false);
            float[] flat = output.singletonOrThrow().toFloatArray();
            float[][] rows = new float[n][ResNetNetwork.CLASSES];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, i * ResNetNetwork.CLASSES, rows[i], 0, ResNetNetwork.CLASSES);
            }
            return rows;
        } catch (RuntimeException e) {
            throw new StageException("ResNet classifier " + modelInfo.name() + " failed on a batch of " + n + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The pre-processing this classifier applies.
     *
     * @return the resize/crop and normalisation read from the manifest
     */
    public ResNetPreprocessor preprocessor() {
        return preprocessor;
    }

    @Override
    public String name() {
        return "resnet";
    }

    @Override
    public ModelInfo model() {
        return modelInfo;
    }

    @Override
    public void close() {
        network.close();
    }
}
