package io.phototriage.core.image;

import static io.phototriage.core.testing.FakePhotos.photo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.stage.Mask;
import io.phototriage.core.stage.Segmentation;
import io.phototriage.core.stage.StyleRequest;
import io.phototriage.core.stage.Stylized;
import io.phototriage.core.testing.FakePhotos;
import java.awt.image.BufferedImage;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The stylize input: the hero's cut-out on mid-grey (default) or the photo, chosen in one place for both stylizers. */
class StyleInputsTest {
    private static final int RED = 0xff0000;

    /** A 40x20 cut-out: opaque red left half, half-transparent red column at x=20, fully transparent right part. */
    private static BufferedImage cutout() {
        BufferedImage c = new BufferedImage(40, 20, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 40; x++) {
                int alpha = x < 20 ? 255 : x == 20 ? 128 : 0;
                c.setRGB(x, y, (alpha << 24) | RED);
            }
        }
        return c;
    }

    private static DecodedPhoto hero() throws Exception {
        return new FakePhotos.Decoder().decode(photo("", "hero.jpg"));
    }

    private static Segmentation segmentation(Segmentation.Source source) {
        BufferedImage c = cutout();
        return new Segmentation(Mask.of(1, 1, new boolean[] {true}), 0.9, c, c, source);
    }

    @Test
    void cutoutIsBlendedOverMidGreyCentredWithATenPercentMargin() {
        BufferedImage out = StyleInputs.composite(cutout(), Double.NaN);

        // margin = round(0.1 * 40) = 4 on each side
        assertThat(out.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(out.getWidth()).isEqualTo(48);
        assertThat(out.getHeight()).isEqualTo(28);
        assertThat(out.getRGB(0, 0) & 0xffffff).as("margin").isEqualTo(0x808080);
        assertThat(out.getRGB(4, 4) & 0xffffff).as("opaque subject").isEqualTo(RED);
        // alpha 128 over grey: (255*128 + 128*127 + 127) / 255 = 192, (0*128 + 128*127 + 127) / 255 = 64
        assertThat(out.getRGB(24, 10) & 0xffffff).as("soft edge").isEqualTo(0xc04040);
        assertThat(out.getRGB(30, 10) & 0xffffff).as("removed background").isEqualTo(0x808080);
    }

    @ParameterizedTest(name = "aspect {0}")
    @CsvSource({"1.0, 48, 48", "2.0, 56, 28", "0.5, 48, 96"})
    void canvasIsWidenedOrHeightenedToTheStylizersAspectWithTheSubjectCentred(double aspect, int w, int h) {
        BufferedImage out = StyleInputs.composite(cutout(), aspect);

        assertThat(out.getWidth()).isEqualTo(w);
        assertThat(out.getHeight()).isEqualTo(h);
        int ox = (w - 40) / 2;
        int oy = (h - 20) / 2;
        assertThat(out.getRGB(ox, oy) & 0xffffff).isEqualTo(RED);
        assertThat(out.getRGB(ox - 1, oy) & 0xffffff).isEqualTo(0x808080);
        assertThatThrownBy(() -> StyleInputs.composite(cutout(), -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultInputIsTheCompositeOfTheHerosCutout() throws Exception {
        StyleRequest request = new StyleRequest(hero(), Optional.of(segmentation(Segmentation.Source.PROMPT)), "", 1);

        StyleInputs.Prepared prepared = StyleInputs.prepare(request, Stylized.Input.CUTOUT, Double.NaN);

        assertThat(prepared.input()).isEqualTo(Stylized.Input.CUTOUT);
        assertThat(prepared.note()).isEmpty();
        assertThat(prepared.image().getWidth()).isEqualTo(48);
        Stylized result = prepared.result(prepared.image(), "p");
        assertThat(result.input()).isEqualTo(Stylized.Input.CUTOUT);
    }

    @Test
    void withoutASegmentationTheWholePhotoIsStylizedAndThatIsRecorded() throws Exception {
        DecodedPhoto hero = hero();
        StyleRequest request = new StyleRequest(hero, Optional.empty(), "", 1);

        StyleInputs.Prepared prepared = StyleInputs.prepare(request, Stylized.Input.CUTOUT, 1.0);

        assertThat(prepared.image()).isSameAs(hero.image());
        assertThat(prepared.input()).isEqualTo(Stylized.Input.PHOTO);
        assertThat(prepared.note()).contains("no segmentation").contains("whole photo");
    }

    @Test
    void photoInputIgnoresTheCutoutAndAnApproximateCutoutIsNoted() throws Exception {
        DecodedPhoto hero = hero();
        Segmentation box = segmentation(new Segmentation.Source(Segmentation.Method.BOX, 0, "person", "mask empty"));

        StyleInputs.Prepared photo = StyleInputs.prepare(new StyleRequest(hero, Optional.of(box), "", 1),
                Stylized.Input.PHOTO, Double.NaN);
        StyleInputs.Prepared approximate = StyleInputs.prepare(new StyleRequest(hero, Optional.of(box), "", 1),
                Stylized.Input.CUTOUT, Double.NaN);

        assertThat(photo.image()).isSameAs(hero.image());
        assertThat(photo.input()).isEqualTo(Stylized.Input.PHOTO);
        assertThat(photo.note()).isEmpty();
        assertThat(approximate.input()).isEqualTo(Stylized.Input.CUTOUT);
        assertThat(approximate.note()).contains("approximate").contains("mask empty");
    }

    @Test
    void inputOptionValuesParse() {
        assertThat(Stylized.Input.of(" Cutout ")).isEqualTo(Stylized.Input.CUTOUT);
        assertThat(Stylized.Input.of("photo")).isEqualTo(Stylized.Input.PHOTO);
        assertThatThrownBy(() -> Stylized.Input.of("crop")).hasMessageContaining("use cutout or photo");
        assertThat(new Stylized(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "").input()).isEqualTo(Stylized.Input.PHOTO);
    }
}
