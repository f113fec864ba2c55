package io.phototriage.models.faststyle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.image.StyleInputs;
import io.phototriage.core.stage.Mask;
import io.phototriage.core.stage.Segmentation;
import io.phototriage.core.stage.StyleRequest;
import io.phototriage.core.stage.Stylized;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.models.lite.CocoPolygons;
import io.phototriage.models.lite.CutoutOptions;
import io.phototriage.models.lite.LiteTestData;
import io.phototriage.models.lite.SubjectMasks;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FastStyleStylizerTest {
    @Test
    @NeedsNatives
    void realPhotoComesOutStylisedButKeepsItsEdges() throws Exception {
        DecodedPhoto photo = LiteTestData.decode("000000000036.jpg");
        Stylized result;
        try (FastStyleStylizer stylizer = FastStyleStylizer.load(LiteTestData.modelsDir(), FastStyleConfig.defaults())) {
            result = stylizer.apply(new StyleRequest(photo, Optional.empty(), StyleRequest.DEFAULT_PROMPT, 7));
            assertThat(stylizer.model().weights()).startsWith("fast-neural-style@8d862ed0e9d9");
        }
        BufferedImage styled = result.image();
        Path artefact = Path.of("target", "fast-style", "000000000036-candy.png");
        Files.createDirectories(artefact.getParent());
        ImageIO.write(styled, "png", artefact.toFile());

        assertThat(result.prompt()).isEmpty();
        assertThat(styled.getWidth()).isEqualTo(384);
        assertThat(styled.getHeight()).isEqualTo(512);
        BufferedImage input = ImageStats.scaled(photo.image(), styled.getWidth(), styled.getHeight());
        double colourDistance = ImageStats.meanColourDistance(input, styled);
        double edgeCorrelation = ImageStats.edgeCorrelation(input, styled);
        double hueShift = ImageStats.meanHueDistance(input, styled);
        System.out.printf("fast-style candy on 000000000036.jpg (%s): mean RGB distance %.1f, mean hue distance %.3f,"
                + " Sobel edge correlation %.3f%n", artefact.toAbsolutePath(), colourDistance, hueShift, edgeCorrelation);
        // Stylised: the colours move a lot (an identity or a mild filter stays under ~10 levels)...
        assertThat(colourDistance).isGreaterThan(40);
        // ...but the picture is still the same scene: its edges line up with the photo's.
        assertThat(edgeCorrelation).isGreaterThan(0.3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"candy", "mosaic", "udnie", "rain-princess", "pointilism"})
    @NeedsNatives
    void everyStyleLoadsAndPaintsDifferently(String style) throws Exception {
        DecodedPhoto photo = LiteTestData.decode("000000000042.jpg");
        BufferedImage candy;
        BufferedImage other;
        try (FastStyleStylizer a = FastStyleStylizer.load(LiteTestData.modelsDir(), new FastStyleConfig("candy", 96));
                FastStyleStylizer b = FastStyleStylizer.load(LiteTestData.modelsDir(), new FastStyleConfig(style, 96))) {
            candy = a.apply(new StyleRequest(photo, Optional.empty(), "", 0)).image();
            other = b.apply(new StyleRequest(photo, Optional.empty(), "", 0)).image();
            assertThat(b.model().name()).isEqualTo("fast-neural-style-" + style);
        }
        double distance = ImageStats.meanColourDistance(candy, other);
        if (style.equals("candy")) {
            assertThat(distance).as("same network, same photo: deterministic").isZero();
        } else {
            assertThat(distance).as(style + " vs candy").isGreaterThan(20);
        }
    }

    @Test
    @NeedsNatives
    void defaultInputIsTheHerosCutoutOnGreyAndInputPhotoStylizesTheWholePhoto() throws Exception {
        // 000000000042.jpg: a dog; its COCO polygon stands in for the segment stage's mask.
        DecodedPhoto photo = LiteTestData.decode("000000000042.jpg");
        JsonNode dog = LiteTestData.instances("000000000042.jpg", 18).stream()
                .max(java.util.Comparator.comparingDouble(a -> a.get("area").asDouble())).orElseThrow();
        Mask mask = CocoPolygons.mask(dog, photo.width(), photo.height());
        Segmentation subject = SubjectMasks.segmentation(photo.image(), mask, 0.9, CutoutOptions.defaults());
        StyleRequest request = new StyleRequest(photo, Optional.of(subject), "", 0);
        BufferedImage composite = StyleInputs.composite(subject.cutout(), Double.NaN);

        Stylized cut;
        Stylized whole;
        Stylized unsegmented;
        try (FastStyleStylizer defaults = FastStyleStylizer.load(LiteTestData.modelsDir(), FastStyleConfig.defaults());
                FastStyleStylizer photoInput = FastStyleStylizer.load(LiteTestData.modelsDir(),
                        new FastStyleConfig("candy", 512, Stylized.Input.PHOTO))) {
            cut = defaults.apply(request);
            whole = photoInput.apply(request);
            unsegmented = defaults.apply(new StyleRequest(photo, Optional.empty(), "", 0));
        }
        ImageIO.write(cut.image(), "png", Files.createDirectories(Path.of("target", "fast-style"))
                .resolve("000000000042-cutout-candy.png").toFile());

        assertThat(cut.input()).isEqualTo(Stylized.Input.CUTOUT);
        assertThat(cut.inputNote()).isEmpty();
        int[] cutSize = FastStyleStylizer.styledSize(composite.getWidth(), composite.getHeight(), 512);
        assertThat(new int[] {cut.image().getWidth(), cut.image().getHeight()}).containsExactly(cutSize);
        int[] photoSize = FastStyleStylizer.styledSize(photo.width(), photo.height(), 512);
        assertThat(cutSize).isNotEqualTo(photoSize);
        // The styled picture is the cut-out's scene: its edges follow the composite's.
        BufferedImage input = ImageStats.scaled(composite, cutSize[0], cutSize[1]);
        assertThat(ImageStats.edgeCorrelation(input, cut.image())).isGreaterThan(0.3);

        assertThat(whole.input()).isEqualTo(Stylized.Input.PHOTO);
        assertThat(new int[] {whole.image().getWidth(), whole.image().getHeight()}).containsExactly(photoSize);
        assertThat(unsegmented.input()).isEqualTo(Stylized.Input.PHOTO);
        assertThat(unsegmented.inputNote()).contains("no segmentation");
        assertThat(ImageStats.meanColourDistance(unsegmented.image(), whole.image())).isZero();
    }

    @ParameterizedTest(name = "{0}x{1} at max {2} -> {3}x{4}")
    @CsvSource({
        "640, 480, 512, 512, 384",
        "481, 640, 512, 384, 512",
        "640, 427, 128, 128, 84",
        "300, 200, 512, 300, 200",
        "301, 203, 512, 300, 200",
        "2, 3, 512, 4, 4",
        "4000, 3000, 512, 512, 384",
    })
    void styledSizeCapsTheLongSideAndRoundsDownToMultiplesOfFour(int w, int h, int maxSide, int ew, int eh) {
        assertThat(FastStyleStylizer.styledSize(w, h, maxSide)).containsExactly(ew, eh);
    }

    @Test
    @NeedsNatives
    void oneThreadAndTwoThreadsPaintTheSamePixels() throws Exception {
        DecodedPhoto photo = LiteTestData.decode("000000000042.jpg");
        StyleRequest request = new StyleRequest(photo, Optional.empty(), "", 0);
        try (FastStyleStylizer one = FastStyleStylizer.load(LiteTestData.modelsDir(),
                        new FastStyleConfig("candy", 128, Stylized.Input.CUTOUT, 1));
                FastStyleStylizer two = FastStyleStylizer.load(LiteTestData.modelsDir(),
                        new FastStyleConfig("candy", 128, Stylized.Input.CUTOUT, 2))) {
            assertThat(ImageStats.meanColourDistance(one.apply(request).image(), two.apply(request).image())).isZero();
        }
    }

    @Test
    void zeroThreadsMeansOnePerCoreAndIsTheDefault() {
        assertThat(FastStyleConfig.defaults().threads()).isZero();
        assertThat(FastStyleConfig.defaults().sessionThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(new FastStyleConfig("candy", 512, Stylized.Input.CUTOUT, 3).sessionThreads()).isEqualTo(3);
    }

    @Test
    void unknownStyleIsRejectedWithTheList() {
        assertThatThrownBy(() -> new FastStyleConfig("starry-night", 512))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("starry-night")
                .hasMessageContaining("rain-princess");
    }
}
