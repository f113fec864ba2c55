package io.phototriage.models.lite;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelManifest;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.djl.DjlRuntime;
import java.nio.file.Path;

/**
 * One ONNX network of the lite set with its predictor, loaded after the sha256 check and closed together: the part
 * every lite stage shares. Not thread-safe (one predictor).
 */
public final class OnnxNetwork implements AutoCloseable {
    private final ModelInfo info;
    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;

    private OnnxNetwork(ModelInfo info, ZooModel<NDList, NDList> model) {
        this.info = info;
        this.model = model;
        this.predictor = model.newPredictor();
    }

    /**
     * Resolves {@code modelsDir/folder} with the shipped {@code manifest} (checking only the file of {@code role}) and
     * loads that file with DJL's OnnxRuntime engine.
     *
     * @param modelName  the name recorded in every result this network produces
     * @param stageLabel how errors name the stage, e.g. {@code "DeepLab segmenter"}
     * @throws StageException if the folder or file is missing or corrupt, or the runtime cannot load it
     */
    public static OnnxNetwork load(Path modelsDir, String folder, ModelManifest manifest, String role, String modelName,
            String stageLabel) throws StageException {
        ResolvedModel resolved;
        try {
            resolved = LiteModels.resolve(modelsDir, folder, manifest, role);
        } catch (ModelException e) {
            throw new StageException(stageLabel + ": " + e.getMessage(), e);
        }
        ZooModel<NDList, NDList> model = DjlRuntime.loadOnnx(resolved.file(role));
        try {
            return new OnnxNetwork(new ModelInfo(modelName, resolved.weightsId(role), DjlRuntime.ONNX_RUNTIME), model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Which model and weights this is. */
    public ModelInfo info() {
        return info;
    }

    /** A scope for one call's tensors; close it when the call's outputs have been copied out. */
    public NDManager newScope() {
        return model.getNDManager().newSubManager();
    }

    public NDList predict(NDList input) throws TranslateException {
        return predictor.predict(input);
    }

    @Override
    public void close() {
        try {
            predictor.close();
        } finally {
            model.close();
        }
    }
}
