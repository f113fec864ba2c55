package io.phototriage.models.clip;

import java.util.Arrays;

/**
 * A prompt tokenised for CLIP's text tower: exactly {@code context_length} ids and mask values.
 *
 * @param inputIds      token ids: start-of-text, the prompt's BPE tokens, end-of-text, then end-of-text padding
 * @param attentionMask 1 for real tokens (start and end included), 0 for padding
 */
public record ClipTokens(long[] inputIds, long[] attentionMask) {
    /**
     * Checks that ids and mask have the same length; copies both.
     *
     * @param inputIds      token ids, {@code context_length} of them
     * @param attentionMask 1 for real tokens, 0 for padding; as long as {@code inputIds}
     * @throws IllegalArgumentException when the lengths differ
     */
    public ClipTokens {
        if (inputIds.length != attentionMask.length) {
            throw new IllegalArgumentException("ids and mask differ in length: " + inputIds.length + " vs " + attentionMask.length);
        }
        inputIds = inputIds.clone();
        attentionMask = attentionMask.clone();
    }

    /**
     * A copy of the token ids.
     *
     * @return start-of-text, the prompt's tokens, end-of-text, then padding
     */
    @Override
    public long[] inputIds() {
        return inputIds.clone();
    }

    /**
     * A copy of the attention mask.
     *
     * @return 1 for real tokens, 0 for padding
     */
    @Override
    public long[] attentionMask() {
        return attentionMask.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClipTokens t && Arrays.equals(inputIds, t.inputIds) && Arrays.equals(attentionMask, t.attentionMask);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(inputIds) + Arrays.hashCode(attentionMask);
    }

    @Override
    public String toString() {
        return "ClipTokens" + Arrays.toString(inputIds);
    }
}
