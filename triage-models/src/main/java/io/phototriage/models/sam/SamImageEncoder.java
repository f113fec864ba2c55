package io.phototriage.models.sam;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.djl.Network;
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

    private final Network network;
    private final SamPreprocessor preprocessor;
    private final Path file;
    private final AtomicLong embedCount = new AtomicLong();

    private SamImageEncoder(Network network, SamContract contract) {
        this.network = network;
        this.preprocessor = new SamPreprocessor(contract);
        this.file = network.file();
    }

    /**
     * Loads the {@code image_encoder} file of a resolved SAM model folder.
     *
     * @param resolved the model folder, its files checked against the manifest
     * @return the encoder, owning its network
     * @throws StageException when the manifest's contract is invalid or the network cannot be loaded
     */
    public static SamImageEncoder load(ResolvedModel resolved) throws StageException {
        Objects.requireNonNull(resolved, "resolved");
        SamContract contract = SamContract.of(resolved.manifest());
        Network network = Network.load(resolved, ROLE, resolved.manifest().name());
        try {
            return new SamImageEncoder(network, contract);
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /**
     * The embedding of a decoded photo's pixels ({@link DecodedPhoto#image()}).
     *
     * @param photo the decoded photo
     * @return the image embedding with the geometry that maps its boxes
     * @throws StageException if the model fails or returns a tensor of an unexpected shape
     */
    public ImageEmbedding embed(DecodedPhoto photo) throws StageException {
        return embed(photo.image());
    }

    /**
     * The embedding of an RGB image.
     *
     * @param image the picture, any size (resized and padded to the model's square input)
     * @return the image embedding with the geometry that maps its boxes
     * @throws StageException if the model fails or returns a tensor of an unexpected shape (the message says which)
     */
    public ImageEmbedding embed(BufferedImage image) throws StageException {
        ResizeGeometry geometry = preprocessor.geometry(image);
        float[] pixels = preprocessor.pixelValues(image);
        int size = geometry.inputSize();
        try {
            return network.call(scope -> new NDList(scope.create(pixels, new Shape(1, 3, size, size))),
                    output -> embedding(output, geometry));
        } catch (TranslateException | RuntimeException e) {
            throw new StageException("SAM image encoder " + file + " failed on a " + image.getWidth() + "x"
                    + image.getHeight() + " image: " + e.getMessage(), e);
        }
    }

    /** The embedding in the encoder's output, after checking its shape. */
    private ImageEmbedding embedding(NDList output, ResizeGeometry geometry) throws StageException {
        Shape shape = output.head().getShape();
        if (shape.dimension() != 4 || shape.get(0) != 1) {
            throw new StageException("SAM image encoder " + file + " returned shape " + shape
                    + ", expected [1, C, H, W]; re-export it with tools/export/export.py sam");
        }
        embedCount.incrementAndGet();
        return new ImageEmbedding(output.head().toFloatArray(), (int) shape.get(1), (int) shape.get(2),
                (int) shape.get(3), geometry);
    }

    /**
     * The pre-processing this encoder applies (exposed for inspection and parity tests).
     *
     * @return the resize, pad and normalisation of the contract
     */
    public SamPreprocessor preprocessor() {
        return preprocessor;
    }

    /**
     * How many images this encoder has embedded so far (one per {@code embed} call that succeeded).
     *
     * @return the count since loading
     */
    public long embedCount() {
        return embedCount.get();
    }

    @Override
    public void close() {
        network.close();
    }
}
