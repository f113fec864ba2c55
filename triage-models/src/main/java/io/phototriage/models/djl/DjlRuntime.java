package io.phototriage.models.djl;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Loads models with DJL strictly offline: from files on disk, with the native libraries that are on the class
 * path. Nothing here reaches a network (no model zoo, no native download, no usage tracking).
 */
public final class DjlRuntime {
    /** DJL engine name for TorchScript. */
    public static final String PYTORCH = "PyTorch";
    /** DJL engine name for ONNX. */
    public static final String ONNX_RUNTIME = "OnnxRuntime";
    /** DJL's switch that stops the OnnxRuntime engine from initialising a second engine for missing operators. */
    public static final String ONNX_DISABLE_ALTERNATIVE = "ai.djl.onnx.disable_alternative";
    /**
     * Set to {@code true} to let OnnxRuntime pick DJL's default device (a GPU with the {@code onnxruntime_gpu} jar);
     * by default ONNX models run on the CPU, so a CPU machine never probes for CUDA.
     */
    public static final String ONNX_GPU_PROPERTY = "phototriage.onnx.gpu";

    static {
        ensureOffline();
    }

    private DjlRuntime() {}

    /**
     * Sets {@code ai.djl.offline=true} and {@code OPT_OUT_TRACKING=true} unless the user set them, so DJL neither
     * downloads native libraries nor calls a tracking endpoint. Called before any model is loaded.
     */
    public static void ensureOffline() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
            // set for DJL's sake, not by the user: model downloads (ModelRepository) stay allowed
            System.setProperty(ModelRepository.DJL_OFFLINE_IMPLICIT_PROPERTY, "true");
        }
        if (System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
        // DJL's OnnxRuntime engine otherwise borrows the default engine (PyTorch, when its jar is on the class path)
        // for NDArray operations ORT lacks, which initialises libtorch even though only ONNX runs: the lite stages
        // build their tensors from float[] and read them back, so they never need it.
        if (System.getProperty(ONNX_DISABLE_ALTERNATIVE) == null) {
            System.setProperty(ONNX_DISABLE_ALTERNATIVE, "true");
        }
    }

    /**
     * Checks that DJL engine {@code engine} is on the class path and its native library loads, without an
     * {@link Error} escaping: a missing jar or native becomes a {@link ModelLoadException} naming the Maven
     * dependencies to add.
     *
     * @param engine the DJL engine name, {@link #PYTORCH} or {@link #ONNX_RUNTIME}
     * @throws ModelLoadException if the engine cannot be started
     */
    public static void requireEngine(String engine) throws ModelLoadException {
        ensureOffline();
        String providerClass = PYTORCH.equals(engine) ? "ai.djl.pytorch.engine.PtEngineProvider"
                : ONNX_RUNTIME.equals(engine) ? "ai.djl.onnxruntime.engine.OrtEngineProvider" : null;
        if (providerClass != null) {
            try {
                Class.forName(providerClass, false, DjlRuntime.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new ModelLoadException("the DJL " + engine + " engine is not on the class path; add " + dependencies(engine), e);
            }
        }
        try {
            if (!Engine.hasEngine(engine)) {
                throw new ModelLoadException("the DJL " + engine + " engine is not on the class path; add " + dependencies(engine));
            }
            Engine started = Engine.getEngine(engine);
            if (ONNX_RUNTIME.equals(engine) && !Boolean.getBoolean(ONNX_GPU_PROPERTY)) {
                pinCpu(started);
            }
        } catch (RuntimeException | LinkageError e) {
            throw new ModelLoadException("the DJL " + engine + " engine cannot start (" + rootMessage(e) + "); add "
                    + dependencies(engine), e);
        }
    }

    /**
     * Gives the OnnxRuntime engine the CPU as its default device before it makes its first tensor manager. DJL 0.29
     * otherwise asks the engine whether it can run CUDA (it tries to add ORT's CUDA provider, which logs a warning on
     * every machine without one) even when the model is loaded on the CPU, and has no setting for it; the field is
     * set only while it is still unset, and a DJL that lacks it simply keeps the warning.
     */
    private static void pinCpu(Engine engine) {
        try {
            java.lang.reflect.Field field = Engine.class.getDeclaredField("defaultDevice");
            field.setAccessible(true);
            synchronized (engine) {
                if (field.get(engine) == null) {
                    field.set(engine, Device.cpu());
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a different DJL: the engine asks for CUDA itself and may log that it has none
        }
    }

    /** The Maven dependencies that bring {@code engine} and its native library, as advice in error messages. */
    static String dependencies(String engine) {
        if (PYTORCH.equals(engine)) {
            return "ai.djl.pytorch:pytorch-engine, ai.djl.pytorch:pytorch-jni and the native library for your platform, "
                    + "e.g. ai.djl.pytorch:pytorch-native-cpu with classifier linux-x86_64 (or pytorch-native-cu121 for a "
                    + "GPU); import io.phototriage:triage-bom for their versions (docs/using-the-library.md)";
        }
        if (ONNX_RUNTIME.equals(engine)) {
            return "ai.djl.onnxruntime:onnxruntime-engine (it brings com.microsoft.onnxruntime:onnxruntime); "
                    + "import io.phototriage:triage-bom for the versions (docs/using-the-library.md)";
        }
        return "the DJL engine " + engine;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e) : e + ", caused by " + t;
    }

    /**
     * Loads an ONNX file with the OnnxRuntime engine and the session options of
     * {@link OrtSessionOptions#fromSystemProperties()}; tensors in and out as {@link NDList}.
     *
     * @param file the {@code .onnx} file
     * @return the loaded model; the caller closes it
     * @throws ModelLoadException if the engine cannot be started or the file cannot be loaded
     */
    public static ZooModel<NDList, NDList> loadOnnx(Path file) throws ModelLoadException {
        return loadOnnx(file, OrtSessionOptions.fromSystemProperties());
    }

    /**
     * Loads an ONNX file with the OnnxRuntime engine and the given session options.
     *
     * @param file    the {@code .onnx} file
     * @param options the session options (threads, optimisation level, ...)
     * @return the loaded model; the caller closes it
     * @throws ModelLoadException if the engine cannot be started or the file cannot be loaded
     */
    public static ZooModel<NDList, NDList> loadOnnx(Path file, OrtSessionOptions options) throws ModelLoadException {
        return load(file, ONNX_RUNTIME, options.djlOptions());
    }

    /**
     * Loads a TorchScript {@code .pt} file with the PyTorch engine; tensors in and out as {@link NDList}.
     *
     * @param file the TorchScript file
     * @return the loaded model; the caller closes it
     * @throws ModelLoadException if the engine cannot be started or the file cannot be loaded
     */
    public static ZooModel<NDList, NDList> loadTorchScript(Path file) throws ModelLoadException {
        return load(file, PYTORCH, Map.of());
    }

    /**
     * Loads a TorchScript file with engine options, e.g. {@code trainParam=true} so that DJL's {@code Trainer} can
     * update its parameters (PyTorch engine options: see DJL's {@code PtModel#load}).
     *
     * @param file    the TorchScript file
     * @param options PyTorch engine options
     * @return the loaded model; the caller closes it
     * @throws ModelLoadException if the engine cannot be started or the file cannot be loaded
     */
    public static ZooModel<NDList, NDList> loadTorchScript(Path file, Map<String, String> options) throws ModelLoadException {
        return load(file, PYTORCH, options);
    }

    private static ZooModel<NDList, NDList> load(Path file, String engine, Map<String, String> options)
            throws ModelLoadException {
        ensureOffline();
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("model file not found: " + file);
        }
        requireEngine(engine);
        String fileName = file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        Criteria.Builder<NDList, NDList> builder = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(file.toAbsolutePath().getParent())
                .optModelName(dot > 0 ? fileName.substring(0, dot) : fileName)
                .optEngine(engine)
                .optTranslator(new NoopTranslator());
        if (ONNX_RUNTIME.equals(engine) && !Boolean.getBoolean(ONNX_GPU_PROPERTY)) {
            // an explicit device: DJL does not ask the engine for CUDA (which logs a warning on every CPU machine)
            builder.optDevice(Device.cpu());
        }
        options.forEach(builder::optOption);
        Criteria<NDList, NDList> criteria = builder.build();
        try {
            return criteria.loadModel();
        } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
            throw new ModelLoadException("cannot load " + file + " with DJL " + engine + ": " + e.getMessage(), e);
        } catch (LinkageError e) {
            throw new ModelLoadException("cannot load " + file + " with DJL " + engine + ": its native library failed ("
                    + rootMessage(e) + "); add " + dependencies(engine), e);
        }
    }

    /**
     * Loads a Hugging Face {@code tokenizer.json} with DJL's native tokenizers binding (shipped in its jar), set up to
     * add the special tokens, truncate and pad every text to exactly {@code length} ids, as the CLIP-family text
     * encoders are traced.
     *
     * @param file         the {@code tokenizer.json}
     * @param length       the exact number of ids per text (the text encoder's context length)
     * @param exportFamily the export tool family that writes this tokenizer, named in the error message
     * @return the tokenizer; the caller closes it
     * @throws ModelException when the file cannot be read as a tokenizer
     */
    public static HuggingFaceTokenizer loadPaddedTokenizer(Path file, int length, String exportFamily) throws ModelException {
        ensureOffline();
        try {
            return HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(true)
                    .optMaxLength(length)
                    .optTruncation(true)
                    .optPadToMaxLength()
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new ModelException("cannot read the tokenizer " + file + ": " + e.getMessage()
                    + "; re-export the model with tools/export/export.py " + exportFamily, e);
        }
    }
}
