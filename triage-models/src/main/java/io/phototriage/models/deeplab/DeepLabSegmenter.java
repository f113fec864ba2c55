package io.phototriage.models.deeplab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.SegmentRequest;
import io.phototriage.core.stage.Segmentation;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.djl.Network;
import io.phototriage.models.lite.LiteModels;
import io.phototriage.models.lite.SubjectMasks;
import io.phototriage.models.lite.SubjectMasks.PixelRange;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Segments the prompted subject with DeepLabV3-MobileNetV2 trained on PASCAL VOC (the lite model set's
 * {@code deeplabv3-pascal/}, run by DJL's OnnxRuntime engine).
 *
 * <p>The mask is every photo pixel inside the prompt box that DeepLab labels with the PASCAL class of the prompt's
 * label (person 15, dog 12, cat 8; the other PASCAL classes work too, by PASCAL or COCO name). The score is the mean
 * softmax probability of that class over the mask. See {@link DeepLabFrame} for the exact pre- and post-processing.
 * An empty mask is a {@link StageException} (the pipeline records it for that photo).
 *
 * <p>Not thread-safe: one call at a time (as the pipeline calls stages). Close it to free the native session.
 */
public final class DeepLabSegmenter implements Segmenter {
    /** The model folder's name in the models directory. */
    public static final String FOLDER = "deeplabv3-pascal";
    private static final int CLASSES = 21;

    private final DeepLabConfig config;
    private final Network network;

    private DeepLabSegmenter(DeepLabConfig config, Network network) {
        this.config = config;
        this.network = network;
    }

    /**
     * Loads the network of {@code config.variant()} from {@code modelsDir/deeplabv3-pascal/} after checking its sha256.
     *
     * @throws StageException if the folder or file is missing or corrupt, or the runtime cannot load it
     */
    public static DeepLabSegmenter load(Path modelsDir, DeepLabConfig config) throws StageException {
        Objects.requireNonNull(config, "config");
        String role = config.variant().role();
        return new DeepLabSegmenter(config, LiteModels.open(modelsDir, FOLDER,
                LiteModels.manifest(DeepLabSegmenter.class, "deeplabv3-pascal.manifest.json"), role,
                "deeplabv3-mnv2-pascal-" + role, "DeepLab segmenter"));
    }

    @Override
    public Segmentation apply(SegmentRequest request) throws StageException {
        String label = request.subject().label();
        int pascalClass = PascalClasses.of(label).orElseThrow(() -> new StageException("DeepLab (PASCAL VOC) has no class '"
                + label + "' for " + request.photo().photo().path() + "; it segments " + PascalClasses.NAMES.subList(1, 21)
                + " (COCO names accepted); use another segmenter for this label"));
        BufferedImage image = request.photo().image();
        PixelRange range = PixelRange.of(request.subject().box(), image.getWidth(), image.getHeight());
        if (range.isEmpty()) {
            throw new StageException("the prompt box " + request.subject().box() + " lies outside the "
                    + image.getWidth() + "x" + image.getHeight() + " image of " + request.photo().photo().path());
        }
        DeepLabFrame frame = DeepLabFrame.of(image.getWidth(), image.getHeight());
        long[] labels;
        float[] logits;
        try (NDManager manager = network.newScope()) {
            NDArray input = manager.create(frame.input(image), new Shape(1, DeepLabFrame.SIZE, DeepLabFrame.SIZE, 3));
            NDList output = network.predict(new NDList(input));
            labels = output(output, "labels", 0).toLongArray();
            logits = output(output, "logits", 1).toFloatArray();
        } catch (TranslateException | RuntimeException e) {
            throw new StageException("DeepLab inference failed on " + request.photo().photo().path() + ": " + e.getMessage(), e);
        }
        DeepLabFrame.ClassMask result = frame.classMask(labels, logits, CLASSES, pascalClass, range);
        if (result.mask().area() == 0) {
            throw new StageException("DeepLab found no '" + label + "' pixels inside the box " + request.subject().box()
                    + " of " + request.photo().photo().path() + " (the model sees something else there); no cut-out");
        }
        return SubjectMasks.segmentation(image, result.mask(), result.meanProbability(), config.cutout());
    }

    private static NDArray output(NDList output, String name, int index) {
        NDArray named = output.get(name);
        return named != null ? named : output.get(index);
    }

    /** The settings this segmenter was loaded with. */
    public DeepLabConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "deeplab";
    }

    @Override
    public ModelInfo model() {
        return network.info();
    }

    @Override
    public void close() {
        network.close();
    }
}
