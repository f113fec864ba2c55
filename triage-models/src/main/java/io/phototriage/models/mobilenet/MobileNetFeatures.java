package io.phototriage.models.mobilenet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.image.Pixels;
import io.phototriage.core.image.Resize;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelManifest;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.djl.Network;
import io.phototriage.models.lite.LiteModels;
import io.phototriage.models.probe.ImageFeatures;
import io.phototriage.models.Softmax;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * Image features from the real MobileNetV2 1.0/224 ImageNet classifier of the lite model set
 * ({@code ../shared/models/mobilenet-v2}, ONNX, run by DJL's OnnxRuntime engine).
 *
 * <p>Preprocessing: the whole photo is resized to 224×224 without keeping its aspect ratio and without a crop (as
 * Coral's {@code classify_image.py} reference feeds this model; a centre crop could cut the person or pet at the
 * edge out of the photo), with bilinear steps of at most 2× so that large photos do not alias, then fed as raw RGB
 * 0..255 in NHWC layout (the model folds its {@code (x-128)/128} input quantisation in).
 *
 * <p>The model has no pooled-embedding output, only {@code logits} and {@code probs} over 1001 ImageNet classes,
 * so the features are ({@value #DIMENSION} values):
 * <ol>
 *   <li>positions 0..1000: the 1001 {@code logits} (index 0 = background), which keep more information than the
 *       saturated softmax;</li>
 *   <li>1001: {@code log P(dog)}, the log of the softmax mass of the dog classes 152..269;</li>
 *   <li>1002: {@code log P(cat)}, the same for the domestic cats 282..286;</li>
 *   <li>1003: {@code log P(other)}, the rest: pooled evidence that is robust to which breed wins.</li>
 * </ol>
 * ImageNet has no person class: people come from a detector (see {@link io.phototriage.models.probe.LiteFeatures}).
 *
 * <p>The model is checked against the sha256 of a manifest shipped with this class before it is loaded. Each call
 * works in its own {@link ai.djl.ndarray.NDManager}; only {@code float[]} leaves this class.
 */
public final class MobileNetFeatures implements ImageFeatures {
    /** The folder name under the models root. */
    public static final String MODEL_NAME = "mobilenet-v2";
    /** Input side in pixels. */
    public static final int SIZE = 224;
    /** Number of ImageNet outputs (with background). */
    public static final int CLASSES = 1001;
    /** First and last dog class (inclusive). */
    public static final int DOGS_FIRST = 152;
    /** Last dog class (inclusive); see {@link #DOGS_FIRST}. */
    public static final int DOGS_LAST = 269;
    /** First and last domestic cat class (inclusive). */
    public static final int CATS_FIRST = 282;
    /** Last domestic cat class (inclusive); see {@link #CATS_FIRST}. */
    public static final int CATS_LAST = 286;
    /** Length of the feature vector: logits plus the three pooled log-probabilities. */
    public static final int DIMENSION = CLASSES + 3;
    /** The layout of the vector, as recorded in probes trained on it. */
    public static final String DESCRIPTION = "mobilenet-v2 logits[1001] (index 0 background), log P(dog 152..269), "
            + "log P(cat 282..286), log P(other); whole photo squashed to 224x224 RGB 0..255";

    private static final int PROBS_OUTPUT = 0;
    private static final int LOGITS_OUTPUT = 1;
    private static final String MANIFEST_RESOURCE = "mobilenet-v2.manifest.json";

    private final Network network;
    private final String id;

    private MobileNetFeatures(ResolvedModel resolved) throws StageException {
        this.network = Network.load(resolved, "model", MODEL_NAME);
        this.id = resolved.weightsId("model");
    }

    /**
     * Loads {@code modelsDir/mobilenet-v2}, checked against the manifest shipped with this class.
     *
     * @param modelsDir the models root
     * @return the feature extractor, owning its network
     * @throws StageException if the folder or the file is missing or has another sha256 (the message says what to do)
     */
    public static MobileNetFeatures load(Path modelsDir) throws StageException {
        ResolvedModel resolved;
        try {
            resolved = ModelStore.at(modelsDir).resolve(MODEL_NAME, manifest());
        } catch (ModelException e) {
            throw new StageException(e.getMessage(), e);
        }
        return new MobileNetFeatures(resolved);
    }

    /**
     * The manifest shipped as a class-path resource (file, sha256, I/O contract).
     *
     * @return the parsed manifest
     * @throws IllegalStateException when the resource is missing or unreadable (a packaging bug)
     */
    public static ModelManifest manifest() {
        return LiteModels.manifest(MobileNetFeatures.class, MANIFEST_RESOURCE);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return DESCRIPTION;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public float[] extract(DecodedPhoto photo) throws StageException {
        return features(logits(photo.image()));
    }

    /**
     * The model's 1001 logits for an image (resized as described in the class documentation).
     *
     * @param image the picture, any size
     * @return {@value #CLASSES} logits, index 0 the background class
     * @throws StageException when the network fails or its outputs break the contract
     */
    public float[] logits(BufferedImage image) throws StageException {
        float[] input = Pixels.hwcRgb(resize(image, SIZE, SIZE), 1f);
        try {
            return network.call(scope -> {
                NDArray x = scope.create(input, new Shape(1, SIZE, SIZE, 3));
                x.setName("input");
                return new NDList(x);
            }, this::checkedLogits);
        } catch (TranslateException | RuntimeException e) {
            throw new StageException("mobilenet-v2 inference failed: " + e.getMessage(), e);
        }
    }

    /** The logits output, after checking both outputs' sizes and that the logits are the probabilities' softmax input. */
    private float[] checkedLogits(NDList out) throws StageException {
        if (out.size() != 2) {
            throw new StageException("mobilenet-v2 gave " + out.size() + " outputs, expected 2 (probs, logits); is " + id
                    + " the lite-set model?");
        }
        // DJL's OnnxRuntime engine returns the outputs in graph order (probs, logits) without names.
        NDArray named = out.get("logits");
        float[] values = (named != null ? named : out.get(LOGITS_OUTPUT)).toFloatArray();
        float[] probs = (out.get("probs") != null ? out.get("probs") : out.get(PROBS_OUTPUT)).toFloatArray();
        if (values.length != CLASSES || probs.length != CLASSES) {
            throw new StageException("mobilenet-v2 outputs have " + probs.length + " and " + values.length + " values, expected "
                    + CLASSES);
        }
        checkSoftmax(values, probs);
        return values;
    }

    /** The logits must be the pre-softmax of the probabilities: this catches outputs taken in the wrong order. */
    private void checkSoftmax(float[] logits, float[] probs) throws StageException {
        double[] softmax = Softmax.probabilities(logits);
        double worst = 0;
        for (int i = 0; i < CLASSES; i++) {
            worst = Math.max(worst, Math.abs(softmax[i] - probs[i]));
        }
        // The quantised model's probs come from its own softmax; 1e-3 leaves room for its output rounding.
        if (worst > 1e-3) {
            throw new StageException("mobilenet-v2 output " + LOGITS_OUTPUT + " is not the logits of output " + PROBS_OUTPUT
                    + " (softmax differs by " + worst + "); is " + id + " the lite-set model with outputs (probs, logits)?");
        }
    }

    /**
     * The feature vector from 1001 logits: the logits, then log P(dog), log P(cat), log P(other).
     *
     * @param logits {@value #CLASSES} logits
     * @return {@value #DIMENSION} features
     * @throws IllegalArgumentException when there are not {@value #CLASSES} logits
     */
    public static float[] features(float[] logits) {
        if (logits.length != CLASSES) {
            throw new IllegalArgumentException("expected " + CLASSES + " logits, got " + logits.length);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double all = 0;
        double dogs = 0;
        double cats = 0;
        for (int i = 0; i < CLASSES; i++) {
            double e = Math.exp(logits[i] - max);
            all += e;
            if (i >= DOGS_FIRST && i <= DOGS_LAST) {
                dogs += e;
            } else if (i >= CATS_FIRST && i <= CATS_LAST) {
                cats += e;
            }
        }
        double other = all - dogs - cats;
        float[] out = new float[DIMENSION];
        System.arraycopy(logits, 0, out, 0, CLASSES);
        out[CLASSES] = (float) logOfShare(dogs, all);
        out[CLASSES + 1] = (float) logOfShare(cats, all);
        out[CLASSES + 2] = (float) logOfShare(other, all);
        return out;
    }

    /** {@code log(part / all)}, floored at log(1e-30) so that a vanished group stays finite. */
    private static double logOfShare(double part, double all) {
        return Math.log(Math.max(part / all, 1e-30));
    }

    /**
     * {@code image} scaled to exactly {@code width × height} (aspect ratio not kept) with bilinear filtering in
     * steps of at most 2×; an image already that size is returned as is.
     */
    static BufferedImage resize(BufferedImage image, int width, int height) {
        if (image.getWidth() == width && image.getHeight() == height) {
            return image;
        }
        return Resize.stepwiseBilinear(image, width, height, BufferedImage.TYPE_INT_RGB);
    }

    /** Thread-safe: no state besides the {@link Network}, which is. */
    @Override
    public boolean threadSafe() {
        return true;
    }

    @Override
    public void close() {
        network.close();
    }

    @Override
    public String toString() {
        return "MobileNetFeatures[" + id + "]";
    }
}
