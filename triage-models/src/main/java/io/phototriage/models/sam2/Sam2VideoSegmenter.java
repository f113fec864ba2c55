package io.phototriage.models.sam2;

import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.Closeables;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.video.ClipTracker;
import io.phototriage.core.video.VideoPrompt;
import io.phototriage.core.video.VideoSegmenter;
import io.phototriage.models.djl.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * SAM 2 as a {@link VideoSegmenter}: holds the four networks of one exported model folder and opens a
 * {@link ClipTracker} per clip whose memory bank lives in plain Java arrays; every frame's tensors live in one native
 * scope released before {@code next} returns. One segmenter serves many clips, one after the other (the networks
 * are not thread-safe).
 */
public final class Sam2VideoSegmenter implements VideoSegmenter {
    /** The manifest role of the image encoder. */
    public static final String IMAGE_ENCODER = "image_encoder";
    /** The manifest role of the memory attention. */
    public static final String MEMORY_ATTENTION = "memory_attention";
    /** The manifest role of the memory encoder. */
    public static final String MEMORY_ENCODER = "memory_encoder";
    /** The manifest role of the prompt encoder + mask decoder. */
    public static final String MASK_DECODER = "mask_decoder";

    private final Sam2Contract contract;
    private final Network imageEncoder;
    private final Network memoryAttention;
    private final Network memoryEncoder;
    private final Network maskDecoder;

    private Sam2VideoSegmenter(Sam2Contract contract, List<Network> networks) {
        this.contract = contract;
        this.imageEncoder = networks.get(0);
        this.memoryAttention = networks.get(1);
        this.memoryEncoder = networks.get(2);
        this.maskDecoder = networks.get(3);
    }

    /**
     * Loads the four parts of a resolved (sha256-checked) SAM 2 model folder; what was opened is closed again when
     * a later part fails.
     *
     * @param resolved the model folder from {@code tools/export/export.py sam2}
     * @return the segmenter, owning its networks
     * @throws StageException when the contract is invalid or a part cannot be loaded
     */
    public static Sam2VideoSegmenter load(ResolvedModel resolved) throws StageException {
        Objects.requireNonNull(resolved, "resolved");
        Sam2Contract contract;
        try {
            contract = Sam2Contract.of(resolved.manifest());
        } catch (IllegalArgumentException e) {
            throw new StageException("sam2: " + e.getMessage(), e);
        }
        List<Network> opened = new ArrayList<>(4);
        try {
            for (String role : List.of(IMAGE_ENCODER, MEMORY_ATTENTION, MEMORY_ENCODER, MASK_DECODER)) {
                opened.add(Network.load(resolved, role, resolved.manifest().name()));
            }
        } catch (StageException | RuntimeException e) {
            Closeables.closeAfterFailure(e, opened);
            throw e;
        }
        return new Sam2VideoSegmenter(contract, opened);
    }

    /**
     * Opens a tracker for one clip; the prompt applies to the first frame given to it.
     *
     * @param prompt the subject's box or mask on the first frame
     * @return a new tracker with an empty memory bank
     */
    @Override
    public ClipTracker apply(VideoPrompt prompt) {
        return new Sam2ClipTracker(this, Objects.requireNonNull(prompt, "prompt"));
    }

    /**
     * The model's configuration values.
     *
     * @return the contract read from the manifest
     */
    public Sam2Contract contract() {
        return contract;
    }

    /**
     * Which model made the masks.
     *
     * @return the image encoder's model info (folder name and weights id)
     */
    public ModelInfo info() {
        return imageEncoder.info();
    }

    Network imageEncoder() {
        return imageEncoder;
    }

    Network memoryAttention() {
        return memoryAttention;
    }

    Network memoryEncoder() {
        return memoryEncoder;
    }

    Network maskDecoder() {
        return maskDecoder;
    }

    @Override
    public String name() {
        return "sam2";
    }

    /** Closes the four networks, each even if closing another fails. */
    @Override
    public void close() {
        Closeables.closeAll(maskDecoder, memoryEncoder, memoryAttention, imageEncoder);
    }
}
