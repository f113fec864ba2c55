package io.phototriage.models.djl;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.Closeables;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.StageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;

/**
 * One network file loaded by DJL for either engine (ONNX through OnnxRuntime, TorchScript through PyTorch) together
 * with its predictor: the part every model wrapper of this library shares. It owns the DJL {@link ZooModel} and its
 * {@link Predictor} and closes both; a failure while opening closes what was already opened.
 *
 * <p>Each {@link #call} runs in its own {@link NDManager} scope: the caller builds the inputs in that scope, reads
 * the outputs into plain Java (arrays, records) and the scope, with every tensor of the call, is closed before
 * {@code call} returns. Wrappers keep their pre- and post-processing and expose only plain Java; nothing of type
 * {@code NDArray} needs to leave them.
 *
 * <p>Files are sha256-checked by {@link io.phototriage.core.model.ModelStore} when a folder is resolved; open a
 * network from a {@link ResolvedModel} ({@link #load(ResolvedModel, String, String)}) so that only checked files are
 * loaded.
 *
 * <p>Thread-safe: {@link #call} and {@link #predict} may run on several threads at once. DJL's {@link ZooModel} (the
 * loaded weights, one ONNX Runtime session or TorchScript module) is shared, and each concurrent call borrows a
 * {@link Predictor} of its own (DJL predictors are single-threaded), made on first need and kept for the next call, so
 * a pipeline with several workers runs one model on several photos at once without a second copy of the weights.
 * {@link #close()} must not overlap a call.
 */
public final class Network implements AutoCloseable {
    private final ZooModel<NDList, NDList> model;
    /** Predictors not in use right now; a call takes one (or makes one) and puts it back. */
    private final ConcurrentLinkedDeque<Predictor<NDList, NDList>> idle = new ConcurrentLinkedDeque<>();
    /** Every predictor made, to close them all. */
    private final List<Predictor<NDList, NDList>> made = new ArrayList<>();
    private final Path file;
    private final ModelInfo info;

    private Network(ZooModel<NDList, NDList> model, Path file, ModelInfo info) {
        this.model = model;
        this.file = file;
        this.info = info;
        idle.push(newPredictor());
    }

    private Predictor<NDList, NDList> newPredictor() {
        Predictor<NDList, NDList> predictor = model.newPredictor();
        synchronized (made) {
            made.add(predictor);
        }
        return predictor;
    }

    /**
     * Reads the outputs of one forward pass into plain Java while they are still open.
     *
     * @param <T> what the call returns
     */
    @FunctionalInterface
    public interface Outputs<T> {
        /**
         * Copies what the caller needs out of {@code outputs}; the tensors are closed right after.
         *
         * @param outputs the predictor's output tensors, in the model's output order
         * @return plain Java values (never tensors)
         * @throws StageException if the outputs break the model's contract (shape, count); the message says which
         */
        T read(NDList outputs) throws StageException;
    }

    /**
     * Loads the file of {@code role} of a resolved (sha256-checked) model folder with the engine its manifest names
     * ({@link DjlRuntime#ONNX_RUNTIME} or {@link DjlRuntime#PYTORCH}).
     *
     * @param resolved  the model folder, its files checked against the manifest
     * @param role      which of its files, as the manifest names it (e.g. {@code model})
     * @param modelName the name recorded in {@link #info()}, and so in every result this network produces
     * @return the loaded network with one predictor; close it when done
     * @throws ModelLoadException if the engine is neither, the runtime cannot load the file or cannot make a predictor
     */
    public static Network load(ResolvedModel resolved, String role, String modelName) throws ModelLoadException {
        Objects.requireNonNull(resolved, "resolved");
        Path file = resolved.file(role);
        String engine = resolved.manifest().engine();
        return open(file, engine, Map.of(), new ModelInfo(modelName, resolved.weightsId(role), engine));
    }

    /**
     * As {@link #load(ResolvedModel, String, String)} for an ONNX model, with its own session options instead of
     * {@link OrtSessionOptions#fromSystemProperties()} (e.g. more threads for a network that runs alone).
     *
     * @param resolved  the model folder, its files checked against the manifest; its engine must be OnnxRuntime
     * @param role      which of its files
     * @param modelName the name recorded in {@link #info()}
     * @param options   the ONNX Runtime session options
     * @return the loaded network; close it when done
     * @throws ModelLoadException if the manifest's engine is not OnnxRuntime, or the file cannot be loaded
     */
    public static Network load(ResolvedModel resolved, String role, String modelName, OrtSessionOptions options)
            throws ModelLoadException {
        Objects.requireNonNull(resolved, "resolved");
        Objects.requireNonNull(options, "options");
        Path file = resolved.file(role);
        String engine = resolved.manifest().engine();
        if (!DjlRuntime.ONNX_RUNTIME.equals(engine)) {
            throw new ModelLoadException("cannot load " + file + " with ONNX Runtime session options: its manifest says"
                    + " engine '" + engine + "'");
        }
        return wrap(DjlRuntime.loadOnnx(file, options), file, new ModelInfo(modelName, resolved.weightsId(role), engine));
    }

    /**
     * Loads an ONNX file with the OnnxRuntime engine; {@link #info()} names the file.
     *
     * @param file the {@code .onnx} file
     * @return the loaded network; close it when done
     * @throws ModelLoadException if the runtime cannot load the file or cannot make a predictor
     */
    public static Network onnx(Path file) throws ModelLoadException {
        return open(file, DjlRuntime.ONNX_RUNTIME, Map.of(), null);
    }

    /**
     * Loads a TorchScript file with the PyTorch engine; {@link #info()} names the file.
     *
     * @param file the TorchScript file
     * @return the loaded network; close it when done
     * @throws ModelLoadException if the runtime cannot load the file or cannot make a predictor
     */
    public static Network torchScript(Path file) throws ModelLoadException {
        return open(file, DjlRuntime.PYTORCH, Map.of(), null);
    }

    /**
     * Loads a TorchScript file with PyTorch engine options, e.g. {@code trainParam=true} so that a DJL
     * {@code Trainer} updates its parameters (see {@link DjlRuntime#loadTorchScript(Path, Map)}).
     *
     * @param file    the TorchScript file
     * @param options PyTorch engine options passed to DJL's model loading
     * @return the loaded network; close it when done
     * @throws ModelLoadException if the runtime cannot load the file or cannot make a predictor
     */
    public static Network torchScript(Path file, Map<String, String> options) throws ModelLoadException {
        return open(file, DjlRuntime.PYTORCH, options, null);
    }

    private static Network open(Path file, String engine, Map<String, String> options, ModelInfo info)
            throws ModelLoadException {
        Objects.requireNonNull(file, "file");
        ZooModel<NDList, NDList> model;
        if (DjlRuntime.ONNX_RUNTIME.equals(engine) && options.isEmpty()) {
            model = DjlRuntime.loadOnnx(file);
        } else if (DjlRuntime.PYTORCH.equals(engine)) {
            model = DjlRuntime.loadTorchScript(file, options);
        } else {
            throw new ModelLoadException("cannot load " + file + ": engine '" + engine + "' with options " + options
                    + " is not supported; use " + DjlRuntime.ONNX_RUNTIME + " (no options) or " + DjlRuntime.PYTORCH);
        }
        ModelInfo described = info != null ? info
                : new ModelInfo(file.getFileName().toString(), file.getFileName().toString(), engine);
        return wrap(model, file, described);
    }

    private static Network wrap(ZooModel<NDList, NDList> model, Path file, ModelInfo info) throws ModelLoadException {
        try {
            return new Network(model, file, info);
        } catch (RuntimeException e) {
            model.close();
            throw new ModelLoadException("cannot create a predictor for " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * One forward pass in a fresh scope: {@code inputs} builds the input tensors in the scope, the predictor runs,
     * {@code outputs} reads the results into plain Java, then the scope and all its tensors are closed.
     *
     * @param <T>     what {@code outputs} returns
     * @param inputs  builds the input tensors in the given scope
     * @param outputs copies the results out of the output tensors
     * @return what {@code outputs} returned
     * @throws TranslateException if the predictor fails
     * @throws StageException     if {@code outputs} rejects the results
     */
    public <T> T call(Function<NDManager, NDList> inputs, Outputs<T> outputs) throws TranslateException, StageException {
        try (NDManager scope = newScope()) {
            NDList result = predict(inputs.apply(scope));
            result.attach(scope);
            return outputs.read(result);
        }
    }

    /**
     * A scope for one call's tensors, for callers that run several steps in it; close it when done.
     *
     * @return a new sub-manager of the model's manager
     */
    public NDManager newScope() {
        return model.getNDManager().newSubManager();
    }

    /**
     * Runs the predictor on tensors of a scope from {@link #newScope()}; attach the outputs to that scope so that
     * closing it frees them.
     *
     * @param input tensors made in a scope from {@link #newScope()}
     * @return the output tensors
     * @throws TranslateException if the predictor fails
     */
    public NDList predict(NDList input) throws TranslateException {
        Predictor<NDList, NDList> predictor = idle.poll();
        if (predictor == null) {
            predictor = newPredictor();
        }
        try {
            return predictor.predict(input);
        } finally {
            idle.push(predictor);
        }
    }

    /**
     * The network as a DJL block, to compose it with other blocks (e.g. a head trained on top of a TorchScript
     * backbone). The block belongs to this network: it is freed by {@link #close()}.
     *
     * @return the model's block
     */
    public Block block() {
        return model.getBlock();
    }

    /**
     * Which model and weights this is: the resolved folder's name and sha256 prefix, or the file's name.
     *
     * @return the model info recorded in results
     */
    public ModelInfo info() {
        return info;
    }

    /**
     * The file this network was loaded from.
     *
     * @return the model file's path
     */
    public Path file() {
        return file;
    }

    /** Closes the predictors, then the model, even if closing a predictor fails. */
    @Override
    public void close() {
        List<Predictor<NDList, NDList>> predictors;
        synchronized (made) {
            predictors = new ArrayList<>(made);
            made.clear();
        }
        idle.clear();
        List<AutoCloseable> owned = new ArrayList<>(predictors);
        owned.add(model);
        Closeables.closeAll(owned);
    }

    @Override
    public String toString() {
        return "Network[" + info.weights() + ", " + info.engine() + ", " + file + "]";
    }
}
