package io.phototriage.examples;

import io.phototriage.core.PhotoContext;
import io.phototriage.core.image.Cutouts;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.Stage;
import java.awt.image.BufferedImage;

/** The per-photo stage that makes the thumbnail from the decoded pixels (the pipeline keeps no pixels). */
final class ThumbnailStage implements Stage<PhotoContext, BufferedImage> {
    private final int size;

    ThumbnailStage(int size) {
        this.size = size;
    }

    @Override
    public BufferedImage apply(PhotoContext input) {
        return Cutouts.thumbnail(input.photo().image(), size);
    }

    @Override
    public String name() {
        return "thumbnail";
    }

    /** Thread-safe: a pure function of the photo's pixels. */
    @Override
    public boolean threadSafe() {
        return true;
    }

    @Override
    public ModelInfo model() {
        return new ModelInfo("thumbnail-" + size, "none", "java");
    }

    @Override
    public void close() {
        // holds nothing
    }
}
