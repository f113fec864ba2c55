package io.phototriage.models.yolox;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.PhotoScratch;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelManifest;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.Detections;
import io.phototriage.core.stage.EvaluationModeDetector;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.djl.Network;
import io.phototriage.models.djl.NetworkStage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The "trained, not prompted" detector: YOLOX-Nano (COCO-80) on the OnnxRuntime engine, keeping the configured
 * classes (person, dog and cat by default).
 *
 * <p>Pre-processing is YOLOX's own ({@link Letterbox}: 416x416 top-left letterbox, OpenCV {@code INTER_LINEAR},
 * pad 114, BGR raw 0..255), post-processing its grid decode, {@code score = obj * cls} and class-wise NMS
 * ({@link YoloxDecoder}). Two modes:
 * <ul>
 *   <li>{@link #apply} (production): the {@link EvalSettings#coco()} candidates with {@code score >= threshold}, the
 *       threshold from {@link YoloxConfig} (by default calibrated for best F1 on coco128, see
 *       {@link YoloxConfig#defaultCalibration()}), so the production answer is exactly the set the calibration
 *       measured;</li>
 *   <li>{@link #detectAll} (evaluation): every box the settings let through, for mAP and calibration.</li>
 * </ul>
 * Boxes are in pixels of {@link DecodedPhoto#image()}. One instance holds one ONNX session and is
 * {@linkplain #threadSafe() thread-safe}: photos in flight on several workers run it at once. Each call works in its own {@link ai.djl.ndarray.NDManager} scope and only
 * plain Java leaves it. The raw network output is shared through the photo's {@link DecodedPhoto#scratch()}, so the
 * network runs once per photo however many YOLOX stages with these weights look at it.
 */
public final class YoloxDetector extends NetworkStage<YoloxConfig> implements EvaluationModeDetector {
    /** The model's folder inside the models folder. */
    public static final String FOLDER = "yolox-nano";
    /** The square input side. */
    public static final int INPUT_SIZE = 416;
    /** The manifest that ships with the code (the lite folder has none), next to this class. */
    public static final String MANIFEST_RESOURCE = "yolox-nano.manifest.json";
    /** The input part of this network's {@link PhotoScratch.Key}: YOLOX's letterbox at {@link #INPUT_SIZE}. */
    public static final String SCRATCH_INPUT = "yolox letterbox " + INPUT_SIZE + " BGR 0..255 pad 114";

    private final YoloxDecoder decoder;
    private final AtomicLong networkRuns = new AtomicLong();

    private YoloxDetector(Network network, YoloxDecoder decoder, YoloxConfig config) {
        super("yolox", config, network);
        this.decoder = decoder;
    }

    /**
     * Loads YOLOX-Nano from {@code modelsDir/yolox-nano}, checking every file's sha256 first.
     *
     * @param modelsDir the folder that contains {@code yolox-nano/} (the lite set: {@code ../shared/models})
     * @param config    the classes to keep and the production threshold
     * @return the detector, owning its network
     * @throws StageException when the folder or a file is missing or corrupt, a class is not a COCO-80 name, or the
     *                        engine cannot load the model; the message names the path and what to do
     */
    public static YoloxDetector create(Path modelsDir, YoloxConfig config) throws StageException {
        ResolvedModel resolved;
        try {
            resolved = ModelStore.at(modelsDir).resolve(FOLDER, manifest());
        } catch (ModelException e) {
            throw new StageException("YOLOX detector: " + e.getMessage(), e);
        }
        List<String> names = readLabels(resolved.file("labels"));
        int[] classIds = new int[config.classes().size()];
        for (int i = 0; i < classIds.length; i++) {
            classIds[i] = names.indexOf(config.classes().get(i));
            if (classIds[i] < 0) {
                throw new StageException("YOLOX detector: class '" + config.classes().get(i) + "' is not in "
                        + resolved.file("labels") + "; use names from that file, e.g. person, dog, cat");
            }
        }
        return new YoloxDetector(Network.load(resolved, "model", FOLDER),
                new YoloxDecoder(INPUT_SIZE, classIds, config.classes()), config);
    }

    /**
     * The manifest of the lite YOLOX-Nano folder, shipped as a class-path resource.
     *
     * @return the parsed manifest
     * @throws StageException when the resource is missing or cannot be read
     */
    public static ModelManifest manifest() throws StageException {
        try (InputStream in = YoloxDetector.class.getResourceAsStream(MANIFEST_RESOURCE)) {
            if (in == null) {
                throw new StageException("class-path resource " + MANIFEST_RESOURCE + " is missing next to "
                        + YoloxDetector.class.getName() + "; the triage-models jar is incomplete");
            }
            return ModelManifest.read(in);
        } catch (IOException e) {
            throw new StageException("cannot read " + MANIFEST_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** Production mode: the configured classes with {@code score >= threshold}, best first. */
    @Override
    public Detections apply(DecodedPhoto photo) throws StageException {
        List<Detection> kept = new ArrayList<>();
        for (Detection d : detectAll(photo, EvalSettings.coco())) {
            if (d.score() >= config.threshold()) {
                kept.add(d);
            }
        }
        return new Detections(kept, config.threshold());
    }

    /**
     * Evaluation mode: every box of the configured classes that {@code settings} let through, best first.
     *
     * <p>The network runs at most once per photo: its raw grid output is kept in the photo's
     * {@link DecodedPhoto#scratch()} under this model's name, weights and input ({@link #SCRATCH_INPUT}), so a second
     * YOLOX stage with the same weights on the same photo (the lite classifier's detector and the detect stage) only
     * decodes it again, with its own settings.
     *
     * @param photo    the decoded photo
     * @param settings score floor, NMS IoU and box limit
     * @return the boxes in pixels of {@code photo.image()}, best first
     * @throws StageException when the network fails on this photo
     */
    public List<Detection> detectAll(DecodedPhoto photo, EvalSettings settings) throws StageException {
        GridOutput out = photo.scratch().memo(PhotoScratch.Key.of(network.info(), SCRATCH_INPUT), GridOutput.class, () -> runNetwork(photo));
        return decoder.decode(out.raw(), out.geometry(), settings);
    }

    /** The network's raw output on one photo, with the letterbox geometry that maps it back (read-only). */
    private record GridOutput(float[] raw, Letterbox geometry) {}

    private GridOutput runNetwork(DecodedPhoto photo) throws StageException {
        Letterbox letterbox = Letterbox.of(photo.image(), INPUT_SIZE);
        float[] raw;
        try {
            raw = network.call(
                    scope -> new NDList(scope.create(letterbox.tensor(), new Shape(1, 3, INPUT_SIZE, INPUT_SIZE))),
                    output -> output.get(0).toFloatArray());
        } catch (TranslateException | RuntimeException e) {
            throw new StageException("YOLOX detector failed on " + photo.photo().path() + " (model " + network.file() + "): "
                    + e.getMessage(), e);
        }
        networkRuns.incrementAndGet();
        return new GridOutput(raw, letterbox.geometry());
    }

    /**
     * How many times this detector ran its network (not counting answers taken from a photo's scratch): for tests and
     * benchmarks that check each model runs once per photo.
     *
     * @return the count since this detector was created
     */
    public long networkRuns() {
        return networkRuns.get();
    }

    /** Evaluation mode with {@link EvalSettings#coco()}: the boxes {@code eval} and {@code calibrate} score. */
    @Override
    public List<Detection> detectForEvaluation(DecodedPhoto photo) throws StageException {
        return detectAll(photo, EvalSettings.coco());
    }

    /** Thread-safe: the decoder and configuration are immutable, the {@link Network} is thread-safe. */
    @Override
    public boolean threadSafe() {
        return true;
    }

    /** The production threshold of {@link #config()}. */
    @Override
    public double threshold() {
        return config.threshold();
    }

    /** Where the production threshold comes from ({@link YoloxConfig#thresholdSource()}). */
    @Override
    public String thresholdSource() {
        return config.thresholdSource();
    }

    /** The configured classes ({@link YoloxConfig#classes()}). */
    @Override
    public List<String> labels() {
        return config.classes();
    }

    /** {@link EvalSettings#coco()} in words. */
    @Override
    public String evaluationSettings() {
        return EvalSettings.coco().describe();
    }

    private static List<String> readLabels(Path file) throws StageException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip).toList();
        } catch (IOException e) {
            throw new StageException("YOLOX detector: cannot read class names " + file + ": " + e.getMessage(), e);
        }
    }
}
