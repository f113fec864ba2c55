package io.phototriage.models.groundingdino;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.Closeables;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.Detections;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.djl.DjlRuntime;
import io.phototriage.models.djl.ModelLoadException;
import io.phototriage.models.djl.Network;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Open-vocabulary detection with Grounding DINO (a TorchScript export made by {@code tools/export/export.py
 * grounding-dino}): finds boxes for a fixed list of class names, e.g. person, dog, cat.
 *
 * <p>Per photo: the photo is resized into the traced frame ({@link ImageFrame}) and normalised with ImageNet
 * mean/std; the class names become one caption ({@link Prompt}, tokenized once at build time); the model's
 * 900 queries are scored per class (maximum over the class's tokens), thresholded and put through class-wise NMS
 * ({@link GroundingDinoPostprocessor}). Boxes are in pixels of the photo given to {@link #apply}.
 *
 * <p>The threshold defaults to the one in the model's manifest, whose {@code source} says how it was chosen.
 * Each call allocates its tensors in its own {@link ai.djl.ndarray.NDManager} scope; close the detector to free the model.
 * Not thread-safe (one call at a time, as {@link io.phototriage.core.stage.Stage} requires).
 */
public final class GroundingDinoDetector implements Detector {
    /** The classes looked for when none are given. */
    public static final List<String> DEFAULT_CLASSES = List.of("person", "dog", "cat");

    private final Network network;
    private final HuggingFaceTokenizer tokenizer;
    private final GroundingDinoContract contract;
    private final Prompt prompt;
    private final double threshold;
    private final double nmsIou;
    private final ModelInfo modelInfo;

    private GroundingDinoDetector(Builder b) throws StageException {
        ResolvedModel resolved = Objects.requireNonNull(b.model, "model (setModel) is required");
        if (!DjlRuntime.PYTORCH.equals(resolved.manifest().engine())) {
            throw new StageException("model " + resolved.manifest().name() + " in " + resolved.dir() + " is for engine "
                    + resolved.manifest().engine() + "; Grounding DINO needs a TorchScript export (engine PyTorch) from"
                    + " tools/export/export.py grounding-dino");
        }
        try {
            this.contract = GroundingDinoContract.of(resolved.manifest());
        } catch (IllegalArgumentException e) {
            throw new StageException(e.getMessage() + " (" + resolved.dir() + ")", e);
        }
        this.threshold = b.threshold != null ? b.threshold : contract.threshold();
        this.nmsIou = b.nmsIou != null ? b.nmsIou : contract.nmsIou();
        if (!(threshold >= 0 && threshold <= 1) || !(nmsIou > 0 && nmsIou <= 1)) {
            throw new StageException("threshold must be in [0, 1] and NMS IoU in (0, 1]: " + threshold + ", " + nmsIou);
        }
        HuggingFaceTokenizer tok = null;
        Network net = null;
        try {
            tok = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(resolved.file("tokenizer"))
                    .optAddSpecialTokens(true)
                    .optPadding(false)
                    .optTruncation(false)
                    .build();
            this.prompt = Prompt.of(b.classes, tok, contract.maxTextLen());
            net = Network.load(resolved, "model", resolved.manifest().name());
        } catch (IOException | RuntimeException | ModelLoadException e) {
            if (net != null) {
                net.close();
            }
            if (tok != null) {
                tok.close();
            }
            if (e instanceof ModelLoadException mle) {
                throw mle;
            }
            throw new StageException("cannot set up Grounding DINO from " + resolved.dir() + ": " + e.getMessage(), e);
        }
        this.tokenizer = tok;
        this.network = net;
        this.modelInfo = net.info();
    }

    /**
     * A builder: {@link Builder#setModel} is required; classes, threshold and NMS IoU are optional.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Detections apply(DecodedPhoto photo) throws StageException {
        return new Detections(detect(photo.image()), threshold);
    }

    /**
     * Detections in pixels of {@code image}, best first.
     *
     * @param image the picture, any size (resized to the contract's input inside)
     * @return the boxes of the prompt's classes scoring above {@link #threshold()}, after class-wise NMS
     * @throws StageException when the network fails or its outputs have unexpected shapes
     */
    public List<Detection> detect(BufferedImage image) throws StageException {
        ImageFrame frame = ImageFrame.of(image.getWidth(), image.getHeight(), contract);
        GroundingDinoPostprocessor.RawOutputs raw = run(frame.pixelValues(image, contract), frame);
        return GroundingDinoPostprocessor.detections(raw, prompt, frame, threshold, nmsIou);
    }

    /** Runs the network on prepared pixels; the outputs are copied to Java arrays before the scope closes. */
    GroundingDinoPostprocessor.RawOutputs run(float[] pixelValues, ImageFrame frame) throws StageException {
        int h = contract.tracedHeight();
        int w = contract.tracedWidth();
        int len = contract.maxTextLen();
        try {
            return network.call(scope -> new NDList(
                    scope.create(pixelValues, new Shape(1, 3, h, w)),
                    scope.create(prompt.paddedIds(len), new Shape(1, len)),
                    scope.create(new long[len], new Shape(1, len)),
                    scope.create(prompt.attentionMask(len), new Shape(1, len)),
                    scope.create(frame.pixelMask(), new Shape(1, h, w))), GroundingDinoDetector::rawOutputs);
        } catch (TranslateException | RuntimeException e) {
            throw new StageException("Grounding DINO inference failed (" + modelInfo.weights() + "): " + e.getMessage(), e);
        }
    }

    /** The logits and boxes, copied out after checking their shapes. */
    private static GroundingDinoPostprocessor.RawOutputs rawOutputs(NDList outputs) throws StageException {
        if (outputs.size() < 2) {
            throw new StageException("Grounding DINO returned " + outputs.size() + " outputs, expected (logits, pred_boxes);"
                    + " re-export the model with tools/export/export.py grounding-dino");
        }
        NDArray logits = outputs.get(0);
        NDArray boxes = outputs.get(1);
        long[] ls = logits.getShape().getShape();
        if (ls.length != 3 || ls[0] != 1 || !boxes.getShape().equals(new Shape(1, ls[1], 4))) {
            throw new StageException("Grounding DINO outputs have shapes " + logits.getShape() + " and " + boxes.getShape()
                    + ", expected (1, Q, T) and (1, Q, 4)");
        }
        return new GroundingDinoPostprocessor.RawOutputs(logits.toFloatArray(), (int) ls[2], boxes.toFloatArray());
    }

    /**
     * The prompt the detector looks for.
     *
     * @return the caption built from the classes and its token spans
     */
    public Prompt prompt() {
        return prompt;
    }

    /**
     * The input contract of the loaded model.
     *
     * @return the contract read from the manifest
     */
    public GroundingDinoContract contract() {
        return contract;
    }

    /**
     * The score threshold in use (the manifest's unless set in the builder).
     *
     * @return the threshold, in [0, 1]
     */
    public double threshold() {
        return threshold;
    }

    @Override
    public String name() {
        return "grounding-dino";
    }

    @Override
    public ModelInfo model() {
        return modelInfo;
    }

    @Override
    public void close() {
        Closeables.closeAll(network, tokenizer);
    }

    /** Builds a {@link GroundingDinoDetector}: {@code setModel} is required, the rest optional. */
    public static final class Builder {
        private ResolvedModel model;
        private List<String> classes = DEFAULT_CLASSES;
        private Double threshold;
        private Double nmsIou;

        private Builder() {}

        /**
         * The exported model folder, resolved (and checked) by {@link io.phototriage.core.model.ModelStore}.
         *
         * @param model a TorchScript (PyTorch engine) export
         * @return this builder
         */
        public Builder setModel(ResolvedModel model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * The class names to look for (default person, dog, cat); they become the caption.
         *
         * @param classes the class names, in caption order
         * @return this builder
         */
        public Builder optClasses(List<String> classes) {
            this.classes = List.copyOf(classes);
            return this;
        }

        /**
         * Score threshold (default: the manifest's {@code contract.threshold.value}).
         *
         * @param threshold in [0, 1], checked at {@link #build()}
         * @return this builder
         */
        public Builder optThreshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /**
         * Class-wise NMS IoU (default: the manifest's {@code contract.nms_iou}).
         *
         * @param nmsIou in (0, 1], checked at {@link #build()}
         * @return this builder
         */
        public Builder optNmsIou(double nmsIou) {
            this.nmsIou = nmsIou;
            return this;
        }

        /**
         * Loads the tokenizer and the model.
         *
         * @return the detector, owning its model
         * @throws StageException       when the model is not a PyTorch export, its contract is invalid, the threshold
         *                              or NMS IoU is out of range, or the tokenizer or model cannot be loaded
         * @throws NullPointerException when no model was set
         */
        public GroundingDinoDetector build() throws StageException {
            return new GroundingDinoDetector(this);
        }
    }
}
