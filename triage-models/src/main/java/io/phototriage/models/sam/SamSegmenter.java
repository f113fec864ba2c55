package io.phototriage.models.sam;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.image.Cutouts;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Closeables;
import io.phototriage.core.stage.Mask;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.SegmentRequest;
import io.phototriage.core.stage.Segmentation;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.StageSkipException;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * The segment stage on SAM: embeds the photo once ({@link SamImageEncoder}), prompts the embedding with the subject's
 * box ({@link SamMaskDecoder}), keeps the candidate mask with the highest predicted IoU, upsamples its logits to the
 * photo as {@code SamProcessor.post_process_masks} does and thresholds them. The result's score is that predicted
 * IoU; its cut-out and thumbnail come from {@link Cutouts}.
 *
 * <p>Owns both networks; {@link #close()} releases them. Not thread-safe.
 */
public final class SamSegmenter implements Segmenter {
    private final SamImageEncoder encoder;
    private final SamMaskDecoder decoder;
    private final SamContract contract;
    private final SamOptions options;
    private final ModelInfo modelInfo;

    /**
     * A segmenter over two loaded networks, which it now owns (and closes).
     *
     * @param encoder   the image encoder (one run per photo)
     * @param decoder   the prompt/mask decoder (one run per box)
     * @param contract  the model's input contract, from its manifest
     * @param options   thumbnail size, soft or hard edges and the smallest usable cut-out
     * @param modelInfo which model and weights, recorded in every result
     * @throws NullPointerException when an argument is null
     */
    public SamSegmenter(SamImageEncoder encoder, SamMaskDecoder decoder, SamContract contract, SamOptions options,
            ModelInfo modelInfo) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.contract = Objects.requireNonNull(contract, "contract");
        this.options = Objects.requireNonNull(options, "options");
        this.modelInfo = Objects.requireNonNull(modelInfo, "modelInfo");
    }

    /**
     * Loads both networks of a resolved SAM model folder (closing the first if the second fails to load).
     *
     * @param resolved the model folder, its files checked against the manifest
     * @param options  thumbnail size, soft or hard edges and the smallest usable cut-out
     * @return a segmenter owning both networks
     * @throws StageException when the manifest's contract is invalid or a network cannot be loaded
     */
    public static SamSegmenter load(ResolvedModel resolved, SamOptions options) throws StageException {
        SamContract contract = SamContract.of(resolved.manifest());
        SamImageEncoder encoder = SamImageEncoder.load(resolved);
        try {
            SamMaskDecoder decoder = SamMaskDecoder.load(resolved);
            return new SamSegmenter(encoder, decoder, contract, options, new ModelInfo(resolved.manifest().name(),
                    resolved.weightsId(SamImageEncoder.ROLE), resolved.manifest().engine()));
        } catch (StageException | RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    /**
     * Embeds the photo once and prompts it with the request's boxes, best first, until one gives a mask of at least
     * {@link SamOptions#minSize()} pixels a side (prompts are cheap on one embedding). A later box is recorded in
     * {@link Segmentation#source()} with the reason. When no box gives one, the photo is declined
     * ({@link StageSkipException}: segment skipped, not an error).
     */
    @Override
    public Segmentation apply(SegmentRequest request) throws StageException {
        DecodedPhoto photo = request.photo();
        ImageEmbedding embedding = encoder.embed(photo);
        List<String> misses = new ArrayList<>();
        for (int rank = 0; rank < request.detections().size(); rank++) {
            BoundingBox box = request.detections().get(rank).box();
            MaskPrediction prediction = decoder.segment(embedding, box);
            int best = prediction.bestIndex();
            float[] logits = MaskUpsampler.upsample(prediction.logits(best), prediction.size(), embedding.geometry());
            Mask mask = threshold(logits, embedding.geometry());
            String why = unusable(mask);
            if (why == null) {
                Segmentation.Source source = rank == 0 ? Segmentation.Source.PROMPT
                        : new Segmentation.Source(Segmentation.Method.MODEL, rank, "", String.join("; ", misses));
                return pictures(photo, logits, mask, prediction.iouScores()[best], source);
            }
            misses.add("box " + (rank + 1) + " " + request.detections().get(rank).label() + ": SAM's mask is " + why);
        }
        throw new StageSkipException("no usable cut-out (min-size " + options.minSize() + " px): " + String.join("; ", misses));
    }

    private String unusable(Mask mask) {
        BoundingBox b = mask.boundingBox().orElse(null);
        if (b == null) {
            return "empty";
        }
        if (b.width() < options.minSize() || b.height() < options.minSize()) {
            return (int) b.width() + "x" + (int) b.height() + " px, under min-size " + options.minSize();
        }
        return null;
    }

    /**
     * One segmentation per box (in {@code photo.image()} pixels), from a single run of the image encoder.
     *
     * @param photo the decoded photo
     * @param boxes the prompts, in {@code photo.image()} pixels
     * @return one segmentation per box, same order
     * @throws StageException if a network fails, or a box yields an empty mask (nothing to cut out)
     */
    public List<Segmentation> segmentAll(DecodedPhoto photo, List<BoundingBox> boxes) throws StageException {
        ImageEmbedding embedding = encoder.embed(photo);
        List<MaskPrediction> predictions = decoder.segment(embedding, boxes);
        List<Segmentation> out = new ArrayList<>(predictions.size());
        for (int i = 0; i < predictions.size(); i++) {
            out.add(toSegmentation(photo, boxes.get(i), embedding.geometry(), predictions.get(i)));
        }
        return out;
    }

    /**
     * The segmentation of one box on an embedding of {@code photo} made earlier (no encoder run).
     *
     * @param photo     the decoded photo the embedding was made from
     * @param embedding {@code encoder().embed(photo)}
     * @param box       the prompt, in {@code photo.image()} pixels
     * @return the mask, cut-out and thumbnail for {@code box}
     * @throws StageException           when the mask decoder fails or the mask is empty
     * @throws IllegalArgumentException when the embedding is of an image of another size than {@code photo}
     */
    public Segmentation segment(DecodedPhoto photo, ImageEmbedding embedding, BoundingBox box) throws StageException {
        ResizeGeometry g = embedding.geometry();
        if (g.originalWidth() != photo.width() || g.originalHeight() != photo.height()) {
            throw new IllegalArgumentException("the embedding is of a " + g.originalWidth() + "x" + g.originalHeight()
                    + " image, the photo " + photo.photo().path() + " is " + photo.width() + "x" + photo.height());
        }
        return toSegmentation(photo, box, g, decoder.segment(embedding, box));
    }

    /**
     * The image encoder (to embed a photo once and prompt it several times with {@link #segment}).
     *
     * @return the encoder; owned by this segmenter, do not close it
     */
    public SamImageEncoder encoder() {
        return encoder;
    }

    /**
     * The mask decoder.
     *
     * @return the decoder; owned by this segmenter, do not close it
     */
    public SamMaskDecoder decoder() {
        return decoder;
    }

    private Segmentation toSegmentation(DecodedPhoto photo, BoundingBox box, ResizeGeometry geometry,
            MaskPrediction prediction) throws StageException {
        int best = prediction.bestIndex();
        float[] logits = MaskUpsampler.upsample(prediction.logits(best), prediction.size(), geometry);
        Mask mask = threshold(logits, geometry);
        if (mask.area() == 0) {
            throw new StageException("SAM (" + modelInfo.name() + ") found no foreground for box " + box + " in "
                    + photo.photo().path() + "; check that the box covers the subject");
        }
        return pictures(photo, logits, mask, prediction.iouScores()[best], Segmentation.Source.PROMPT);
    }

    private Mask threshold(float[] logits, ResizeGeometry geometry) {
        int w = geometry.originalWidth();
        int h = geometry.originalHeight();
        BitSet bits = new BitSet(w * h);
        float threshold = contract.maskThreshold();
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] > threshold) {
                bits.set(i);
            }
        }
        return Mask.ofBits(w, h, bits);
    }

    private Segmentation pictures(DecodedPhoto photo, float[] logits, Mask mask, double score, Segmentation.Source source) {
        BufferedImage cutout = options.softEdges()
                ? softCutout(photo.image(), logits, mask)
                : Cutouts.cutout(photo.image(), mask);
        BufferedImage thumbnail = Cutouts.thumbnail(cutout, options.thumbnailSize());
        return new Segmentation(mask, score, cutout, thumbnail, source);
    }

    /** Like {@link Cutouts#cutout} but with alpha {@code sigmoid(logit)} over the mask's bounding box. */
    static BufferedImage softCutout(BufferedImage image, float[] logits, Mask mask) {
        BoundingBox box = mask.boundingBox().orElseThrow();
        int x0 = (int) box.x0();
        int y0 = (int) box.y0();
        int bw = (int) box.width();
        int bh = (int) box.height();
        int w = image.getWidth();
        BufferedImage out = new BufferedImage(bw, bh, BufferedImage.TYPE_INT_ARGB);
        int[] row = new int[bw];
        for (int y = 0; y < bh; y++) {
            image.getRGB(x0, y0 + y, bw, 1, row, 0, bw);
            for (int x = 0; x < bw; x++) {
                double logit = logits[(y0 + y) * w + x0 + x];
                int alpha = (int) Math.round(255.0 / (1.0 + Math.exp(-logit)));
                row[x] = (alpha << 24) | (row[x] & 0xffffff);
            }
            out.setRGB(0, y, bw, 1, row, 0, bw);
        }
        return out;
    }

    @Override
    public String name() {
        return "sam";
    }

    @Override
    public ModelInfo model() {
        return modelInfo;
    }

    @Override
    public void close() {
        Closeables.closeAll(decoder, encoder);
    }
}
