package io.phototriage.models.yolox;

import ai.djl.ndarray.NDList;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.PhotoScratch;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelManifest;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.djl.Network;
import io.phototriage.models.lite.LiteModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
public final class YoloxDetector extends YoloxStage {
    /** The model's folder inside the models folder. */
    public static final String FOLDER = "yolox-nano";
    /** The square input side. */
    public static final int INPUT_SIZE = 416;
    /** The manifest that ships with the code (the lite folder has none), next to this class. */
    public static final String MANIFEST_RESOURCE = "yolox-nano.manifest.json";
    /** The input part of this network's {@link PhotoScratch.Key}: YOLOX's letterbox at {@link #INPUT_SIZE}. */
    public static final String SCRATCH_INPUT = "yolox letterbox " + INPUT_SIZE + " BGR 0..255 pad 114";

    private YoloxDetector(Network network, YoloxDecoder decoder, YoloxConfig config) {
        super("yolox", config, network, decoder);
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
     * @throws IllegalStateException when the resource is missing or unreadable (a packaging bug)
     */
    public static ModelManifest manifest() {
        return LiteModels.manifest(YoloxDetector.class, MANIFEST_RESOURCE);
    }

    /** The ONNX model's grid is already decoded (sigmoid applied inside the graph). */
    @Override
    float[] grid(NDList outputs) {
        return outputs.get(0).toFloatArray();
    }

    /** Thread-safe: the decoder and configuration are immutable, the {@link io.phototriage.models.djl.Network} is thread-safe. */
    @Override
    public boolean threadSafe() {
        return true;
    }

    private static List<String> readLabels(Path file) throws StageException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip).toList();
        } catch (IOException e) {
            throw new StageException("YOLOX detector: cannot read class names " + file + ": " + e.getMessage(), e);
        }
    }
}
