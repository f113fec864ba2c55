package io.phototriage.models.selfie;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import io.phototriage.core.stage.SegmentRequest;
import io.phototriage.core.stage.Segmentation;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.StageSkipException;
import io.phototriage.models.djl.Network;
import io.phototriage.models.djl.NetworkStage;
import io.phototriage.models.lite.LiteModels;
import io.phototriage.models.lite.SubjectMasks;
import io.phototriage.models.lite.SubjectMasks.PixelRange;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Segments a prompted person with MediaPipe Selfie Segmentation (general 256x256 model of the lite set's
 * {@code selfie-segmentation/}, run by DJL's OnnxRuntime engine): a fine person matte, for people only.
 * See {@link SelfieCrop} for the exact pre- and post-processing; the score is the mean person probability over the
 * mask. A prompt that is not a person is a {@link StageException}; an empty mask, or one whose bounding box is
 * under {@link io.phototriage.models.lite.CutoutOptions#minSize()} on a side, declines the photo
 * ({@link StageSkipException}: segment skipped, not an error). The {@code deeplab} segmenter uses this model as its
 * person fallback.
 *
 * <p>Not thread-safe: one call at a time. Close it to free the native session.
 */
public final class SelfieSegmenter extends NetworkStage<SelfieConfig> implements Segmenter {
    /** The model folder's name in the models directory. */
    public static final String FOLDER = "selfie-segmentation";
    /** Class-path resource, next to this class, of the manifest shipped for {@link #FOLDER}. */
    public static final String MANIFEST_RESOURCE = "selfie-segmentation.manifest.json";
    private static final String ROLE = "general";


    private SelfieSegmenter(SelfieConfig config, Network network) {
        super("selfie", config, network);
    }

    /**
     * Loads {@code modelsDir/selfie-segmentation/selfie_segmentation.onnx} after checking its sha256.
     *
     * @param modelsDir the models root
     * @param config    the context margin around the box and the cut-out options
     * @return the segmenter, owning its network
     * @throws StageException if the folder or file is missing or corrupt, or the runtime cannot load it
     */
    public static SelfieSegmenter load(Path modelsDir, SelfieConfig config) throws StageException {
        Objects.requireNonNull(config, "config");
        return new SelfieSegmenter(config, LiteModels.open(modelsDir, FOLDER,
                LiteModels.manifest(SelfieSegmenter.class, MANIFEST_RESOURCE), ROLE,
                "mediapipe-selfie-segmentation", "selfie segmenter"));
    }

    /** Thread-safe: the configuration is immutable and the {@link io.phototriage.models.djl.Network} thread-safe. */
    @Override
    public boolean threadSafe() {
        return true;
    }

    /**
     * The person probability at every pixel of {@code image} that the model sees for {@code box}: the box grown by
     * the configured margin, clipped to the image; 0 elsewhere. For callers that threshold and choose regions
     * themselves (the lite video path).
     *
     * @param image the picture
     * @param box   where the person is, in the picture's pixels
     * @return {@code width * height} probabilities in [0, 1], row-major
     * @throws StageException if the box lies outside the picture or inference fails
     */
    public float[] personProbability(BufferedImage image, io.phototriage.core.stage.BoundingBox box) throws StageException {
        int w = image.getWidth();
        int h = image.getHeight();
        if (PixelRange.of(box, w, h).isEmpty()) {
            throw new StageException("the box " + box + " lies outside the " + w + "x" + h + " picture");
        }
        SelfieCrop crop = SelfieCrop.of(box, config.margin(), w, h);
        float[] probability;
        try (NDManager manager = network.newScope()) {
            NDArray input = manager.create(crop.input(image), new Shape(1, SelfieCrop.SIZE, SelfieCrop.SIZE, 3));
            probability = network.predict(new NDList(input)).get(0).toFloatArray();
        } catch (TranslateException | RuntimeException e) {
            throw new StageException("selfie segmentation inference failed: " + e.getMessage(), e);
        }
        return crop.probabilityMap(probability, w, h);
    }

    @Override
    public Segmentation apply(SegmentRequest request) throws StageException {
        String label = request.subject().label();
        Path path = request.photo().photo().path();
        if (!"person".equals(label.trim().toLowerCase(Locale.ROOT))) {
            throw new StageException("the selfie model segments people only, but the subject of " + path + " is '" + label
                    + "'; use the deeplab segmenter for pets");
        }
        BufferedImage image = request.photo().image();
        int w = image.getWidth();
        int h = image.getHeight();
        PixelRange range = PixelRange.of(request.subject().box(), w, h);
        if (range.isEmpty()) {
            throw new StageException("the prompt box " + request.subject().box() + " lies outside the " + w + "x" + h
                    + " image of " + path);
        }
        SelfieCrop crop = SelfieCrop.of(request.subject().box(), config.margin(), w, h);
        float[] probability;
        try (NDManager manager = network.newScope()) {
            NDArray input = manager.create(crop.input(image), new Shape(1, SelfieCrop.SIZE, SelfieCrop.SIZE, 3));
            probability = network.predict(new NDList(input)).get(0).toFloatArray();
        } catch (TranslateException | RuntimeException e) {
            throw new StageException("selfie segmentation inference failed on " + path + ": " + e.getMessage(), e);
        }
        SelfieCrop.PersonMask result = crop.mask(probability, range, w, h);
        if (result.mask().area() == 0) {
            throw new StageSkipException("the selfie model found no person inside the box " + request.subject().box() + " of "
                    + path + " (every probability is at most 0.5); no cut-out");
        }
        String unusable = config.cutout().unusable(result.mask());
        if (unusable != null) {
            throw new StageSkipException("the selfie matte inside the box " + request.subject().box() + " of " + path + " is "
                    + unusable + "; no cut-out");
        }
        return SubjectMasks.segmentation(image, result.mask(), result.meanProbability(), config.cutout());
    }
}
