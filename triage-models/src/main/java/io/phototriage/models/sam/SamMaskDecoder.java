package io.phototriage.models.sam;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.djl.Network;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SAM's prompt encoder and mask decoder (TorchScript role {@code mask_decoder}): an {@link ImageEmbedding} and
 * boxes in, three candidate masks per box with their predicted IoU out. Cheap next to the image encoder.
 *
 * <p>Not thread-safe (one DJL predictor); each call uses its own native memory scope, released before it returns.
 */
public final class SamMaskDecoder implements AutoCloseable {
    /** The manifest role of the decoder file. */
    public static final String ROLE = "mask_decoder";

    private final Network network;
    private final Path file;
    private final AtomicLong decodeCount = new AtomicLong();

    private SamMaskDecoder(Network network) {
        this.network = network;
        this.file = network.file();
    }

    /**
     * Loads the {@code mask_decoder} file of a resolved SAM model folder.
     *
     * @param resolved the model folder, its files checked against the manifest
     * @return the decoder, owning its network
     * @throws StageException when the network cannot be loaded
     */
    public static SamMaskDecoder load(ResolvedModel resolved) throws StageException {
        Objects.requireNonNull(resolved, "resolved");
        return new SamMaskDecoder(Network.load(resolved, ROLE, resolved.manifest().name()));
    }

    /**
     * The masks for one box, given in pixels of the embedded image.
     *
     * @param embedding the image embedding from {@link SamImageEncoder#embed}
     * @param box       the prompt, in pixels of the embedded image
     * @return the mask logits and predicted IoUs for the box
     * @throws StageException if the model fails or returns tensors of unexpected shapes
     */
    public MaskPrediction segment(ImageEmbedding embedding, BoundingBox box) throws StageException {
        return segment(embedding, List.of(box)).get(0);
    }

    /**
     * The masks for each box (one decoder run for all of them), boxes in pixels of the embedded image.
     *
     * @param embedding the image embedding from {@link SamImageEncoder#embed}
     * @param boxes     the prompts, in pixels of the embedded image
     * @return one prediction per box, same order; empty for no boxes
     * @throws StageException if the model fails or returns tensors of unexpected shapes
     */
    public List<MaskPrediction> segment(ImageEmbedding embedding, List<BoundingBox> boxes) throws StageException {
        Objects.requireNonNull(embedding, "embedding");
        if (boxes.isEmpty()) {
            return List.of();
        }
        int n = boxes.size();
        float[] coords = new float[4 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(embedding.geometry().toInputFrame(boxes.get(i)), 0, coords, 4 * i, 4);
        }
        try {
            List<MaskPrediction> predictions = network.call(scope -> new NDList(
                    scope.create(embedding.rawValues(),
                            new Shape(1, embedding.channels(), embedding.gridHeight(), embedding.gridWidth())),
                    scope.create(coords, new Shape(1, n, 4))), output -> predictions(output, n));
            decodeCount.incrementAndGet();
            return predictions;
        } catch (TranslateException | RuntimeException e) {
            throw new StageException("SAM mask decoder " + file + " failed for " + n + " box(es) on " + embedding + ": "
                    + e.getMessage(), e);
        }
    }

    /** One {@link MaskPrediction} per box from the decoder's outputs, after checking their shapes. */
    private List<MaskPrediction> predictions(NDList output, int n) throws StageException {
        if (output.size() != 2) {
            throw new StageException("SAM mask decoder " + file + " returned " + output.size()
                    + " tensors, expected 2 (pred_masks, iou_scores); re-export it with tools/export/export.py sam");
        }
        Shape maskShape = output.get(0).getShape();
        Shape iouShape = output.get(1).getShape();
        if (maskShape.dimension() != 5 || maskShape.get(0) != 1 || maskShape.get(1) != n
                || maskShape.get(3) != maskShape.get(4) || !iouShape.equals(new Shape(1, n, maskShape.get(2)))) {
            throw new StageException("SAM mask decoder " + file + " returned shapes " + maskShape + " and " + iouShape
                    + " for " + n + " boxes, expected [1, N, M, S, S] and [1, N, M]");
        }
        int masks = (int) maskShape.get(2);
        int size = (int) maskShape.get(3);
        float[] allLogits = output.get(0).toFloatArray();
        float[] allIou = output.get(1).toFloatArray();
        int perBox = masks * size * size;
        List<MaskPrediction> predictions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] logits = new float[perBox];
            System.arraycopy(allLogits, i * perBox, logits, 0, perBox);
            float[] iou = new float[masks];
            System.arraycopy(allIou, i * masks, iou, 0, masks);
            predictions.add(new MaskPrediction(logits, iou, size));
        }
        return predictions;
    }

    /**
     * How many decoder runs succeeded so far (one per {@code segment} call, whatever its number of boxes).
     *
     * @return the count since loading
     */
    public long decodeCount() {
        return decodeCount.get();
    }

    @Override
    public void close() {
        network.close();
    }
}
