package io.phototriage.models.video;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Closeables;
import io.phototriage.core.stage.Detection;
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
import io.phototriage.models.selfie.SelfieConfig;
import io.phototriage.models.selfie.SelfieSegmenter;
import io.phototriage.models.yolox.YoloxConfig;
import io.phototriage.models.yolox.YoloxDetector;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lite video path: follows one subject through a clip with the lite model set's real weights, frame by frame.
 *
 * <p>On the first frame the prompt fixes the subject's PASCAL class (the class DeepLab gives most of the prompt mask's
 * or box's pixels) and its mask (a mask prompt is taken as it is; for a box, the class's pixels inside the box). On
 * every later frame:
 * <ol>
 *   <li><b>probability</b>: DeepLabV3's softmax probability of that class over the whole frame; for a person also the
 *       MediaPipe Selfie matte of a window around the previous mask's box (grown by {@code search-margin}), combined
 *       by their maximum (option {@code person-matte});</li>
 *   <li><b>temporal smoothing</b>: {@code s = (1 - smoothing) * p + smoothing * s_prev}, thresholded at
 *       {@code threshold};</li>
 *   <li><b>association</b>: the thresholded pixels within {@code association * sqrt(previous area)} (at least 4 px)
 *       of the previous mask, and among them the 8-connected components that touch the previous mask, are kept, so
 *       other people or dogs in the frame are left out even where they touch the subject (a crowd behind a
 *       dancer); when that would grow the mask by more than {@code max-growth} times in one frame, or beyond
 *       {@code max-size} times the prompt frame's mask, the reach is halved until it does not (at reach 0 the mask
 *       cannot grow);</li>
 *   <li><b>instance gate</b> ({@code box-gate}): when YOLOX finds a box of the class overlapping the previous mask's
 *       box (IoU at least 0.3), only pixels inside that box grown by 15% are candidates, so people that touch the
 *       subject (a crowd behind a dancer) stay out;</li>
 *   <li><b>re-detection</b>: when the kept mask is smaller than {@code lost-ratio} of the previous one (the subject
 *       moved fast, was hidden, or the matte failed), YOLOX-nano looks for the class in the whole frame; the box that
 *       overlaps the last known box most (else the best scoring one) is segmented afresh (probability inside that box)
 *       and the smoothing restarts there. When nothing is found the (small or empty) kept mask is the answer and the
 *       last good mask stays the reference for the next frame.</li>
 * </ol>
 * The score of a frame is the mean smoothed probability over its mask (1 for the prompt mask itself).
 *
 * <p>Selfie and YOLOX are optional: without {@code selfie-segmentation/} people use DeepLab alone; without
 * {@code yolox-nano/} there is no re-detection (both logged once). Not thread-safe; each tracker is one clip.
 */
public final class LiteVideoSegmenter implements VideoSegmenter {
    private static final Logger LOG = LoggerFactory.getLogger(LiteVideoSegmenter.class);
    private static final int PERSON = SemanticMap.pascalClass("person").orElseThrow();

    private final LiteVideoConfig config;
    private final DeepLabSegmenter deeplab;
    private final SelfieSegmenter selfie;
    private final YoloxDetector yolox;
    private final ModelInfo model;

    LiteVideoSegmenter(LiteVideoConfig config, DeepLabSegmenter deeplab, SelfieSegmenter selfie, YoloxDetector yolox) {
        this.config = Objects.requireNonNull(config, "config");
        this.deeplab = Objects.requireNonNull(deeplab, "deeplab");
        this.selfie = selfie;
        this.yolox = yolox;
        StringBuilder weights = new StringBuilder(deeplab.model().weights());
        if (selfie != null) {
            weights.append('+').append(selfie.model().weights());
        }
        if (yolox != null) {
            weights.append('+').append(yolox.model().weights());
        }
        this.model = new ModelInfo("lite-video", weights.toString(), deeplab.model().engine());
    }

    /**
     * Loads DeepLab (full variant) from {@code modelsDir/deeplabv3-pascal/}, and, when present, Selfie from
     * {@code selfie-segmentation/} and YOLOX-nano from {@code yolox-nano/}; every file sha256-checked.
     *
     * @param modelsDir the lite models root
     * @param config    the tracking settings
     * @return the segmenter, owning its networks
     * @throws StageException if DeepLab is missing or corrupt, or a runtime cannot load a model
     */
    public static LiteVideoSegmenter load(Path modelsDir, LiteVideoConfig config) throws StageException {
        DeepLabSegmenter deeplab = DeepLabSegmenter.load(modelsDir,
                new DeepLabConfig(DeepLabConfig.Variant.FULL, CutoutOptions.defaults(), List.of()));
        SelfieSegmenter selfie = null;
        YoloxDetector yolox = null;
        try {
            if (config.personMatte() != LiteVideoConfig.PersonMatte.DEEPLAB) {
                try {
                    selfie = SelfieSegmenter.load(modelsDir, new SelfieConfig(config.searchMargin(), CutoutOptions.defaults()));
                } catch (StageException e) {
                    LOG.info("lite-video: people are segmented by DeepLab alone, the selfie model is not usable: {}",
                            e.getMessage());
                }
            }
            if (config.redetect() || config.boxGate()) {
                try {
                    yolox = YoloxDetector.create(modelsDir, YoloxConfig.defaults());
                } catch (StageException e) {
                    LOG.info("lite-video: no re-detection, the YOLOX model is not usable: {}", e.getMessage());
                }
            }
            return new LiteVideoSegmenter(config, deeplab, selfie, yolox);
        } catch (RuntimeException e) {
            Closeables.closeAfterFailure(e, Arrays.asList(yolox, selfie, deeplab));
            throw e;
        }
    }

    @Override
    public ClipTracker apply(VideoPrompt prompt) {
        return new Tracker(Objects.requireNonNull(prompt, "prompt"));
    }

    @Override
    public String name() {
        return "lite-video";
    }

    @Override
    public ModelInfo model() {
        return model;
    }

    /**
     * The settings it was loaded with.
     *
     * @return the configuration
     */
    public LiteVideoConfig config() {
        return config;
    }

    /**
     * Whether the Selfie matte is loaded (people).
     *
     * @return true when people get the Selfie matte
     */
    public boolean hasSelfie() {
        return selfie != null;
    }

    /**
     * Whether YOLOX re-detection is loaded.
     *
     * @return true when a lost subject is looked for again
     */
    public boolean hasRedetection() {
        return yolox != null;
    }

    @Override
    public void close() {
        Closeables.closeAll(yolox, selfie, deeplab);
    }

    /** One clip's state: the subject's class, the last good mask and the smoothed probability. */
    private final class Tracker implements ClipTracker {
        private final VideoPrompt prompt;
        private int pascalClass = -1;
        private int lastIndex = -1;
        private int width;
        private int height;
        /** The last non-empty mask: the reference for association. */
        private boolean[] reference;
        private long referenceArea;
        /** The area of the prompt frame's mask: the size the subject is capped to ({@code max-size} times it). */
        private long promptArea;
        private BoundingBox referenceBox;
        /** The smoothed probability of the previous frame. */
        private float[] smoothed;
        private long redetections;
        private String startFailure;
        /** The prompt's pixels the class model does not explain, where they are now; null when not carried. */
        private boolean[] extra;
        private double[] classCentroid;

        Tracker(VideoPrompt prompt) {
            this.prompt = prompt;
        }

        @Override
        public FrameMask next(VideoFrame frame) throws StageException {
            Objects.requireNonNull(frame, "frame");
            if (frame.index() <= lastIndex) {
                throw new IllegalArgumentException("frames must come in order: " + frame.index() + " after " + lastIndex);
            }
            lastIndex = frame.index();
            if (startFailure != null) {
                throw new StageException("the tracker has no subject: the prompt frame failed (" + startFailure + ")");
            }
            if (pascalClass < 0) {
                try {
                    return first(frame);
                } catch (StageException | RuntimeException e) {
                    startFailure = e.getMessage();
                    throw e;
                }
            }
            if (frame.width() != width || frame.height() != height) {
                throw new StageException("frame " + frame.index() + " is " + frame.width() + "x" + frame.height()
                        + ", the clip started at " + width + "x" + height);
            }
            return follow(frame);
        }

        private FrameMask first(VideoFrame frame) throws StageException {
            width = frame.width();
            height = frame.height();
            SemanticMap map = deeplab.semanticMap(frame.image());
            boolean[] mask;
            float[] probability;
            if (prompt instanceof VideoPrompt.MaskPrompt m) {
                if (m.mask().width() != width || m.mask().height() != height) {
                    throw new StageException("the prompt mask is " + m.mask().width() + "x" + m.mask().height()
                            + ", the first frame is " + width + "x" + height);
                }
                int c = map.dominantClass(m.mask());
                if (c < 0) {
                    throw new StageException("DeepLab sees only background under the prompt mask on frame " + frame.index()
                            + "; the lite video path follows PASCAL VOC classes (person, dog, cat, ...)");
                }
                pascalClass = c;
                mask = MaskOps.toArray(m.mask());
                probability = new float[mask.length];
                for (int i = 0; i < mask.length; i++) {
                    probability[i] = mask[i] ? 1f : 0f;
                }
                if (config.carry()) {
                    // The part of the prompt the class model does not explain (a kite's lines, a board, a leash):
                    // carried along with the subject's motion on later frames.
                    BoundingBox box = m.mask().boundingBox().orElseThrow();
                    boolean[] own = MaskOps.and(threshold(probability(frame.image(), map, box)), mask);
                    if (MaskOps.area(own) > 0) {
                        boolean[] explained = MaskOps.dilate(own, width, height, 2);
                        extra = new boolean[mask.length];
                        for (int i = 0; i < mask.length; i++) {
                            extra[i] = mask[i] && !explained[i];
                        }
                        classCentroid = MaskOps.centroid(own, width);
                    }
                }
            } else {
                BoundingBox box = ((VideoPrompt.Box) prompt).box();
                boolean[] inBox = MaskOps.boxMask(box, width, height);
                if (MaskOps.area(inBox) == 0) {
                    throw new StageException("the prompt box " + box + " lies outside the " + width + "x" + height + " frame");
                }
                int c = map.dominantClass(Mask.of(width, height, inBox));
                if (c < 0) {
                    throw new StageException("DeepLab sees only background inside the prompt box " + box
                            + "; the lite video path follows PASCAL VOC classes (person, dog, cat, ...)");
                }
                pascalClass = c;
                probability = probability(frame.image(), map, box);
                mask = MaskOps.and(threshold(probability), inBox);
                if (MaskOps.area(mask) == 0) {
                    throw new StageException("no '" + SemanticMap.className(c) + "' pixel above the threshold inside the "
                            + "prompt box " + box);
                }
            }
            remember(mask, probability);
            promptArea = referenceArea;
            return new FrameMask(frame.index(), Mask.of(width, height, mask), prompt instanceof VideoPrompt.MaskPrompt ? 1.0
                    : meanOver(probability, mask));
        }

        private FrameMask follow(VideoFrame frame) throws StageException {
            BufferedImage image = frame.image();
            SemanticMap map = deeplab.semanticMap(image);
            float[] p = probability(image, map, referenceBox);
            float[] s = smooth(p);
            // Association: only pixels near the last mask (a crowd of people behind a dancer is one component with
            // the dancer), and among those only the components that touch the last mask.
            // A subject does not grow by more than max-growth between two frames: when it seems to (it touches
            // others of its class), the reach is halved until it does not.
            boolean[] candidate = threshold(s);
            if (config.boxGate() && yolox != null) {
                // Instances: the detector separates people (or dogs) that touch; keep the subject's box.
                BoundingBox own = subjectBox(frame, 0.3);
                if (own != null) {
                    candidate = MaskOps.and(candidate, MaskOps.boxMask(MaskOps.grow(own, 0.15, width, height), width, height));
                }
            }
            int r = Math.max(4, (int) Math.round(config.association() * Math.sqrt(referenceArea)));
            boolean[] kept;
            long area;
            while (true) {
                boolean[] near = MaskOps.dilate(reference, width, height, r);
                kept = MaskOps.componentsTouching(MaskOps.and(candidate, near), reference, width, height);
                area = MaskOps.area(kept);
                if ((area <= config.maxGrowth() * referenceArea && area <= config.maxSize() * promptArea) || r == 0) {
                    break;
                }
                r /= 2;
            }
            if (area < config.lostRatio() * referenceArea && yolox != null && config.redetect()) {
                boolean[] found = redetect(frame, map);
                if (found != null) {
                    return answer(frame, found, smoothed);
                }
            }
            smoothed = s;
            double score = area == 0 ? 0 : meanOver(s, kept);
            if (area > 0) {
                reference = kept;
                referenceArea = area;
                referenceBox = MaskOps.box(kept, width, height);
                kept = carry(kept);
            }
            return new FrameMask(frame.index(), Mask.of(width, height, kept), score);
        }

        /** The YOLOX box of the subject's class that overlaps the last mask's box most, at least {@code minIou}. */
        private BoundingBox subjectBox(VideoFrame frame, double minIou) throws StageException {
            BoundingBox best = null;
            double bestIou = minIou;
            for (Detection d : yolox.apply(DecodedPhoto.full(Photo.of(Path.of("frame-" + frame.index())), frame.image()))
                    .detections()) {
                if (SemanticMap.pascalClass(d.label()).orElse(-1) == pascalClass) {
                    double iou = d.box().iou(referenceBox);
                    if (iou >= bestIou) {
                        best = d.box();
                        bestIou = iou;
                    }
                }
            }
            return best;
        }

        /** YOLOX over the frame; the subject's class box nearest the last one, segmented afresh. Null: not found. */
        private boolean[] redetect(VideoFrame frame, SemanticMap map) throws StageException {
            List<Detection> found = yolox.apply(DecodedPhoto.full(Photo.of(Path.of("frame-" + frame.index())), frame.image()))
                    .detections();
            Detection best = null;
            double bestIou = -1;
            for (Detection d : found) {
                if (SemanticMap.pascalClass(d.label()).orElse(-1) != pascalClass) {
                    continue;
                }
                double iou = d.box().iou(referenceBox);
                if (iou > bestIou || (iou == bestIou && d.score() > best.score())) {
                    best = d;
                    bestIou = iou;
                }
            }
            if (best == null) {
                return null;
            }
            float[] p = probability(frame.image(), map, best.box());
            boolean[] mask = MaskOps.and(threshold(p), MaskOps.boxMask(best.box(), width, height));
            if (MaskOps.area(mask) == 0) {
                return null;
            }
            redetections++;
            LOG.debug("lite-video: frame {}: subject lost, re-detected at {} (re-detection {})", frame.index(), best.box(),
                    redetections);
            remember(mask, p);
            return mask;
        }

        private FrameMask answer(VideoFrame frame, boolean[] mask, float[] probability) {
            double score = meanOver(probability, mask);
            return new FrameMask(frame.index(), Mask.of(width, height, carry(mask)), score);
        }

        /**
         * The class part plus the carried non-class part of the prompt, moved by the class part's centroid shift
         * since the last frame; the class part alone without a carried part.
         */
        private boolean[] carry(boolean[] classPart) {
            if (extra == null) {
                return classPart;
            }
            double[] c = MaskOps.centroid(classPart, width);
            extra = MaskOps.shift(extra, width, height, (int) Math.round(c[0] - classCentroid[0]),
                    (int) Math.round(c[1] - classCentroid[1]));
            // the centroid the shift was rounded to, so that rounding does not accumulate
            classCentroid = new double[] {classCentroid[0] + Math.round(c[0] - classCentroid[0]),
                    classCentroid[1] + Math.round(c[1] - classCentroid[1])};
            boolean[] out = classPart.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] |= extra[i];
            }
            return out;
        }

        private void remember(boolean[] mask, float[] probability) {
            reference = mask;
            referenceArea = MaskOps.area(mask);
            referenceBox = MaskOps.box(mask, width, height);
            smoothed = probability;
        }

        /** The class probability; for a person combined with the Selfie matte around {@code around}. */
        private float[] probability(BufferedImage image, SemanticMap map, BoundingBox around) throws StageException {
            float[] p = map.probability(pascalClass);
            if (pascalClass != PERSON || selfie == null || config.personMatte() == LiteVideoConfig.PersonMatte.DEEPLAB) {
                return p;
            }
            float[] matte = selfie.personProbability(image, around);
            if (config.personMatte() == LiteVideoConfig.PersonMatte.SELFIE) {
                return matte;
            }
            for (int i = 0; i < p.length; i++) {
                p[i] = Math.max(p[i], matte[i]);
            }
            return p;
        }

        private float[] smooth(float[] p) {
            double a = config.smoothing();
            if (a == 0) {
                return p;
            }
            float[] s = new float[p.length];
            for (int i = 0; i < p.length; i++) {
                s[i] = (float) ((1 - a) * p[i] + a * smoothed[i]);
            }
            return s;
        }

        private boolean[] threshold(float[] p) {
            boolean[] out = new boolean[p.length];
            float t = (float) config.threshold();
            for (int i = 0; i < p.length; i++) {
                out[i] = p[i] > t;
            }
            return out;
        }

        private double meanOver(float[] p, boolean[] mask) {
            double sum = 0;
            long n = 0;
            for (int i = 0; i < mask.length; i++) {
                if (mask[i]) {
                    sum += p[i];
                    n++;
                }
            }
            return n == 0 ? 0 : sum / n;
        }
    }
}
