package io.phototriage.models.groundingdino;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A Grounding DINO text prompt: the caption made from the class names, its BERT token ids and which token
 * positions belong to which class.
 *
 * <p>The caption is the lower-cased class names joined by {@code " . "} with a trailing {@code " ."}, e.g.
 * {@code "person . dog . cat ."}. The model groups tokens into phrases at the special tokens ({@code [CLS]},
 * {@code [SEP]}, {@code "."}, {@code "?"}), so class {@code i}'s span is the tokens of its phrase, and a class's
 * score for a query is the maximum over that span.
 *
 * @param classes   the class names, as given
 * @param caption   the text that was tokenized
 * @param inputIds  token ids, {@code [CLS] ... [SEP]}, unpadded
 * @param spans     for each class, the token positions of its phrase
 */
public record Prompt(List<String> classes, String caption, long[] inputIds, List<int[]> spans) {
    /** BERT ids of the tokens that close a phrase: [CLS], [SEP], ".", "?" (transformers' SPECIAL_TOKENS). */
    static final long[] SPECIAL_TOKEN_IDS = {101, 102, 1012, 1029};

    /**
     * Copies the list and arrays.
     *
     * @param classes  the class names, as given
     * @param caption  the text that was tokenized
     * @param inputIds token ids, {@code [CLS] ... [SEP]}, unpadded
     * @param spans    for each class, the token positions of its phrase
     */
    public Prompt {
        classes = List.copyOf(classes);
        inputIds = inputIds.clone();
        spans = spans.stream().map(int[]::clone).toList();
    }

    /**
     * Builds the caption for {@code classes} and tokenizes it.
     *
     * @param classes    the class names to look for
     * @param tokenizer  the model's BERT tokenizer
     * @param maxTextLen the most tokens the model takes
     * @return the caption, its ids and each class's token span
     * @throws IllegalArgumentException if there are no classes, a class is blank or contains a phrase separator
     *                                  ({@code .} or {@code ?}), or the prompt needs more than {@code maxTextLen}
     *                                  tokens
     */
    public static Prompt of(List<String> classes, HuggingFaceTokenizer tokenizer, int maxTextLen) {
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("Grounding DINO needs at least one class name to look for");
        }
        List<String> cleaned = new ArrayList<>();
        for (String c : classes) {
            String t = c.strip().toLowerCase(Locale.ROOT);
            if (t.isEmpty() || t.contains(".") || t.contains("?")) {
                throw new IllegalArgumentException("class name '" + c + "' is blank or contains '.' or '?', which Grounding DINO"
                        + " reads as phrase separators; name classes without them");
            }
            cleaned.add(t);
        }
        String caption = String.join(" . ", cleaned) + " .";
        Encoding encoding = tokenizer.encode(caption);
        long[] ids = encoding.getIds();
        if (ids.length > maxTextLen) {
            throw new IllegalArgumentException("prompt '" + caption + "' is " + ids.length + " tokens; the model takes at most "
                    + maxTextLen + ": use fewer or shorter class names");
        }
        List<int[]> spans = spans(ids);
        if (spans.size() != classes.size()) {
            throw new IllegalArgumentException("prompt '" + caption + "' tokenizes into " + spans.size() + " phrases for "
                    + classes.size() + " classes (ids " + Arrays.toString(ids) + "); is this a BERT tokenizer.json?");
        }
        return new Prompt(classes, caption, ids, spans);
    }

    /** Token positions of each phrase: the non-special tokens between consecutive special tokens after [CLS]. */
    static List<int[]> spans(long[] ids) {
        List<int[]> spans = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        for (int i = 1; i < ids.length; i++) {
            if (isSpecial(ids[i])) {
                if (!current.isEmpty()) {
                    spans.add(current.stream().mapToInt(Integer::intValue).toArray());
                }
                current.clear();
            } else {
                current.add(i);
            }
        }
        return spans;
    }

    private static boolean isSpecial(long id) {
        for (long s : SPECIAL_TOKEN_IDS) {
            if (s == id) {
                return true;
            }
        }
        return false;
    }

    /**
     * A copy of the token ids.
     *
     * @return {@code [CLS] ... [SEP]}, unpadded
     */
    @Override
    public long[] inputIds() {
        return inputIds.clone();
    }

    /**
     * Number of real (unpadded) tokens.
     *
     * @return the length of {@link #inputIds()}
     */
    public int length() {
        return inputIds.length;
    }

    /**
     * The ids padded with [PAD] (0) to {@code length}.
     *
     * @param length the padded length, at least {@link #length()}
     * @return a new array of {@code length} ids
     */
    public long[] paddedIds(int length) {
        return Arrays.copyOf(inputIds, length);
    }

    /**
     * 1 for the real tokens, 0 for the padding, {@code length} long.
     *
     * @param length the padded length, at least {@link #length()}
     * @return a new mask of {@code length} entries
     */
    public long[] attentionMask(int length) {
        long[] mask = new long[length];
        Arrays.fill(mask, 0, inputIds.length, 1L);
        return mask;
    }

    @Override
    public String toString() {
        return "Prompt[" + caption + ", ids " + Arrays.toString(inputIds) + "]";
    }
}
