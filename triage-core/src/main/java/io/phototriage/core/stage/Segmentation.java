package io.phototriage.core.stage;

import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.Objects;

/**
 * The segment stage's answer.
 *
 * @param mask      the subject mask at the size of the image that was segmented
 * @param score     the model's quality estimate for the mask (SAM's predicted IoU), or {@code NaN} if it has none
 * @param cutout    the photo's pixels inside the mask, transparent outside ({@code TYPE_INT_ARGB}), cropped to the
 *                  mask's bounding box
 * @param thumbnail a small preview of the cut-out ({@code TYPE_INT_ARGB})
 * @param source    how the mask was made: by the segmenter's own model for the prompt, or by a fallback (and then
 *                  whether the cut-out is only approximate)
 */
public record Segmentation(Mask mask, double score, BufferedImage cutout, BufferedImage thumbnail, Source source) {
    /**
     * Checks that no component is null.
     *
     * @param mask the subject mask at the size of the image that was segmented
     * @param score the model's quality estimate for the mask (SAM's predicted IoU), or {@code NaN} if it has none
     * @param cutout the photo's pixels inside the mask, transparent outside ({@code TYPE_INT_ARGB}), cropped to the mask's bounding box
     * @param thumbnail a small preview of the cut-out ({@code TYPE_INT_ARGB})
     * @param source how the mask was made
     */
    public Segmentation {
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(cutout, "cutout");
        Objects.requireNonNull(thumbnail, "thumbnail");
        Objects.requireNonNull(source, "source");
    }

    /**
     * A segmentation made the normal way: the segmenter's model, the prompt box ({@link Source#PROMPT}).
     *
     * @param mask      the subject mask at the size of the image that was segmented
     * @param score     the model's quality estimate for the mask, or {@code NaN} if it has none
     * @param cutout    the photo's pixels inside the mask, transparent outside ({@code TYPE_INT_ARGB})
     * @param thumbnail a small preview of the cut-out ({@code TYPE_INT_ARGB})
     */
    public Segmentation(Mask mask, double score, BufferedImage cutout, BufferedImage thumbnail) {
        this(mask, score, cutout, thumbnail, Source.PROMPT);
    }

    /**
     * Whether the cut-out is only an approximation of the subject (the detection box itself, not a mask).
     *
     * @return true when {@link Source#method()} is {@link Method#BOX}
     */
    public boolean approximate() {
        return source.method() == Method.BOX;
    }

    /** How a segmenter made its mask. */
    public enum Method {
        /** The segmenter's own model, for the label of the box ({@code deeplab}'s class mask, SAM's mask, ...). */
        MODEL,
        /** A second model the segmenter falls back to (e.g. the Selfie person matte when DeepLab saw no person). */
        FALLBACK_MODEL,
        /** The segmenter's model, but the mask of another class it sees inside the box ({@link Source#label()}). */
        OTHER_CLASS,
        /** No mask: the whole detection box is the cut-out, an approximation ({@link Segmentation#approximate()}). */
        BOX;

        /**
         * The name used in results files.
         *
         * @return the constant's name, lower-case and dash-separated, e.g. {@code other-class}
         */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * Where a segmentation came from.
     *
     * @param method      how the mask was made
     * @param subjectRank which detection of {@link SegmentRequest#detections()} was cut out, 0 = the best (the prompt)
     * @param label       the class of the pixels that were cut out (e.g. {@code person}, or {@code sofa} for
     *                    {@link Method#OTHER_CLASS}); {@code ""} when it is simply the prompt's label
     * @param reason      why the segmenter did not use its model on the prompt box ({@code ""} when it did)
     */
    public record Source(Method method, int subjectRank, String label, String reason) {
        /** The segmenter's own model on the prompt box, nothing to explain. */
        public static final Source PROMPT = new Source(Method.MODEL, 0, "", "");

        /**
         * Validates.
         *
         * @param method      how the mask was made
         * @param subjectRank which detection was cut out, 0 = the best (the prompt); not negative
         * @param label       the class of the pixels that were cut out; {@code ""} when it is the prompt's label
         * @param reason      why the segmenter did not use its model on the prompt box ({@code ""} when it did)
         * @throws IllegalArgumentException when {@code subjectRank} is negative
         * @throws NullPointerException     when {@code method}, {@code label} or {@code reason} is null
         */
        public Source {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(reason, "reason");
            if (subjectRank < 0) {
                throw new IllegalArgumentException("subject rank must be >= 0: " + subjectRank);
            }
        }

        /**
         * Whether this is anything but the segmenter's model on the prompt box.
         *
         * @return true unless the method is {@link Method#MODEL} on subject rank 0
         */
        public boolean isFallback() {
            return method != Method.MODEL || subjectRank != 0;
        }
    }
}
