package io.phototriage.models.sam2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Mask;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.video.ClipTracker;
import io.phototriage.core.video.FrameMask;
import io.phototriage.core.video.VideoFrame;
import io.phototriage.core.video.VideoPrompt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One clip through SAM 2: the Java side of transformers' {@code Sam2VideoModel.forward} for one object, streaming
 * (frames in order, the clip length unknown). The memory bank holds the conditioning (prompted) frame and the recent
 * tracked frames as plain arrays: spatial memory features (bfloat16-rounded by the memory encoder, as transformers
 * stores them) and object pointers. Per frame: encode the image; on the prompted frame decode the prompt
 * ({@code _use_mask_as_output} for a mask, the box as two points labelled 2 and 3); otherwise condition the features
 * on the memories and pointers ({@code _prepare_memory_conditioned_features}) and decode without a prompt; choose the
 * mask; encode the new memory ({@code _encode_new_memory}). All tensors of a frame live in one scope closed before
 * {@link #next} returns.
 */
final class Sam2ClipTracker implements ClipTracker {
    /** The object score logit and the IoU that transformers gives a mask prompt's frame. */
    private static final float MASK_PROMPT_SCORE = 10f;

    private final Sam2VideoSegmenter model;
    private final Sam2Contract c;
    private final VideoPrompt prompt;
    /** The prompted frame's memory, or null before the first frame. */
    private Memory conditioning;
    /** Tracked frames' memories by frame index; only the last max(num_maskmem, max pointers) are kept. */
    private final TreeMap<Integer, Memory> tracked = new TreeMap<>();
    /** The spatial memory's position encoding (the same for every frame: a sine encoding of the grid). */
    private float[] memoryPosition;
    private int lastIndex = -1;

    /** What a frame leaves in the memory bank. */
    private record Memory(int frameIndex, float[] features, float[] pointer) {}

    /**
     * One frame's result with the low-resolution logits (for parity tests and callers that smooth them).
     *
     * @param mask        the frame-size mask
     * @param lowResLogits the low-res mask logits, {@code lowResSize^2}, row-major (the no-object placeholder where
     *                    the object is not seen)
     * @param iou         the predicted IoU of the chosen mask
     * @param objectScore the object score logit (above 0: the object is seen)
     */
    record Step(Mask mask, float[] lowResLogits, float iou, float objectScore) {}

    Sam2ClipTracker(Sam2VideoSegmenter model, VideoPrompt prompt) {
        this.model = model;
        this.c = model.contract();
        this.prompt = prompt;
    }

    @Override
    public FrameMask next(VideoFrame frame) throws StageException {
        Step step = step(frame);
        double score = step.objectScore() > 0 ? Math.max(0.0, Math.min(1.0, step.iou())) : 0.0;
        return new FrameMask(frame.index(), step.mask(), score);
    }

    /**
     * Segments the next frame and updates the memory bank.
     *
     * @param frame the next frame
     * @return the frame's mask and logits
     * @throws StageException when the frame is out of order, the prompt does not fit the first frame, or a network
     *                        fails; the memory bank is then unchanged
     */
    Step step(VideoFrame frame) throws StageException {
        if (frame.index() <= lastIndex) {
            throw new StageException("sam2: frame " + frame.index() + " after frame " + lastIndex
                    + ": frames must come in increasing order");
        }
        try (NDManager scope = model.imageEncoder().newScope()) {
            Step step = conditioning == null ? firstFrame(scope, frame) : trackedFrame(scope, frame);
            lastIndex = frame.index();
            return step;
        } catch (TranslateException | RuntimeException e) {
            throw new StageException("sam2: frame " + frame.index() + " failed: " + e.getMessage(), e);
        }
    }

    /** The image encoder's outputs: feat_s0, feat_s1, vision features, their position encoding, + no-memory. */
    private NDList encode(NDManager scope, VideoFrame frame) throws TranslateException, StageException {
        int s = c.imageSize();
        float[] pixels = Sam2Images.pixelValues(frame.image(), c);
        NDList out = model.imageEncoder().predict(new NDList(scope.create(pixels, new Shape(1, 3, s, s))));
        out.attach(scope);
        if (out.size() != 5) {
            throw new StageException("sam2: the image encoder returned " + out.size()
                    + " tensors, expected 5; re-export it with tools/export/export.py sam2");
        }
        return out;
    }

    private Step firstFrame(NDManager scope, VideoFrame frame) throws TranslateException, StageException {
        NDList enc = encode(scope, frame);
        int s = c.imageSize();
        Decoded chosen;
        float[] lowRes;
        float[] maskForMemory;
        float objectScore;
        float iou;
        if (prompt instanceof VideoPrompt.Box box) {
            float[] points = boxPoints(box.box(), frame);
            Decoded all = decode(scope, enc.get(4), enc, points, new int[] {2, 3}, null);
            chosen = choose(all, multimask(true, 2));
            objectScore = all.objectScore;
            iou = chosen.iou;
            lowRes = gated(chosen.lowRes, objectScore);
            maskForMemory = forMemory(Sam2Images.bilinear(lowRes, c.lowResSize(), c.lowResSize(), s, s), true);
        } else if (prompt instanceof VideoPrompt.MaskPrompt maskPrompt) {
            Mask mask = maskPrompt.mask();
            if (mask.width() != frame.width() || mask.height() != frame.height()) {
                throw new StageException("sam2: the prompt mask is " + mask.width() + "x" + mask.height()
                        + " but the first frame is " + frame.width() + "x" + frame.height());
            }
            float[] atModel = Sam2Images.maskAtModelSize(mask, s);
            boolean any = false;
            for (float v : atModel) {
                any |= v > 0;
            }
            if (!any) {
                throw new StageException("sam2: the prompt mask vanishes at the model's " + s + "x" + s
                        + " input (too small); give a box instead");
            }
            // _use_mask_as_output: the mask is the output; the decoder (mask prompt, multimask) makes the pointer
            Decoded all = decode(scope, enc.get(2), enc, new float[] {0f, 0f}, new int[] {-1}, atModel);
            chosen = choose(all, true);
            lowRes = all.maskPromptLowRes;
            objectScore = MASK_PROMPT_SCORE;
            iou = 1f;
            maskForMemory = new float[s * s];
            for (int i = 0; i < maskForMemory.length; i++) {
                maskForMemory[i] = atModel[i] * c.sigmoidScale() + c.sigmoidBias();
            }
        } else {
            throw new StageException("sam2: unsupported prompt " + prompt);
        }
        float[] features = encodeMemory(scope, enc.get(2), maskForMemory, objectScore);
        conditioning = new Memory(frame.index(), features, chosen.pointer);
        return new Step(finalMask(lowRes, frame), lowRes, iou, objectScore);
    }

    private Step trackedFrame(NDManager scope, VideoFrame frame) throws TranslateException, StageException {
        NDList enc = encode(scope, frame);
        int s = c.imageSize();
        NDArray conditioned = conditionOnMemory(scope, enc, frame.index());
        Decoded all = decode(scope, conditioned, enc, new float[] {0f, 0f}, new int[] {-1}, null);
        Decoded chosen = choose(all, multimask(false, 0));
        float[] lowRes = gated(chosen.lowRes, all.objectScore);
        float[] maskForMemory = forMemory(Sam2Images.bilinear(lowRes, c.lowResSize(), c.lowResSize(), s, s), false);
        float[] features = encodeMemory(scope, enc.get(2), maskForMemory, all.objectScore);
        tracked.put(frame.index(), new Memory(frame.index(), features, chosen.pointer));
        int keep = Math.max(c.numMaskmem(), c.maxObjectPointers());
        while (tracked.size() > keep) {
            tracked.pollFirstEntry();
        }
        return new Step(finalMask(lowRes, frame), lowRes, chosen.iou, all.objectScore);
    }

    /** The box as SAM 2's two corner points in pixels of the model's S x S input (the processor's scaling). */
    private float[] boxPoints(BoundingBox box, VideoFrame frame) throws StageException {
        if (box.x0() < 0 || box.y0() < 0 || box.x1() > frame.width() || box.y1() > frame.height()
                || box.x1() <= box.x0() || box.y1() <= box.y0()) {
            throw new StageException("sam2: the prompt box " + box + " is not inside the " + frame.width() + "x"
                    + frame.height() + " first frame");
        }
        float sx = (float) ((double) c.imageSize() / frame.width());
        float sy = (float) ((double) c.imageSize() / frame.height());
        return new float[] {(float) box.x0() * sx, (float) box.y0() * sy, (float) box.x1() * sx, (float) box.y1() * sy};
    }

    /** Sam2VideoModel._use_multimask for a prompt with that many points. */
    private boolean multimask(boolean initialConditioningFrame, int points) {
        return c.multimaskInSam() && (initialConditioningFrame || c.multimaskForTracking())
                && c.multimaskMinPoints() <= points && points <= c.multimaskMaxPoints();
    }

    /** All four tokens' decoder outputs, read into Java. */
    private record Decoded(float[][] masks, float[] ious, float[][] pointers, float objectScore,
            float[] maskPromptLowRes, float[] lowRes, float iou, float[] pointer) {
        Decoded pick(float[] mask, float iou, float[] pointer) {
            return new Decoded(masks, ious, pointers, objectScore, maskPromptLowRes, mask, iou, pointer);
        }
    }

    private Decoded decode(NDManager scope, NDArray pixFeat, NDList enc, float[] points, int[] labels, float[] mask)
            throws TranslateException, StageException {
        int s = c.imageSize();
        int k = labels.length;
        NDList in = new NDList(pixFeat, enc.get(0), enc.get(1),
                scope.create(points, new Shape(1, 1, k, 2)), scope.create(labels, new Shape(1, 1, k)),
                mask == null ? scope.zeros(new Shape(1, 1, s, s)) : scope.create(mask, new Shape(1, 1, s, s)),
                scope.create(new float[] {mask == null ? 0f : 1f}, new Shape(1)));
        NDList out = model.maskDecoder().predict(in);
        out.attach(scope);
        int low = c.lowResSize();
        if (out.size() != 5 || out.get(0).getShape().size() % ((long) low * low) != 0) {
            throw new StageException("sam2: the mask decoder returned " + out.size() + " tensors (first "
                    + out.get(0).getShape() + "), expected 5 with [1,1,T," + low + "," + low + "] masks; re-export it");
        }
        int tokens = (int) (out.get(0).getShape().size() / ((long) low * low));
        float[] allMasks = out.get(0).toFloatArray();
        float[] ious = out.get(1).toFloatArray();
        float[] allPointers = out.get(2).toFloatArray();
        float[][] masks = new float[tokens][];
        float[][] pointers = new float[tokens][];
        int hidden = c.hiddenSize();
        for (int t = 0; t < tokens; t++) {
            masks[t] = java.util.Arrays.copyOfRange(allMasks, t * low * low, (t + 1) * low * low);
            pointers[t] = java.util.Arrays.copyOfRange(allPointers, t * hidden, (t + 1) * hidden);
        }
        return new Decoded(masks, ious, pointers, out.get(3).toFloatArray()[0], out.get(4).toFloatArray(), null, 0f,
                null);
    }

    /**
     * The mask decoder's selection: multimask takes the best predicted IoU of tokens 1..3 (its pointer from that
     * token); single mask takes token 0, or, when its stability score is below the threshold, the best multimask
     * mask and IoU (the pointer stays token 0's, as in transformers).
     */
    private Decoded choose(Decoded all, boolean multimask) {
        int best = 1;
        for (int t = 2; t < all.ious.length; t++) {
            if (all.ious[t] > all.ious[best]) {
                best = t;
            }
        }
        if (multimask) {
            return all.pick(all.masks[best], all.ious[best], all.pointers[best]);
        }
        if (c.stabilityFallback() && !stable(all.masks[0])) {
            return all.pick(all.masks[best], all.ious[best], all.pointers[0]);
        }
        return all.pick(all.masks[0], all.ious[0], all.pointers[0]);
    }

    private boolean stable(float[] logits) {
        int intersection = 0;
        int union = 0;
        for (float v : logits) {
            if (v > c.stabilityDelta()) {
                intersection++;
            }
            if (v > -c.stabilityDelta()) {
                union++;
            }
        }
        float score = union > 0 ? (float) intersection / union : 1f;
        return score >= c.stabilityThreshold();
    }

    /** The no-object placeholder everywhere when the object score says the object is not seen. */
    private float[] gated(float[] lowRes, float objectScore) {
        if (objectScore > 0) {
            return lowRes;
        }
        float[] out = new float[lowRes.length];
        java.util.Arrays.fill(out, c.noObjectScore());
        return out;
    }

    /** _encode_new_memory's mask: binarised for a prompted frame, else its sigmoid; then scale and bias. */
    private float[] forMemory(float[] highRes, boolean binarise) {
        float[] out = new float[highRes.length];
        for (int i = 0; i < out.length; i++) {
            float v = binarise ? (highRes[i] > 0 ? 1f : 0f) : (float) (1.0 / (1.0 + Math.exp(-highRes[i])));
            out[i] = v * c.sigmoidScale() + c.sigmoidBias();
        }
        return out;
    }

    private float[] encodeMemory(NDManager scope, NDArray visionFeatures, float[] maskForMemory, float objectScore)
            throws TranslateException, StageException {
        int s = c.imageSize();
        NDList out = model.memoryEncoder().predict(new NDList(visionFeatures,
                scope.create(maskForMemory, new Shape(1, 1, s, s)),
                scope.create(new float[] {objectScore}, new Shape(1, 1))));
        out.attach(scope);
        int g = c.memoryGrid();
        Shape expected = new Shape((long) g * g, 1, c.memoryDim());
        if (out.size() != 2 || !out.get(0).getShape().equals(expected)) {
            throw new StageException("sam2: the memory encoder returned " + out.size() + " tensors (first "
                    + out.get(0).getShape() + "), expected 2 of " + expected + "; re-export it");
        }
        if (memoryPosition == null) {
            memoryPosition = out.get(1).toFloatArray();
        }
        return out.get(0).toFloatArray();
    }

    /**
     * _prepare_memory_conditioned_features for a tracked frame: the conditioning frame's memory (temporal slot
     * num_maskmem - 1, as transformers' index -1) and the tracked frames 1..num_maskmem-1 before this one (slot
     * offset - 1), oldest first; the object pointers of the conditioning frame and of the tracked frames
     * 1..max_pointers-1 before this one, with a 1-d sine encoding of their temporal offset divided by max_pointers - 1.
     */
    private NDArray conditionOnMemory(NDManager scope, NDList enc, int frameIndex)
            throws TranslateException, StageException {
        int cells = c.memoryGrid() * c.memoryGrid() * c.memoryDim();
        List<float[]> memories = new ArrayList<>();
        List<Long> slots = new ArrayList<>();
        memories.add(conditioning.features());
        slots.add((long) c.numMaskmem() - 1);
        for (int offset = c.numMaskmem() - 1; offset >= 1; offset--) {
            Memory m = tracked.get(frameIndex - offset);
            if (m != null) {
                memories.add(m.features());
                slots.add((long) offset - 1);
            }
        }
        List<float[]> pointers = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        if (conditioning.frameIndex() <= frameIndex) {
            pointers.add(conditioning.pointer());
            offsets.add(frameIndex - conditioning.frameIndex());
        }
        for (int d = 1; d < c.maxObjectPointers(); d++) {
            if (frameIndex - d < 0) {
                break;
            }
            Memory m = tracked.get(frameIndex - d);
            if (m != null) {
                pointers.add(m.pointer());
                offsets.add(d);
            }
        }
        int n = memories.size();
        float[] memoryValues = new float[n * cells];
        float[] memoryPos = new float[n * cells];
        long[] slotValues = new long[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(memories.get(i), 0, memoryValues, i * cells, cells);
            System.arraycopy(memoryPosition, 0, memoryPos, i * cells, cells);
            slotValues[i] = slots.get(i);
        }
        int p = pointers.size();
        int hidden = c.hiddenSize();
        float[] pointerValues = new float[p * hidden];
        float[] sine = new float[p * hidden];
        float maxDiff = c.maxObjectPointers() - 1;
        for (int i = 0; i < p; i++) {
            System.arraycopy(pointers.get(i), 0, pointerValues, i * hidden, hidden);
            float[] pe = c.temporalPointerEncoding() ? sinePositionEncoding(offsets.get(i) / maxDiff, hidden)
                    : new float[hidden];
            System.arraycopy(pe, 0, sine, i * hidden, hidden);
        }
        long cellsPerFrame = (long) c.memoryGrid() * c.memoryGrid();
        NDList out = model.memoryAttention().predict(new NDList(enc.get(2), enc.get(3),
                scope.create(memoryValues, new Shape(n, cellsPerFrame, c.memoryDim())),
                scope.create(memoryPos, new Shape(n, cellsPerFrame, c.memoryDim())),
                scope.create(slotValues, new Shape(n)),
                scope.create(pointerValues, new Shape(p, hidden)),
                scope.create(sine, new Shape(p, hidden))));
        out.attach(scope);
        if (out.size() != 1 || !out.get(0).getShape().equals(enc.get(2).getShape())) {
            throw new StageException("sam2: the memory attention returned " + out.size() + " tensors (first "
                    + out.get(0).getShape() + "), expected one of " + enc.get(2).getShape() + "; re-export it");
        }
        return out.get(0);
    }

    /**
     * transformers' get_1d_sine_pe for one position: dim/2 frequencies 10000^(2 floor(i/2) / (dim/2)), sines then
     * cosines, in float32.
     *
     * @param position the normalised temporal offset
     * @param dim      the encoding's width (the hidden size)
     * @return the encoding
     */
    static float[] sinePositionEncoding(float position, int dim) {
        int half = dim / 2;
        float[] out = new float[2 * half];
        for (int i = 0; i < half; i++) {
            float exponent = 2f * (float) Math.floor(i / 2f) / half;
            float dimT = (float) Math.pow(10000.0, exponent);
            float v = position / dimT;
            out[i] = (float) Math.sin(v);
            out[half + i] = (float) Math.cos(v);
        }
        return out;
    }

    private Mask finalMask(float[] lowRes, VideoFrame frame) {
        return Sam2Images.toFrameMask(lowRes, c.lowResSize(), frame.width(), frame.height(), 0f);
    }

    /** Forgets the memory bank (plain arrays; no native memory outlives a frame). */
    @Override
    public void close() {
        conditioning = null;
        tracked.clear();
        memoryPosition = null;
    }

    @Override
    public String toString() {
        return "Sam2ClipTracker[" + model.info().name() + ", " + (conditioning == null ? "not started"
                : "conditioned on frame " + conditioning.frameIndex() + ", " + tracked.size() + " tracked memories")
                + "]";
    }

    /** For tests: the frames whose memories the bank holds now (the conditioning frame first). */
    List<Integer> memoryFrames() {
        List<Integer> out = new ArrayList<>();
        if (conditioning != null) {
            out.add(conditioning.frameIndex());
        }
        for (Map.Entry<Integer, Memory> e : tracked.entrySet()) {
            out.add(e.getKey());
        }
        return out;
    }
}
