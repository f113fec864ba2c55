package io.phototriage.models.yolox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input of detector training: clear errors and warnings (no natives). */
class DetectorDatasetTest {
    @TempDir
    Path dir;

    /** A COCO folder: {@code n} 64x48 images, each with the given boxes {category id, x, y, w, h}. */
    static Path cocoFolder(Path dir, int n, double[][] boxesPerImage, boolean writeImages) throws IOException {
        Files.createDirectories(dir.resolve("images"));
        StringBuilder images = new StringBuilder();
        StringBuilder annotations = new StringBuilder();
        int id = 1;
        for (int i = 0; i < n; i++) {
            String name = String.format(Locale.ROOT, "img%02d.png", i);
            if (writeImages) {
                BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = image.createGraphics();
                g.setColor(new Color(30 + i * 10, 120, 200));
                g.fillRect(10, 10, 20, 20);
                g.dispose();
                ImageIO.write(image, "png", dir.resolve("images").resolve(name).toFile());
            }
            images.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
                    "{\"id\":%d,\"file_name\":\"%s\",\"width\":64,\"height\":48}", i + 1, name));
            for (double[] b : boxesPerImage) {
                annotations.append(annotations.length() == 0 ? "" : ",").append(String.format(Locale.ROOT,
                        "{\"id\":%d,\"image_id\":%d,\"category_id\":%d,\"bbox\":[%s,%s,%s,%s],\"area\":%s,\"iscrowd\":0}",
                        id++, i + 1, (int) b[0], b[1], b[2], b[3], b[4], b[3] * b[4]));
            }
        }
        Files.writeString(dir.resolve("annotations.json"), "{\"images\":[" + images + "],\"annotations\":[" + annotations
                + "],\"categories\":[{\"id\":1,\"name\":\"person\"},{\"id\":17,\"name\":\"cat\"},{\"id\":18,\"name\":\"dog\"},"
                + "{\"id\":3,\"name\":\"car\"}]}");
        return dir;
    }

    @Test
    void aClassThatIsNotACategoryIsAnErrorListingTheCategories() throws IOException {
        cocoFolder(dir, 4, new double[][] {{1, 10, 10, 20, 20}}, true);
        assertThatThrownBy(() -> DetectorDataset.read(dir, List.of("person", "guitar")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("class 'guitar' is not a category").hasMessageContaining("[person, cat, dog, car]");
    }

    @Test
    void aClassWithNoBoxIsAnError() throws IOException {
        cocoFolder(dir, 4, new double[][] {{1, 10, 10, 20, 20}}, true);
        assertThatThrownBy(() -> DetectorDataset.read(dir, List.of("person", "dog")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("class 'dog' has no box");
    }

    @Test
    void missingImagesAreAnErrorNamingThem() throws IOException {
        cocoFolder(dir, 4, new double[][] {{1, 10, 10, 20, 20}}, false);
        assertThatThrownBy(() -> DetectorDataset.read(dir, List.of("person")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 image file(s)")
                .hasMessageContaining("img00.png");
    }

    @Test
    void noAnnotationsFileSaysHowToExportOne() {
        assertThatThrownBy(() -> DetectorDataset.read(dir, List.of("person")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("COCO");
    }

    @Test
    void otherCategoriesDegenerateAndOutOfImageBoxesAreWarnedAbout() throws IOException {
        cocoFolder(dir, 4, new double[][] {{1, 10, 10, 20, 20}, {3, 5, 5, 10, 10}, {1, 50, 30, 30, 30}, {1, 63.5, 5, 4, 10},
            {17, 20, 20, 0, 10}, {17, 2, 2, 8, 8}}, true);
        DetectorDataset data = DetectorDataset.read(dir, List.of("person", "cat"));
        assertThat(data.warnings()).anySatisfy(w -> assertThat(w).contains("not in the class list").contains("car=4"))
                .anySatisfy(w -> assertThat(w).contains("clipped 4 box(es)"))
                .anySatisfy(w -> assertThat(w).contains("dropped 8 degenerate"));
        assertThat(data.boxCounts()).containsEntry("person", 8).containsEntry("cat", 4);
        DetectorDataset.LabelledBox clipped = data.examples().get(0).boxes().get(1);
        assertThat(clipped.x() + clipped.width()).isEqualTo(64);
        assertThat(clipped.y() + clipped.height()).isEqualTo(48);
    }

    @Test
    void aDataSetTooSmallToSplitIsAnError() throws IOException {
        cocoFolder(dir, 3, new double[][] {{1, 10, 10, 20, 20}}, true);
        DetectorDataset data = DetectorDataset.read(dir, List.of("person"));
        assertThatThrownBy(() -> YoloxTrainer.split(data, 0.25, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 image(s)").hasMessageContaining("at least 4");
    }

    @Test
    void theSplitIsSeededAndHoldsOutSomeOfEachRareClass() throws IOException {
        List<double[]> boxes = new ArrayList<>();
        boxes.add(new double[] {1, 10, 10, 20, 20});
        cocoFolder(dir, 12, boxes.toArray(new double[0][]), true);
        DetectorDataset data = DetectorDataset.read(dir, List.of("person"));
        YoloxTrainer.Split a = YoloxTrainer.split(data, 0.25, 7);
        YoloxTrainer.Split b = YoloxTrainer.split(data, 0.25, 7);
        YoloxTrainer.Split c = YoloxTrainer.split(data, 0.25, 8);
        assertThat(a.heldOut()).hasSize(3).isEqualTo(b.heldOut());
        assertThat(a.train()).hasSize(9);
        assertThat(c.heldOut()).isNotEqualTo(a.heldOut());
    }
}
