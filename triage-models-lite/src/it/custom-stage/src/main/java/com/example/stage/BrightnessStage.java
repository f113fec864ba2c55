package com.example.stage;

import io.phototriage.core.PhotoContext;
import io.phototriage.core.StageKey;
import io.phototriage.core.stage.PhotoStage;
import java.awt.image.BufferedImage;

/** A custom per-photo stage: the mean BT.601 luma of the decoded photo. */
public final class BrightnessStage implements PhotoStage<Brightness> {
    /** Where its outcome is stored. */
    public static final StageKey<Brightness> KEY = StageKey.of("brightness", Brightness.class);

    @Override
    public Brightness apply(PhotoContext context) {
        BufferedImage image = context.photo().image();
        double sum = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                sum += 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
            }
        }
        return new Brightness(sum / ((double) image.getWidth() * image.getHeight()));
    }
}
