package io.phototriage.models.djl;

import ai.djl.MalformedModelException;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import io.phototriage.core.model.ModelException;
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
        }
        if (System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    /**
     * Loads an ONNX file with the OnnxRuntime engine and the session options of
     * {@link OrtSessionOptions#fromSystemProperties()}; tensors in and out as {@link NDList}.
     */
    public static ZooModel<NDList, NDList> loadOnnx(Path file) throws ModelLoadException {
        return load(file, ONNX_RUNTIME, OrtSessionOptions.fromSystemProperties().djlOptions());
    }

    /** Loads a TorchScript {@code .pt} file with the PyTorch engine; tensors in and out as {@link NDList}. */
    public static ZooModel<NDList, NDList> loadTorchScript(Path file) throws ModelLoadException {
        return load(file, PYTORCH, Map.of());
    }

    /**
     * Loads a TorchScript file with engine options, e.g. {@code trainParam=true} so that DJL's {@code Trainer} can
     * update its parameters (PyTorch engine options: see DJL's {@code PtModel#load}).
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
        String fileName = file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        Criteria.Builder<NDList, NDList> builder = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(file.toAbsolutePath().getParent())
                .optModelName(dot > 0 ? fileName.substring(0, dot) : fileName)
                .optEngine(engine)
                .optTranslator(new NoopTranslator());
        options.forEach(builder::optOption);
        Criteria<NDList, NDList> criteria = builder.build();
        try {
            return criteria.loadModel();
        } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
            throw new ModelLoadException("cannot load " + file + " with DJL " + engine + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a Hugging Face {@code tokenizer.json} with DJL's native tokenizers binding (shipped in its jar), set up to
     * add the special tokens, truncate and pad every text to exactly {@code length} ids, as the CLIP-family text
     * encoders are traced.
     *
     * @param exportFamily the export tool family that writes this tokenizer, named in the error message
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
