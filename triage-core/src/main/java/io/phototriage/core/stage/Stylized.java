package io.phototriage.core.stage;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * The stylize stage's answer.
 *
 * @param image     the stylized picture
 * @param prompt    the prompt that was used ({@code ""} for models that take none)
 * @param input     what was stylized: the hero's cut-out (composited, see
 *                  {@link io.phototriage.core.image.StyleInputs}) or the whole photo
 * @param inputNote why the input is not what was asked (e.g. the cut-out was asked but the hero has no
 *                  segmentation), or that the cut-out is approximate; {@code ""} when there is nothing to say
 */
public record Stylized(BufferedImage image, String prompt, Input input, String inputNote) {
    /**
     * Checks that no component is null.
     *
     * @param image     the stylized picture
     * @param prompt    the prompt that was used ({@code ""} for models that take none)
     * @param input     what was stylized: the hero's cut-out or the whole photo
     * @param inputNote why the input is not what was asked, or that the cut-out is approximate; {@code ""} otherwise
     * @throws NullPointerException when any component is null
     */
    public Stylized {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(inputNote, "inputNote");
    }

    /**
     * A stylized whole photo, nothing to note.
     *
     * @param image  the stylized picture
     * @param prompt the prompt that was used ({@code ""} for models that take none)
     */
    public Stylized(BufferedImage image, String prompt) {
        this(image, prompt, Input.PHOTO, "");
    }

    /** What a stylizer is fed. */
    public enum Input {
        /** The hero's cut-out, background removed, on a neutral background (the default). */
        CUTOUT,
        /** The whole hero photo. */
        PHOTO;

        /**
         * The option value and results-file name.
         *
         * @return {@code cutout} or {@code photo}
         */
        public String id() {
            return Labels.of(this);
        }

        /**
         * Parses {@code cutout} or {@code photo} (case-insensitive).
         *
         * @param value the option value; surrounding blanks are ignored
         * @return the input it names
         * @throws IllegalArgumentException for anything else, naming both
         */
        public static Input of(String value) {
            return Labels.parse(Input.class, Input::id, "stylize input", value);
        }
    }
}
