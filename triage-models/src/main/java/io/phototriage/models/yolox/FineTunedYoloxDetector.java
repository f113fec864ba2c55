package io.phototriage.models.yolox;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.djl.Network;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A YOLOX detector on a trainable TorchScript folder: the one {@code tools/export/export.py yolox-trainable} writes
 * (the pretrained YOLOX-Nano with a head for chosen classes) or one {@link YoloxTrainer} fine-tuned, on DJL's PyTorch
 * engine.
 *
 * <p>The folder ({@value #ROLE_MODEL} and {@value #ROLE_LABELS} in its {@code manifest.json}, contract
 * {@code "role": "yolox-trainable"}) maps the {@link Letterbox} input to the raw head outputs {@code [1, 3549, 5 + C]}
 * (box regressions, objectness and class logits); this detector applies the sigmoid to the logits and then runs the
 * same {@link YoloxDecoder} as {@link YoloxDetector}, so before fine-tuning both give the same boxes and scores on the
 * folder's classes (within float rounding). The classes are the folder's own ({@code classes.names}), every one kept.
 * Each call runs in its own {@link ai.djl.ndarray.NDManager} scope and only plain Java leaves it.
 */
public final class FineTunedYoloxDetector extends YoloxStage {
    /** The manifest role of the TorchScript file. */
    public static final String ROLE_MODEL = "model";
    /** The manifest role of the class names file (one per line, in head order). */
    public static final String ROLE_LABELS = "labels";
    /** The contract's {@code role} of a trainable or fine-tuned YOLOX folder. */
    public static final String CONTRACT_ROLE = "yolox-trainable";

    private final ResolvedModel folder;

    private FineTunedYoloxDetector(Network network, YoloxDecoder decoder, YoloxConfig config, ResolvedModel folder) {
        super("yolox-finetuned", config, network, decoder);
        this.folder = folder;
    }

    /**
     * Loads a detector folder, checking every file's sha256 first.
     *
     * @param dir the folder (with {@code manifest.json})
     * @return the detector at the folder's calibrated threshold ({@link #calibratedThreshold}) or, when the folder has
     *         none, the committed YOLOX-Nano calibration's
     * @throws StageException when the folder, a file or the contract is missing or wrong, or the engine cannot load it
     */
    public static FineTunedYoloxDetector load(Path dir) throws StageException {
        ResolvedModel resolved = resolve(dir);
        List<String> classes = classes(resolved);
        YoloxConfig config = calibratedThreshold(resolved)
                .map(t -> new YoloxConfig(classes, t, "calibrated on the held-out split by the fine-tuning (" + dir.getFileName() + ")"))
                .orElseGet(() -> YoloxConfig.withCalibration(classes, YoloxConfig.defaultCalibration()));
        return load(resolved, config);
    }

    /**
     * Loads a resolved detector folder with an explicit configuration.
     *
     * @param resolved the checked folder
     * @param config   its classes must be the folder's, in the folder's order; the threshold is used in production
     * @return the detector, owning its network
     * @throws StageException when the contract is wrong, the classes differ from the folder's, or loading fails
     */
    public static FineTunedYoloxDetector load(ResolvedModel resolved, YoloxConfig config) throws StageException {
        List<String> classes = classes(resolved);
        if (!classes.equals(config.classes())) {
            throw new StageException("YOLOX detector " + resolved.dir() + " was trained for classes " + classes
                    + ", not " + config.classes() + "; use the folder's classes (classes.names)");
        }
        int[] ids = new int[classes.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        Network network = Network.load(resolved, ROLE_MODEL, resolved.manifest().name());
        return new FineTunedYoloxDetector(network, new YoloxDecoder(YoloxDetector.INPUT_SIZE, ids, classes), config, resolved);
    }

    /**
     * Resolves and checks a detector folder: sha256 of every file, engine PyTorch, contract role
     * {@value #CONTRACT_ROLE}.
     *
     * @param dir the folder with {@code manifest.json}
     * @return the resolved folder
     * @throws StageException when the folder is missing, corrupt or not a YOLOX detector folder (the message says how
     *                        to make one)
     */
    public static ResolvedModel resolve(Path dir) throws StageException {
        Path abs = dir.toAbsolutePath().normalize();
        if (abs.getParent() == null || abs.getFileName() == null) {
            throw new StageException("YOLOX detector folder " + dir + " is not a folder path");
        }
        ResolvedModel resolved;
        try {
            resolved = ModelStore.at(abs.getParent()).resolve(abs.getFileName().toString());
        } catch (ModelException e) {
            throw new StageException("YOLOX detector: " + e.getMessage() + "; write one with `phototriage train-detector` or "
                    + "tools/export/export.py yolox-trainable", e);
        }
        String role = resolved.manifest().contract().path("role").asText("");
        if (!CONTRACT_ROLE.equals(role)) {
            throw new StageException("YOLOX detector: " + abs + "/manifest.json has contract role '" + role + "', not '"
                    + CONTRACT_ROLE + "'; it is not a trainable YOLOX folder");
        }
        if (resolved.manifest().contract().path("input_size").asInt(YoloxDetector.INPUT_SIZE) != YoloxDetector.INPUT_SIZE) {
            throw new StageException("YOLOX detector: " + abs + " has input size "
                    + resolved.manifest().contract().path("input_size") + "; only " + YoloxDetector.INPUT_SIZE + " is supported");
        }
        return resolved;
    }

    /**
     * The folder's classes, in head order, from its {@value #ROLE_LABELS} file.
     *
     * @param resolved a checked detector folder
     * @return the class names
     * @throws StageException when the file cannot be read or is empty
     */
    public static List<String> classes(ResolvedModel resolved) throws StageException {
        Path file = resolved.file(ROLE_LABELS);
        try {
            List<String> names = java.nio.file.Files.readAllLines(file).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (names.isEmpty()) {
                throw new StageException("YOLOX detector: " + file + " names no class");
            }
            return names;
        } catch (java.io.IOException e) {
            throw new StageException("YOLOX detector: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The production threshold the fine-tuning calibrated on its held-out split, if the folder records one
     * ({@code contract.training.calibrated_threshold}).
     *
     * @param resolved a checked detector folder
     * @return the threshold, or empty
     */
    public static Optional<Double> calibratedThreshold(ResolvedModel resolved) {
        JsonNode t = resolved.manifest().contract().path("training").path("calibrated_threshold");
        return t.isNumber() && t.asDouble() > 0 && t.asDouble() <= 1 ? Optional.of(t.asDouble()) : Optional.empty();
    }

    /**
     * The folder this detector was loaded from.
     *
     * @return the resolved folder (manifest and files)
     */
    public ResolvedModel folder() {
        return folder;
    }

    /** The head's raw outputs with the sigmoid applied to objectness and class logits. */
    @Override
    float[] grid(NDList outputs) throws StageException {
        NDArray raw = outputs.get(0);
        long columns = raw.getShape().get(raw.getShape().dimension() - 1);
        NDArray reg = raw.get(":, :, :4");
        NDArray prob = Activation.sigmoid(raw.get(":, :, 4:"));
        NDArray both = reg.concat(prob, 2);
        if (columns != 5 + config.classes().size()) {
            throw new StageException("YOLOX detector " + network.file() + " outputs " + columns
                    + " columns per anchor, not 5 + " + config.classes().size() + " classes");
        }
        return both.toFloatArray();
    }
}
