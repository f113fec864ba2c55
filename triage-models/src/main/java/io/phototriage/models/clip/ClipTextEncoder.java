package io.phototriage.models.clip;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.Closeables;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.djl.DjlRuntime;
import io.phototriage.models.djl.ModelLoadException;
import io.phototriage.models.djl.Network;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CLIP's text tower plus text projection ({@code text_encoder.pt}) with its byte-level BPE tokenizer
 * ({@code tokenizer.json}): prompt in, text embedding out (not normalised, as {@code CLIPModel.get_text_features}
 * returns it). Prompts are padded with end-of-text to {@code context_length} and truncated to it.
 *
 * <p>Owns its DJL model, predictor and tokenizer; close it when done. Call from one thread at a time.
 */
public final class ClipTextEncoder implements AutoCloseable {
    /** The manifest role of the TorchScript file. */
    public static final String ROLE = "text_encoder";
    /** The manifest role of the tokenizer. */
    public static final String TOKENIZER_ROLE = "tokenizer";

    private final Network network;
    private final HuggingFaceTokenizer tokenizer;
    private final ClipContract contract;
    private final String file;

    private ClipTextEncoder(Network network, HuggingFaceTokenizer tokenizer, ClipContract contract, String file) {
        this.network = network;
        this.tokenizer = tokenizer;
        this.contract = contract;
        this.file = file;
    }

    /**
     * Loads the tokenizer and text tower of a resolved CLIP model folder.
     *
     * @param resolved the model folder, its files checked against the manifest
     * @return the encoder, owning its tokenizer and network
     * @throws ModelException     if the manifest's contract is incomplete or the tokenizer cannot be read
     * @throws ModelLoadException if DJL cannot load {@code text_encoder.pt}
     */
    public static ClipTextEncoder load(ResolvedModel resolved) throws ModelException, ModelLoadException {
        ClipContract contract = ClipContract.of(resolved.manifest());
        HuggingFaceTokenizer tokenizer = loadTokenizer(resolved.file(TOKENIZER_ROLE), contract.contextLength());
        try {
            return new ClipTextEncoder(Network.load(resolved, ROLE, resolved.manifest().name()), tokenizer, contract,
                    resolved.file(ROLE).toString());
        } catch (ModelLoadException | RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    private static HuggingFaceTokenizer loadTokenizer(Path file, int contextLength) throws ModelException {
        return DjlRuntime.loadPaddedTokenizer(file, contextLength, "clip");
    }

    /**
     * The contract read from the manifest.
     *
     * @return context length, embedding size and the rest of the CLIP contract
     */
    public ClipContract contract() {
        return contract;
    }

    /**
     * Tokenises one prompt as Hugging Face {@code CLIPTokenizer(padding="max_length", truncation=True)} does.
     *
     * @param prompt the text
     * @return ids and attention mask, padded or truncated to the context length
     */
    public ClipTokens tokenize(String prompt) {
        return toTokens(tokenizer.encode(prompt));
    }

    /**
     * Tokenises several prompts.
     *
     * @param prompts the texts
     * @return one token set per prompt, same order
     */
    public List<ClipTokens> tokenizeAll(List<String> prompts) {
        Encoding[] encodings = tokenizer.batchEncode(prompts);
        List<ClipTokens> out = new ArrayList<>(encodings.length);
        for (Encoding e : encodings) {
            out.add(toTokens(e));
        }
        return out;
    }

    private ClipTokens toTokens(Encoding e) {
        ClipTokens tokens = new ClipTokens(e.getIds(), e.getAttentionMask());
        if (tokens.inputIds().length != contract.contextLength()) {
            throw new IllegalStateException("tokenizer produced " + tokens.inputIds().length + " ids, expected "
                    + contract.contextLength());
        }
        return tokens;
    }

    /**
     * The embedding of one prompt.
     *
     * @param prompt the text
     * @return {@code embed_dim} floats (text tower and projection, not normalised)
     * @throws StageException when the network fails
     */
    public float[] embed(String prompt) throws StageException {
        return embedTokens(List.of(tokenize(prompt))).get(0);
    }

    /**
     * The embeddings of several prompts, computed in one batch, in order.
     *
     * @param prompts the texts
     * @return one embedding of {@code embed_dim} floats per prompt
     * @throws StageException when the network fails
     */
    public List<float[]> embedAll(List<String> prompts) throws StageException {
        return embedTokens(tokenizeAll(prompts));
    }

    /**
     * Runs the text tower on tokenised prompts, in one batch.
     *
     * @param tokens the tokenised prompts, each of the contract's context length
     * @return one embedding of {@code embed_dim} floats per prompt; empty for no prompts
     * @throws StageException           when the network fails or its output has an unexpected shape
     * @throws IllegalArgumentException when a prompt's token count is not the contract's context length
     */
    public List<float[]> embedTokens(List<ClipTokens> tokens) throws StageException {
        int n = tokens.size();
        int len = contract.contextLength();
        if (n == 0) {
            return List.of();
        }
        long[] ids = new long[n * len];
        long[] mask = new long[n * len];
        for (int i = 0; i < n; i++) {
            long[] tokenIds = tokens.get(i).inputIds();
            if (tokenIds.length != len) {
                throw new IllegalArgumentException("prompt " + i + " has " + tokenIds.length + " ids, the text tower takes " + len);
            }
            System.arraycopy(tokenIds, 0, ids, i * len, len);
            System.arraycopy(tokens.get(i).attentionMask(), 0, mask, i * len, len);
        }
        try {
            return network.call(scope -> new NDList(scope.create(ids, new Shape(n, len)), scope.create(mask, new Shape(n, len))),
                    output -> ClipImageEncoder.rows(output.get(0), n, contract.embedDim(), file));
        } catch (TranslateException | RuntimeException e) {
            throw new StageException("CLIP text encoder " + file + " failed on " + n + " prompts: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        Closeables.closeAll(network, tokenizer);
    }
}
