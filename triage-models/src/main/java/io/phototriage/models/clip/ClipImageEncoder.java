package io.phototriage.models.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.djl.Network;
import io.phototriage.models.djl.ModelLoadException;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * CLIP's image tower plus visual projection ({@code image_encoder.pt}): photo in, image embedding out (not
 * normalised, as {@code CLIPModel.get_image_features} returns it).
 *
 * <p>Owns its DJL model and predictor; close it when done. Call from one thread at a time.
 */
public final class ClipImageEncoder implements AutoCloseable {
    /** The manifest role of the TorchScript file. */
    public static final String ROLE = "image_encoder";

    private final Network network;
    private final ClipContract contract;
    private final ClipPreprocessor preprocessor;
    private final String file;

    private ClipImageEncoder(Network network, ClipContract contract, String file) {
        this.network = network;
        this.contract = contract;
        this.preprocessor = new ClipPreprocessor(contract);
        this.file = file;
    }

    /**
     * Loads the image tower of a resolved CLIP model folder.
     *
     * @param resolved the model folder, its files checked against the manifest
     * @return the encoder, owning its network
     * @throws ModelException     if the manifest's contract is incomplete
     * @throws ModelLoadException if DJL cannot load {@code image_encoder.pt}
     */
    public static ClipImageEncoder load(ResolvedModel resolved) throws ModelException, ModelLoadException {
        ClipContract contract = ClipContract.of(resolved.manifest());
        return new ClipImageEncoder(Network.load(resolved, ROLE, resolved.manifest().name()), contract,
                resolved.file(ROLE).toString());
    }

    /**
     * The pre-processing this encoder applies.
     *
     * @return the resize, crop and normalisation of the contract
     */
    public ClipPreprocessor preprocessor() {
        return preprocessor;
    }

    /**
     * The contract read from the manifest.
     *
     * @return image size, embedding size and the rest of the CLIP contract
     */
    public ClipContract contract() {
        return contract;
    }

    /**
     * The embedding of one image.
     *
     * @param image the picture, any size (pre-processed by {@link #preprocessor()})
     * @return {@code embed_dim} floats
     * @throws StageException when the network fails
     */
    public float[] embed(BufferedImage image) throws StageException {
        return embedAll(List.of(image)).get(0);
    }

    /**
     * The embeddings of several images, computed in one batch, in order.
     *
     * @param images the pictures, any size
     * @return one embedding of {@code embed_dim} floats per image
     * @throws StageException when the network fails
     */
    public List<float[]> embedAll(List<BufferedImage> images) throws StageException {
        int side = contract.imageSize();
        int plane = 3 * side * side;
        float[] batch = new float[images.size() * plane];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(preprocessor.pixelValues(Objects.requireNonNull(images.get(i), "image")), 0, batch, i * plane, plane);
        }
        return embedPixelValues(batch, images.size());
    }

    /**
     * Runs the tower on ready {@code pixel_values}: {@code count} images of {@code [3, image_size, image_size]}
     * floats, one after the other (NCHW).
     *
     * @param pixelValues the pre-processed images, {@code count x 3 x image_size x image_size} floats
     * @param count       how many images, at least 1
     * @return one embedding of {@code embed_dim} floats per image
     * @throws StageException           when the network fails or its output has an unexpected shape
     * @throws IllegalArgumentException when {@code count} is below 1 or the array has the wrong length
     */
    public List<float[]> embedPixelValues(float[] pixelValues, int count) throws StageException {
        int side = contract.imageSize();
        if (count < 1 || pixelValues.length != count * 3 * side * side) {
            throw new IllegalArgumentException("pixel_values must hold " + count + " x 3 x " + side + " x " + side + " floats, got "
                    + pixelValues.length);
        }
        try {
            return network.call(scope -> new NDList(scope.create(pixelValues, new Shape(count, 3, side, side))),
                    output -> rows(output.get(0), count, contract.embedDim(), file));
        } catch (TranslateException | RuntimeException e) {
            throw new StageException("CLIP image encoder " + file + " failed on a batch of " + count + ": " + e.getMessage(), e);
        }
    }

    static List<float[]> rows(NDArray out, int count, int dim, String file) throws StageException {
        Shape expected = new Shape(count, dim);
        if (!out.getShape().equals(expected)) {
            throw new StageException(file + " returned shape " + out.getShape() + ", expected " + expected
                    + " (embed_dim in manifest.json); re-export the model");
        }
        float[] flat = out.toFloatArray();
        List<float[]> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            float[] row = new float[dim];
            System.arraycopy(flat, i * dim, row, 0, dim);
            rows.add(row);
        }
        return rows;
    }

    @Override
    public void close() {
        network.close();
    }
}
