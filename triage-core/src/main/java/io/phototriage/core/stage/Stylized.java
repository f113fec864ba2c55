package io.phototriage.core.stage;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * The stylize stage's answer.
 *
 * @param image  the stylized picture
 * @param prompt the prompt that was used ({@code ""} for models that take none)
 */
public record Stylized(BufferedImage image, String prompt) {
    /**
     * Checks that no component is null.
     *
     * @param image the stylized picture
     * @param prompt the prompt that was used ({@code ""} for models that take none)
     */
    public Stylized {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(prompt, "prompt");
    }
}
