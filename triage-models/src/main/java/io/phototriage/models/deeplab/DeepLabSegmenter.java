package io.phototriage.models.deeplab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import io.phototriage.core.stage.Closeables;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.SegmentRequest;
import io.phototriage.core.stage.Segmentation;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.stage.Segmentation.Method;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.StageSkipException;
import io.phototriage.models.deeplab.DeepLabConfig.Fallback;
import io.phototriage.models.lite.CutoutOptions;
import io.phototriage.models.djl.Network;
import io.phototriage.models.djl.NetworkStage;
import io.phototriage.models.lite.LiteModels;
import io.phototriage.models.lite.SubjectMasks;
import io.phototriage.models.lite.SubjectMasks.PixelRange;
import io.phototriage.models.selfie.SelfieConfig;
import io.phototriage.models.selfie.SelfieSegmenter;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Segments the prompted subject with DeepLabV3-MobileNetV2 trained on PASCAL VOC (the lite model set's
 * {@code deeplabv3-pascal/}, run by DJL's OnnxRuntime engine).
 *
 * <p>The mask is every photo pixel inside the prompt box that DeepLab labels with the PASCAL class of the prompt's
 * label (person 15, dog 12, cat 8; the other PASCAL classes work too, by PASCAL or COCO name). The score is the mean
 * softmax probability of that class over the mask. See {@link DeepLabFrame} for the exact pre- and post-processing.
 *
 * <p>A photo that decoded and whose detection was fine never ends as an error here. DeepLab runs once per photo;
 * then the boxes of {@link SegmentRequest#detections()} are tried best first. For each box: DeepLab's mask of the
 * box's own class; if that is empty or degenerate (its bounding box under {@link CutoutOptions#minSize()} on a side),
 * the enabled {@link DeepLabConfig#fallbacks() fallbacks} in their order: the Selfie person matte ({@code selfie},
 * person boxes only, when {@code selfie-segmentation/} is in the models folder), DeepLab's mask of the class with the
 * most pixels in the box ({@code other-class}). The first usable mask wins. When no box gave one, {@code box} makes
 * the best box of at least {@code min-size} the cut-out, flagged approximate. Otherwise the segmenter declines the
 * photo with a {@link StageSkipException} whose reason lists what each box gave. {@link Segmentation#source()}
 * records which way was taken, for which box, and why.
 *
 * <p>Still a {@link StageException} (a fault): a prompt label PASCAL has no class for (a detector this segmenter
 * cannot serve), a prompt box wholly outside the image, an inference failure.
 *
 * <p>Not thread-safe: one call at a time (as the pipeline calls stages). Close it to free the native sessions.
 */
public final class DeepLabSegmenter extends NetworkStage<DeepLabConfig> implements Segmenter {
    /** The model folder's name in the models directory. */
    public static final String FOLDER = "deeplabv3-pascal";
    /** Class-path resource, next to this class, of the manifest shipped for {@link #FOLDER}. */
    public static final String MANIFEST_RESOURCE = "deeplabv3-pascal.manifest.json";
    private static final Logger LOG = LoggerFactory.getLogger(DeepLabSegmenter.class);
    private static final int CLASSES = 21;

    private final SelfieSegmenter selfie;

    private DeepLabSegmenter(DeepLabConfig config, Network network, SelfieSegmenter selfie) {
        super("deeplab", config, network);
        this.selfie = selfie;
    }

    /**
     * Loads the network of {@code config.variant()} from {@code modelsDir/deeplabv3-pascal/} after checking its sha256,
     * and, when the {@code selfie} fallback is enabled, the Selfie model from {@code modelsDir/selfie-segmentation/}
     * if it is there (without it that fallback is left out, with a log line).
     *
     * @param modelsDir the models root
     * @param config    variant, cut-out options and fallbacks
     * @return the segmenter, owning its network(s)
     * @throws StageException if the DeepLab folder or file is missing or corrupt, or the runtime cannot load it
     */
    public static DeepLabSegmenter load(Path modelsDir, DeepLabConfig config) throws StageException {
        Objects.requireNonNull(config, "config");
        String role = config.variant().role();
        Network network = LiteModels.open(modelsDir, FOLDER,
                LiteModels.manifest(DeepLabSegmenter.class, MANIFEST_RESOURCE), role,
                "deeplabv3-mnv2-pascal-" + role, "DeepLab segmenter");
        SelfieSegmenter selfie = null;
        if (config.allows(Fallback.SELFIE)) {
            try {
                selfie = SelfieSegmenter.load(modelsDir, new SelfieConfig(SelfieConfig.defaults().margin(), config.cutout()));
            } catch (StageException | RuntimeException e) {
                LOG.info("DeepLab segmenter: the selfie fallback is off, its model is not usable: {}", e.getMessage());
            }
        }
        return new DeepLabSegmenter(config, network, selfie);
    }

    @Override
    public Segmentation apply(SegmentRequest request) throws StageException {
        String label = request.subject().label();
        Path path = request.photo().photo().path();
        if (PascalClasses.of(label).isEmpty()) {
            throw new StageException("DeepLab (PASCAL VOC) has no class '" + label + "' for " + path + "; it segments "
                    + PascalClasses.NAMES.subList(1, 21) + " (COCO names accepted); use another segmenter for this label");
        }
        BufferedImage image = request.photo().image();
        int w = image.getWidth();
        int h = image.getHeight();
        if (PixelRange.of(request.subject().box(), w, h).isEmpty()) {
            throw new StageException("the prompt box " + request.subject().box() + " lies outside the " + w + "x" + h
                    + " image of " + path);
        }
        SemanticMap map = infer(image, path.toString());
        DeepLabFrame frame = map.frame();
        long[] labels = map.labels();
        float[] logits = map.logits();
        CutoutOptions cutout = config.cutout();
        List<Detection> boxes = request.detections();
        List<String> misses = new ArrayList<>();
        for (int rank = 0; rank < boxes.size(); rank++) {
            Detection d = boxes.get(rank);
            PixelRange range = PixelRange.of(d.box(), w, h);
            String where = "box " + (rank + 1) + " " + d.label() + " " + describe(range);
            if (range.isEmpty()) {
                misses.add(where + " lies outside the image");
                continue;
            }
            Optional<Integer> own = PascalClasses.of(d.label());
            if (own.isPresent()) {
                DeepLabFrame.ClassMask m = frame.classMask(labels, logits, CLASSES, own.get(), range);
                String why = cutout.unusable(m.mask());
                if (why == null) {
                    Segmentation.Source source = rank == 0 ? Segmentation.Source.PROMPT
                            : new Segmentation.Source(Method.MODEL, rank, "", String.join("; ", misses));
                    return SubjectMasks.segmentation(image, m.mask(), m.meanProbability(), cutout, source);
                }
                misses.add(where + ": DeepLab's '" + d.label() + "' mask is " + why);
            } else {
                misses.add(where + ": PASCAL has no class '" + d.label() + "'");
            }
            for (Fallback fallback : config.fallbacks()) {
                Segmentation found = switch (fallback) {
                    case SELFIE -> selfie(request, d, rank, misses, where);
                    case OTHER_CLASS -> otherClass(frame, labels, logits, own.orElse(-1), image, range, rank, misses, where);
                    case BOX -> null;
                };
                if (found != null) {
                    return found;
                }
            }
        }
        if (config.allows(Fallback.BOX)) {
            for (int rank = 0; rank < boxes.size(); rank++) {
                PixelRange range = PixelRange.of(boxes.get(rank).box(), w, h);
                if (range.width() >= cutout.minSize() && range.height() >= cutout.minSize()) {
                    return SubjectMasks.segmentation(image, SubjectMasks.boxMask(range, w, h), Double.NaN, cutout,
                            new Segmentation.Source(Method.BOX, rank, boxes.get(rank).label(), String.join("; ", misses)));
                }
            }
            misses.add("no box is at least " + cutout.minSize() + "x" + cutout.minSize() + " px for an approximate cut-out");
        }
        throw new StageSkipException("no usable cut-out (min-size " + cutout.minSize() + " px, fallbacks "
                + config.fallbacks().stream().map(Fallback::id).toList() + "): " + String.join("; ", misses));
    }

    /**
     * DeepLab's labels over a whole picture, for callers that choose the class and the region themselves (the lite
     * video path follows a subject from frame to frame this way). Same pre- and post-processing as {@link #apply}.
     *
     * @param image the picture
     * @return the per-pixel labels and class probabilities, as plain Java
     * @throws StageException if inference fails
     */
    public SemanticMap semanticMap(BufferedImage image) throws StageException {
        return infer(Objects.requireNonNull(image, "image"), "a " + image.getWidth() + "x" + image.getHeight() + " picture");
    }

    private SemanticMap infer(BufferedImage image, String what) throws StageException {
        DeepLabFrame frame = DeepLabFrame.of(image.getWidth(), image.getHeight());
        try (NDManager manager = network.newScope()) {
            NDArray input = manager.create(frame.input(image), new Shape(1, DeepLabFrame.SIZE, DeepLabFrame.SIZE, 3));
            NDList output = network.predict(new NDList(input));
            return new SemanticMap(frame, output(output, "labels", 0).toLongArray(), output(output, "logits", 1).toFloatArray(),
                    CLASSES);
        } catch (TranslateException | RuntimeException e) {
            throw new StageException("DeepLab inference failed on " + what + ": " + e.getMessage(), e);
        }
    }

    private Segmentation selfie(SegmentRequest request, Detection d, int rank, List<String> misses, String where)
            throws StageException {
        if (selfie == null || !"person".equals(d.label().trim().toLowerCase(Locale.ROOT))) {
            return null;
        }
        Segmentation matte;
        try {
            matte = selfie.apply(new SegmentRequest(request.photo(), d));
        } catch (StageSkipException e) {
            // An empty or degenerate matte; any other StageException (inference failed) is a fault and propagates.
            misses.add(where + ": " + e.reason());
            return null;
        }
        return new Segmentation(matte.mask(), matte.score(), matte.cutout(), matte.thumbnail(),
                new Segmentation.Source(Method.FALLBACK_MODEL, rank, "person", String.join("; ", misses)));
    }

    private Segmentation otherClass(DeepLabFrame frame, long[] labels, float[] logits, int own, BufferedImage image,
            PixelRange range, int rank, List<String> misses, String where) {
        int other = frame.dominantOtherClass(labels, CLASSES, own, range);
        if (other < 0) {
            misses.add(where + ": DeepLab sees only background there");
            return null;
        }
        String name = PascalClasses.NAMES.get(other);
        DeepLabFrame.ClassMask m = frame.classMask(labels, logits, CLASSES, other, range);
        String why = config.cutout().unusable(m.mask());
        if (why != null) {
            misses.add(where + ": DeepLab's most frequent other class '" + name + "' is " + why);
            return null;
        }
        return SubjectMasks.segmentation(image, m.mask(), m.meanProbability(), config.cutout(),
                new Segmentation.Source(Method.OTHER_CLASS, rank, name, String.join("; ", misses)));
    }

    private static String describe(PixelRange r) {
        return "[" + r.x0() + "," + r.y0() + "," + r.x1() + "," + r.y1() + "] (" + r.width() + "x" + r.height() + " px)";
    }

    private static NDArray output(NDList output, String name, int index) {
        NDArray named = output.get(name);
        return named != null ? named : output.get(index);
    }

    /** Thread-safe: the configuration is immutable, the network and the Selfie fallback (if loaded) are thread-safe. */
    @Override
    public boolean threadSafe() {
        return selfie == null || selfie.threadSafe();
    }

    /**
     * Whether the Selfie fallback is loaded (enabled and its model present).
     *
     * @return true when the Selfie model was loaded
     */
    public boolean hasSelfieFallback() {
        return selfie != null;
    }

    @Override
    public void close() {
        Closeables.closeAll(super::close, selfie);
    }
}
