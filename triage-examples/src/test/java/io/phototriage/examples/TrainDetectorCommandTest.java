package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.phototriage.core.testing.NeedsNatives;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train-detector}'s exit codes, and one epoch on the tiny random YOLOX fixture end to end. */
class TrainDetectorCommandTest {
    /** The tiny trainable YOLOX of triage-models' test fixtures (random weights: the mAP means nothing). */
    private static final Path TINY = Path.of("..", "triage-models", "src", "test", "resources", "fixtures", "yolox-tiny");

    @TempDir
    Path tmp;

    /** 8 synthetic 64x48 photos, each with a person, a dog and a cat box. */
    private Path dataset() throws IOException {
        Path dir = tmp.resolve("labels");
        Files.createDirectories(dir.resolve("images"));
        StringBuilder images = new StringBuilder();
        StringBuilder annotations = new StringBuilder();
        int id = 1;
        for (int i = 0; i < 8; i++) {
            String name = String.format(Locale.ROOT, "p%d.png", i);
            BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(20 * i, 100, 180));
            g.fillRect(8, 8, 24, 24);
            g.dispose();
            ImageIO.write(image, "png", dir.resolve("images").resolve(name).toFile());
            images.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
                    "{\"id\":%d,\"file_name\":\"%s\",\"width\":64,\"height\":48}", i + 1, name));
            for (int category : new int[] {1, 18, 17}) {
                annotations.append(annotations.length() == 0 ? "" : ",").append(String.format(Locale.ROOT,
                        "{\"id\":%d,\"image_id\":%d,\"category_id\":%d,\"bbox\":[8,8,24,20],\"area\":480,\"iscrowd\":0}",
                        id++, i + 1, category));
            }
        }
        Files.writeString(dir.resolve("annotations.json"), "{\"images\":[" + images + "],\"annotations\":[" + annotations
                + "],\"categories\":[{\"id\":1,\"name\":\"person\"},{\"id\":17,\"name\":\"cat\"},{\"id\":18,\"name\":\"dog\"}]}");
        return dir;
    }

    @Test
    void onlyTheLiteSetIsTrainable() throws IOException {
        assertThat(PhotoTriageCli.execute("train-detector", "--dataset", dataset().toString(), "--model-set", "full",
                "--output", tmp.resolve("out").toString())).isEqualTo(FolderTriage.EXIT_USAGE);
    }

    @Test
    void missingStartingWeightsExitWithTheModelsCode() throws IOException {
        assertThat(PhotoTriageCli.execute("train-detector", "--dataset", dataset().toString(), "--start",
                tmp.resolve("no-such-start").toString(), "--output", tmp.resolve("out").toString()))
                .isEqualTo(FolderTriage.EXIT_MODELS);
    }

    @Test
    void aClassThatIsNotInTheDataSetIsAUsageError() throws IOException {
        assertThat(PhotoTriageCli.execute("train-detector", "--dataset", dataset().toString(), "--start", TINY.toString(),
                "--classes", "person,guitar", "--output", tmp.resolve("out").toString())).isEqualTo(FolderTriage.EXIT_USAGE);
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    @NeedsNatives
    void oneEpochWritesALoadableDetectorFolder() throws IOException {
        Path out = tmp.resolve("det");
        assertThat(PhotoTriageCli.execute("train-detector", "--dataset", dataset().toString(), "--start", TINY.toString(),
                "--output", out.toString(), "--epochs", "1", "--batch-size", "3", "--seed", "3")).isEqualTo(FolderTriage.EXIT_OK);
        assertThat(out.resolve("manifest.json")).exists();
        assertThat(out.resolve("yolox_trainable.pt")).exists();
        assertThat(Files.readString(out.resolve("classes.names"))).isEqualTo("person\ndog\ncat\n");
    }
}
