package io.phototriage.examples.custom;

import static org.assertj.core.api.Assertions.assertThat;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.PhotoResult;
import io.phototriage.core.Pipeline;
import io.phototriage.core.image.PhotoDecoder;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharpnessStageTest {
    /** Paints a checkerboard (sharp) or a flat grey (blurred) image, by file name. */
    private final PhotoDecoder decoder = photo -> {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 64, 64);
        if (photo.id().startsWith("sharp")) {
            g.setColor(Color.WHITE);
            for (int y = 0; y < 64; y += 4) {
                for (int x = (y / 4) % 2 * 4; x < 64; x += 8) {
                    g.fillRect(x, y, 4, 4);
                }
            }
        }
        g.dispose();
        return DecodedPhoto.full(photo, image);
    };

    @Test
    void customStageFlagsTheBlurredPhotoThroughThePipeline() throws Exception {
        try (Pipeline pipeline = Pipeline.builder().decoder(decoder).stage(SharpnessStage.KEY, new SharpnessStage(100)).build()) {
            List<PhotoResult> results = pipeline.run(List.of(Photo.of(Path.of("sharp.jpg")), Photo.of(Path.of("flat.jpg"))));

            assertThat(results.get(0).value(SharpnessStage.KEY).orElseThrow().blurred()).isFalse();
            assertThat(results.get(1).value(SharpnessStage.KEY).orElseThrow().blurred()).isTrue();
            assertThat(results.get(1).value(SharpnessStage.KEY).orElseThrow().laplacianVariance()).isZero();
        }
    }
}
