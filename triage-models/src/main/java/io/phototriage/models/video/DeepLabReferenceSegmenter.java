package io.phototriage.models.video;

import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Mask;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.video.ClipTracker;
import io.phototriage.core.video.FrameMask;
import io.phototriage.core.video.VideoFrame;
import io.phototriage.core.video.VideoPrompt;
import io.phototriage.core.video.VideoSegmenter;
import io.phototriage.models.deeplab.DeepLabConfig;
import io.phototriage.models.deeplab.DeepLabSegmenter;
import io.phototriage.models.deeplab.SemanticMap;
import io.phototriage.models.lite.CutoutOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The simple per-frame reference of issue #14, kept so that the lite video path is compared with a run, not a
 * quoted number: DeepLab on every frame; the subject's class is the one DeepLab gives most of the first frame's
 * prompt (mask or box); on later frames the mask is DeepLab's pixels of that class in the 8-connected components that
 * touch (share a pixel with) the previous frame's mask. No smoothing, no dilation, no re-detection: once the mask is
 * empty it stays empty. The prompt mask itself is the first frame's answer; for a box, the class's pixels inside it.
 * Scores are 1 for the prompt mask and the share of kept pixels otherwise (there is no probability here).
 */
public final class DeepLabReferenceSegmenter implements VideoSegmenter {
    private final DeepLabSegmenter deeplab;

    private DeepLabReferenceSegmenter(DeepLabSegmenter deeplab) {
        this.deeplab = deeplab;
    }

    /**
     * Loads DeepLab (full variant) from {@code modelsDir/deeplabv3-pascal/}.
     *
     * @param modelsDir the lite models root
     * @return the reference segmenter, owning its network
     * @throws StageException if the model is missing or corrupt, or the runtime cannot load it
     */
    public static DeepLabReferenceSegmenter load(Path modelsDir) throws StageException {
        return load(modelsDir, DeepLabConfig.Variant.FULL);
    }

    /**
     * Loads DeepLab of {@code variant} from {@code modelsDir/deeplabv3-pascal/}.
     *
     * @param modelsDir the lite models root
     * @param variant   which DeepLab network
     * @return the reference segmenter, owning its network
     * @throws StageException if the model is missing or corrupt, or the runtime cannot load it
     */
    public static DeepLabReferenceSegmenter load(Path modelsDir, DeepLabConfig.Variant variant) throws StageException {
        return new DeepLabReferenceSegmenter(DeepLabSegmenter.load(modelsDir,
                new DeepLabConfig(variant, CutoutOptions.defaults(), List.of())));
    }

    @Override
    public ClipTracker apply(VideoPrompt prompt) {
        Objects.requireNonNull(prompt, "prompt");
        return new ClipTracker() {
            private int pascalClass = -1;
            private boolean[] previous;
            private int width;
            private int height;

            @Override
            public FrameMask next(VideoFrame frame) throws StageException {
                SemanticMap map = deeplab.semanticMap(frame.image());
                if (previous == null) {
                    width = frame.width();
                    height = frame.height();
                    Mask region;
                    if (prompt instanceof VideoPrompt.MaskPrompt m) {
                        if (m.mask().width() != width || m.mask().height() != height) {
                            throw new StageException("the prompt mask is " + m.mask().width() + "x" + m.mask().height()
                                    + ", the first frame is " + width + "x" + height);
                        }
                        region = m.mask();
                    } else {
                        BoundingBox box = ((VideoPrompt.Box) prompt).box();
                        region = Mask.of(width, height, MaskOps.boxMask(box, width, height));
                        if (region.area() == 0) {
                            throw new StageException("the prompt box " + box + " lies outside the frame");
                        }
                    }
                    pascalClass = map.dominantClass(region);
                    if (pascalClass < 0) {
                        throw new StageException("DeepLab sees only background under the prompt");
                    }
                    previous = prompt instanceof VideoPrompt.MaskPrompt ? MaskOps.toArray(region)
                            : MaskOps.and(MaskOps.toArray(map.classMask(pascalClass)), MaskOps.toArray(region));
                    return new FrameMask(frame.index(), Mask.of(width, height, previous), 1.0);
                }
                boolean[] own = MaskOps.toArray(map.classMask(pascalClass));
                boolean[] kept = MaskOps.componentsTouching(own, previous, width, height);
                long all = MaskOps.area(own);
                previous = kept;
                return new FrameMask(frame.index(), Mask.of(width, height, kept),
                        all == 0 ? 0 : (double) MaskOps.area(kept) / all);
            }
        };
    }

    @Override
    public String name() {
        return "deeplab-video-reference";
    }

    @Override
    public ModelInfo model() {
        return new ModelInfo(name(), deeplab.model().weights(), deeplab.model().engine());
    }

    @Override
    public void close() {
        deeplab.close();
    }
}
