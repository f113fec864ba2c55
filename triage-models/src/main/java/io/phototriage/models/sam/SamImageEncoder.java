package io.phototriage.models.sam;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.djl.DjlRuntime;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SAM's image encoder (TorchScript role {@code image_encoder}): a photo in, its {@link ImageEmbedding} out. The
 * expensive half of SAM; run it once per photo and prompt the embedding with {@link SamMaskDecoder}.
 *
 * <p>Not thread-safe (one DJL predictor); each call uses its own native memory scope, released before it returns.
 */
public final class SamImageEncoder implements AutoCloseable {
    /** The manifest role of the encoder file. */
    public static final String ROLE = "image_encoder";

    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private final SamPreprocessor preprocessor;
    private final Path file;
    private final AtomicLong embedCount = new AtomicLong();

    private SamImageEncoder(ZooModel<NDList, NDList> model, SamContract contract, Path file) {
        this.model = model;
        this.predictor = model.newPredictor();
        this.preprocessor = new SamPreprocessor(contract);
        this.file = file;
    }

    /** Loads the {@code image_encoder} file of a resolved SAM model folder. */
    public static SamImageEncoder load(ResolvedModel resolved) throws StageException {
        Objects.requireNonNull(resolved, "resolved");
        SamContract contract = SamContract.of(resolved.manifest());
        Path file = resolved.file(ROLE);
        ZooModel<NDList, NDList> model = DjlRuntime.loadTorchScript(file);
        try {
            return new SamImageEncoder(model, contract, file);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The embedding of a decoded photo's pixels ({@link DecodedPhoto#image()}). */
    public ImageEmbedding embed(DecodedPhoto photo) throws StageException {
        return embed(photo.image());
    }

    /**
     * The embedding of an RGB image.
     *
     * @throws StageException if the model fails or returns a tensor of an unexpected shape (the message says which)
     */
    public ImageEmbedding embed(BufferedImage image) throws StageException {
        ResizeGeometry geometry = preprocessor.geometry(image);
        float[] pixels = preprocessor.pixelValues(image);
        int size = geometry.inputSize();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray input = manager.create(pixels, new Shape(1, 3, size, size));
            NDList output = predictor.predict(new NDList(input));
            output.attach(manager);
            Shape shape = output.head().getShape();
            if (shape.dimension() != 4 || shape.get(0) != 1) {
                throw new StageException("SAM image encoder " + file + " returned shape " + shape
                        + ", expected [1, C, H, W]; re-export it with tools/export/export.py sam");
            }
            embedCount.incrementAndGet();
            return new ImageEmbedding(output.head().toFloatArray(), (int) shape.get(1), (int) shape.get(2),
                    (int) shape.get(3), geometry);
        } catch (TranslateException | RuntimeException e) {
            throw new StageException("SAM image encoder " + file + " failed on a " + image.getWidth() + "x"
                    + image.getHeight() + " image: " + e.getMessage(), e);
        }
    }

    /** The pre-processing this encoder applies (exposed for inspection and parity tests). */
    public SamPreprocessor preprocessor() {
        return preprocessor;
    }

    /** How many images this encoder has embedded so far (one per {@code embed} call that succeeded). */
    public long embedCount() {
        return embedCount.get();
    }

    @Override
    public void close() {
        try {
            predictor.close();
        } finally {
            model.close();
        }
    }
}
