package io.phototriage.models.yolox;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The committed tiny YOLOX fixture ({@code export.py yolox-trainable --tiny}). */
final class YoloxTrainingFixtures {
    private YoloxTrainingFixtures() {}

    static Path tinyFolder() {
        try {
            return Path.of(YoloxTrainingFixtures.class.getResource("/fixtures/yolox-tiny/manifest.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
