package io.phototriage.models.yolox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phototriage.core.eval.TrainingSplit;
import io.phototriage.core.model.ModelFile;
import io.phototriage.core.model.ModelManifest;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.models.djl.DjlRuntime;
import io.phototriage.models.resnet.ResNetTrainer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@link YoloxTrainer}'s best weights as they appear: the fine-tuned module, the class names and a manifest
 * with the training's provenance (data set, split, config, every epoch so far), so that the output folder is always
 * a detector {@link FineTunedYoloxDetector#load(Path)} opens.
 */
final class YoloxCheckpoint {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ResolvedModel start;
    private final DetectorDataset data;
    private final Path outDir;
    private final YoloxTrainingConfig config;
    private final TrainingSplit split;

    /**
     * A writer for one fine-tuning.
     *
     * @param start  the starting folder (its file names, contract and provenance are kept)
     * @param data   the data set trained on
     * @param outDir the existing folder to write into
     * @param config the training's settings, recorded in the manifest
     * @param split  which images trained and which were held out
     */
    YoloxCheckpoint(ResolvedModel start, DetectorDataset data, Path outDir, YoloxTrainingConfig config, TrainingSplit split) {
        this.start = start;
        this.data = data;
        this.outDir = outDir;
        this.config = config;
        this.split = split;
    }

    /**
     * Writes the session's current weights, the class names and the manifest with the training's provenance
     * (weights and manifest through a temporary file each, moved into place).
     *
     * @param session  the training session whose weights are written
     * @param reports  the epochs so far; the last is the one saved
     * @param baseline the held-out mAP and mAP50 before training
     * @param seconds  the fine-tuning's wall time so far
     * @throws IOException when a file cannot be written
     */
    void write(YoloxTrainingSession session, List<YoloxTrainer.EpochReport> reports, double[] baseline, double seconds)
            throws IOException {
        String modelFile = start.manifest().files().get(FineTunedYoloxDetector.ROLE_MODEL).path();
        String labelsFile = start.manifest().files().get(FineTunedYoloxDetector.ROLE_LABELS).path();
        Path tmp = outDir.resolve(modelFile + ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
            session.writeModule(out);
        }
        Files.move(tmp, outDir.resolve(modelFile), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(outDir.resolve(labelsFile), String.join("\n", data.classes()) + "\n");
        ObjectNode contract = start.manifest().contract().deepCopy();
        contract.put("weights", "fine-tuned by YoloxTrainer from " + start.manifest().name() + " ("
                + start.weightsId(FineTunedYoloxDetector.ROLE_MODEL) + ")");
        ObjectNode training = contract.putObject("training");
        YoloxTrainer.EpochReport best = reports.get(reports.size() - 1);
        training.put("dataset", data.name());
        training.put("dataset_dir", data.root().toAbsolutePath().normalize().toString());
        training.put("annotations_sha256", ModelStore.sha256(data.root().resolve("annotations.json")));
        training.put("epoch", best.epoch());
        training.put("held_out_map", best.heldOutMap());
        training.put("held_out_map50", best.heldOutMap50());
        training.put("baseline_held_out_map", baseline[0]);
        training.put("baseline_held_out_map50", baseline[1]);
        training.put("seconds_so_far", seconds);
        training.put("threads", ResNetTrainer.TRAINING_THREADS);
        training.set("config", JSON.valueToTree(config));
        ArrayNode epochs = training.putArray("epochs");
        reports.forEach(r -> epochs.add(JSON.valueToTree(r)));
        ObjectNode splitNode = training.putObject("split");
        splitNode.put("method", split.method());
        splitNode.put("held_out_fraction", split.testFraction());
        splitNode.put("seed", split.seed());
        splitNode.set("train", JSON.valueToTree(split.train()));
        splitNode.set("held_out", JSON.valueToTree(split.heldOut()));
        training.set("warnings", JSON.valueToTree(data.warnings()));
        Map<String, ModelFile> files = new LinkedHashMap<>();
        files.put(FineTunedYoloxDetector.ROLE_MODEL, new ModelFile(modelFile, ModelStore.sha256(outDir.resolve(modelFile))));
        files.put(FineTunedYoloxDetector.ROLE_LABELS, new ModelFile(labelsFile, ModelStore.sha256(outDir.resolve(labelsFile))));
        Path abs = outDir.toAbsolutePath().normalize();
        ModelManifest manifest = new ModelManifest(abs.getFileName().toString(), DjlRuntime.PYTORCH, files, contract,
                "fine-tuned by YoloxTrainer on " + data.name() + " from " + start.manifest().name() + " ("
                        + start.manifest().source() + ")");
        Path manifestTmp = outDir.resolve(ModelManifest.FILE_NAME + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(manifestTmp.toFile(), manifest.toJson());
        Files.move(manifestTmp, outDir.resolve(ModelManifest.FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
    }
}
