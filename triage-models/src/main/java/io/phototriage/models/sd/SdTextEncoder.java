package io.phototriage.models.sd;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.Closeables;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.djl.DjlRuntime;
import io.phototriage.models.djl.ModelLoadException;
import java.nio.file.Path;

/**
 * The CLIP text encoder of a Stable Diffusion model ({@code text_encoder.pt}) with its tokenizer
 * ({@code tokenizer.json}): prompt in, the {@code [77, D]} hidden states the UNet cross-attends to out. Prompts are
 * padded with end-of-text and truncated to the context length, as SD pipelines do. Close it when done.
 */
public final class SdTextEncoder implements AutoCloseable {
    /** Manifest role of the TorchScript file. */
    public static final String ROLE = "text_encoder";
    /** Manifest role of the tokenizer. */
    public static final String TOKENIZER_ROLE = "tokenizer";

    private final TorchScriptPart part;
    private final HuggingFaceTokenizer tokenizer;
    private final SdContract contract;

    private SdTextEncoder(TorchScriptPart part, HuggingFaceTokenizer tokenizer, SdContract contract) {
        this.part = part;
        this.tokenizer = tokenizer;
        this.contract = contract;
    }

    /**
     * Loads the tokenizer and the text encoder of a resolved model folder.
     *
     * @param resolved the model folder, its files checked against the manifest
     * @param contract the contract read from the manifest (context length)
     * @return the encoder, owning its tokenizer and network
     * @throws ModelException     if the tokenizer cannot be read
     * @throws ModelLoadException if DJL cannot load the TorchScript file
     */
    public static SdTextEncoder load(ResolvedModel resolved, SdContract contract) throws ModelException, ModelLoadException {
        HuggingFaceTokenizer tokenizer = loadTokenizer(resolved.file(TOKENIZER_ROLE), contract.contextLength());
        try {
            return new SdTextEncoder(TorchScriptPart.load(resolved, ROLE), tokenizer, contract);
        } catch (ModelLoadException | RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    private static HuggingFaceTokenizer loadTokenizer(Path file, int contextLength) throws ModelException {
        return DjlRuntime.loadPaddedTokenizer(file, contextLength, "stable-diffusion");
    }

    /**
     * The {@code context_length} token ids of a prompt (start, tokens, end, end-of-text padding).
     *
     * @param prompt the text; truncated to the context length
     * @return exactly {@code context_length} ids
     */
    public long[] tokenize(String prompt) {
        Encoding e = tokenizer.encode(prompt);
        long[] ids = e.getIds();
        if (ids.length != contract.contextLength()) {
            throw new IllegalStateException("tokenizer " + tokenizer + " produced " + ids.length + " ids, the contract says "
                    + contract.contextLength());
        }
        return ids;
    }

    /**
     * The hidden states of a prompt.
     *
     * @param prompt the text
     * @return {@code [context_length, text_hidden_size]} floats, row-major
     * @throws StageException when the network fails
     */
    public float[] encode(String prompt) throws StageException {
        return encodeIds(tokenize(prompt));
    }

    /**
     * The hidden states of tokenised input ids.
     *
     * @param ids exactly {@code context_length} token ids
     * @return {@code [context_length, text_hidden_size]} floats, row-major
     * @throws StageException           when the network fails
     * @throws IllegalArgumentException when {@code ids} has another length
     */
    public float[] encodeIds(long[] ids) throws StageException {
        int len = contract.contextLength();
        if (ids.length != len) {
            throw new IllegalArgumentException("the text encoder takes " + len + " ids, got " + ids.length);
        }
        return part.run(m -> new NDList(m.create(ids, new Shape(1, len))), new Shape(1, len, contract.textHiddenSize()),
                "text encoder");
    }

    @Override
    public void close() {
        Closeables.closeAll(part, tokenizer);
    }
}
