package io.phototriage.models.sd;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.djl.DjlRuntime;
import io.phototriage.models.djl.ModelLoadException;
import java.nio.file.Path;
import java.util.function.Function;

/** One TorchScript file of a model folder with its predictor; runs a call in its own {@link NDManager} scope. */
final class TorchScriptPart implements AutoCloseable {
    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private final Path file;

    private TorchScriptPart(ZooModel<NDList, NDList> model, Path file) {
        this.model = model;
        this.file = file;
        try {
            this.predictor = model.newPredictor();
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    static TorchScriptPart load(ResolvedModel resolved, String role) throws ModelLoadException {
        Path file = resolved.file(role);
        ZooModel<NDList, NDList> zoo = DjlRuntime.loadTorchScript(file);
        try {
            return new TorchScriptPart(zoo, file);
        } catch (RuntimeException e) {
            throw new ModelLoadException("cannot create a predictor for " + file + ": " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    /**
     * Builds the inputs with {@code inputs} in a fresh scope, runs the part and returns its first output as floats,
     * checking its shape.
     */
    float[] run(Function<NDManager, NDList> inputs, Shape expected, String what) throws StageException {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList output = predictor.predict(inputs.apply(manager));
            output.attach(manager);
            NDArray first = output.get(0);
            if (!first.getShape().equals(expected)) {
                throw new StageException(what + " " + file + " returned shape " + first.getShape() + ", the contract says "
                        + expected + "; the file does not match its manifest, re-export the model");
            }
            return first.toFloatArray();
        } catch (TranslateException | RuntimeException e) {
            throw new StageException(what + " " + file + " failed: " + e.getMessage(), e);
        }
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
