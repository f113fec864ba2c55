package com.example.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.phototriage.core.Photo;
import io.phototriage.core.PhotoResult;
import io.phototriage.core.Pipeline;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomStageByNameTest {
    @TempDir
    Path dir;

    @Test
    void customStageFromServicesIsChosenByNameAndRunsPerPhoto() throws Exception {
        Photo black = Photo.of(write("black.png", Color.BLACK));
        Photo white = Photo.of(write("white.png", Color.WHITE));

        List<PhotoResult> results;
        try (Pipeline pipeline = Pipeline.builder()
                .stage(BrightnessStage.KEY, "brightness")
                .build()) {
            results = pipeline.run(List.of(black, white));
        }

        assertThat(results).hasSize(2);
        assertThat(results.get(0).value(BrightnessStage.KEY).orElseThrow().mean()).isCloseTo(0.0, within(1e-9));
        assertThat(results.get(1).value(BrightnessStage.KEY).orElseThrow().mean()).isCloseTo(255.0, within(1e-6));
    }

    private Path write(String name, Color colour) throws Exception {
        BufferedImage image = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, 32, 24);
        g.dispose();
        Path file = dir.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
