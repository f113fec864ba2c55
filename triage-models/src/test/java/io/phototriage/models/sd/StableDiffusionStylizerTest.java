package io.phototriage.models.sd;

import static io.phototriage.core.testing.ProviderAssertions.assertCreateFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.StyleRequest;
import io.phototriage.core.stage.Stylized;
import io.phototriage.core.stage.Stylizer;
import io.phototriage.core.testing.NeedsNatives;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The tiny parts end to end, from a photo on disk to a decoded picture, and the provider. */
@NeedsNatives
class StableDiffusionStylizerTest {
    private static DecodedPhoto photo;

    @BeforeAll
    static void decodePhoto() throws Exception {
        Path file = SdFixtures.shared().resolve("data/coco128/images/000000000009.jpg");
        photo = ImageIoPhotoDecoder.defaults().decode(Photo.of(file));
    }

    private static StyleRequest request(long seed) {
        return new StyleRequest(photo, Optional.empty(), StyleRequest.DEFAULT_PROMPT, seed);
    }

    @Test
    void photoRunsEndToEndToAnImageOfTheTracedSizeWithProgressPerStep() throws Exception {
        List<int[]> progress = new ArrayList<>();
        try (StableDiffusionStylizer sd = StableDiffusionStylizer.load(SdFixtures.tiny(), SdOptions.defaults(),
                (step, steps, t) -> progress.add(new int[] {step, steps, t}))) {
            SdOutput out = sd.img2img(photo.image(), "", 7);
            assertThat(out.image().getWidth()).isEqualTo(sd.contract().width()).isEqualTo(64);
            assertThat(out.image().getHeight()).isEqualTo(sd.contract().height()).isEqualTo(64);
            assertThat(out.prompt()).isEqualTo(StyleRequest.DEFAULT_PROMPT);
            assertThat(out.timesteps()).containsExactly(399, 299, 199, 99); // 4 LCM steps at strength 0.4
            assertThat(progress).extracting(p -> p[0]).containsExactly(1, 2, 3, 4);
            assertThat(progress).extracting(p -> p[2]).containsExactly(399, 299, 199, 99);
            assertThat(sd.model().name()).isEqualTo("sd-tiny");
            assertThat(sd.model().engine()).isEqualTo("PyTorch");
        }
    }

    @Test
    void applyStylizesTheCutoutPaddedToTheTracedAspectByDefaultAndThePhotoOnRequest() throws Exception {
        // A 30x60 cut-out from the middle of the photo: padded to square (the fixture's 64x64), nothing cropped off.
        boolean[] bits = new boolean[photo.width() * photo.height()];
        for (int y = 100; y < 160; y++) {
            for (int x = 200; x < 230; x++) {
                bits[y * photo.width() + x] = true;
            }
        }
        io.phototriage.core.stage.Mask mask = io.phototriage.core.stage.Mask.of(photo.width(), photo.height(), bits);
        BufferedImage cutout = io.phototriage.core.image.Cutouts.cutout(photo.image(), mask);
        StyleRequest withSubject = new StyleRequest(photo, Optional.of(new io.phototriage.core.stage.Segmentation(mask, 0.9,
                cutout, cutout)), "", 3);
        BufferedImage composite = io.phototriage.core.image.StyleInputs.composite(cutout, 1.0);
        assertThat(composite.getWidth()).isEqualTo(composite.getHeight()).isEqualTo(72); // 60 + 2 * 6 margin

        try (StableDiffusionStylizer cut = StableDiffusionStylizer.load(SdFixtures.tiny(), SdOptions.defaults(), StepListener.NONE);
                StableDiffusionStylizer whole = StableDiffusionStylizer.load(SdFixtures.tiny(),
                        new SdOptions(4, 0.4, Stylized.Input.PHOTO), StepListener.NONE)) {
            Stylized a = cut.apply(withSubject);
            Stylized b = whole.apply(withSubject);

            assertThat(a.input()).isEqualTo(Stylized.Input.CUTOUT);
            assertThat(b.input()).isEqualTo(Stylized.Input.PHOTO);
            assertThat(a.image().getWidth()).isEqualTo(64);
            assertThat(pixels(a.image())).isEqualTo(pixels(cut.img2img(composite, "", 3).image()));
            assertThat(pixels(b.image())).isEqualTo(pixels(whole.img2img(photo.image(), "", 3).image()));
            assertThat(pixels(a.image())).isNotEqualTo(pixels(b.image()));
        }
    }

    @Test
    void sameSeedGivesTheSameImageAndAnotherSeedAnotherImage() throws Exception {
        try (StableDiffusionStylizer sd = StableDiffusionStylizer.load(SdFixtures.tiny(), SdOptions.defaults(), StepListener.NONE)) {
            Stylized a = sd.apply(request(1));
            Stylized b = sd.apply(request(1));
            Stylized c = sd.apply(request(2));
            assertThat(pixels(a.image())).containsExactly(pixels(b.image()));
            assertThat(pixels(a.image())).isNotEqualTo(pixels(c.image()));
            assertThat(a.prompt()).isEqualTo(StyleRequest.DEFAULT_PROMPT);
        }
    }

    @Test
    void strengthChangesHowFarTheRunStarts() throws Exception {
        try (StableDiffusionStylizer low = StableDiffusionStylizer.load(SdFixtures.tiny(), new SdOptions(4, 0.3), StepListener.NONE);
                StableDiffusionStylizer full = StableDiffusionStylizer.load(SdFixtures.tiny(), new SdOptions(4, 1.0), StepListener.NONE)) {
            assertThat(low.img2img(photo.image(), "a dog", 3).timesteps()).containsExactly(299, 239, 159, 79);
            assertThat(full.img2img(photo.image(), "a dog", 3).timesteps()).containsExactly(999, 759, 499, 259);
        }
    }

    @Test
    void optionsThatLeaveTooFewTimestepsFailAtLoad() {
        assertThatThrownBy(() -> StableDiffusionStylizer.load(SdFixtures.tiny(), new SdOptions(4, 0.05), StepListener.NONE))
                .isInstanceOf(ModelException.class).hasMessageContaining("sd-tiny").hasMessageContaining("strength 0.05");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"wide", "tall"})
    void photoIsCentreCroppedToTheTracedAspectRatioNotStretched(String shape) {
        boolean wide = shape.equals("wide");
        BufferedImage image = new BufferedImage(wide ? 300 : 100, wide ? 100 : 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 300, 300);
        g.setColor(Color.GREEN);
        g.fillRect(wide ? 100 : 0, wide ? 0 : 100, 100, 100); // the centre square
        g.dispose();
        BufferedImage fitted = StableDiffusionStylizer.fitToContract(image, 64, 64);
        assertThat(fitted.getWidth()).isEqualTo(64);
        assertThat(fitted.getHeight()).isEqualTo(64);
        for (int y = 0; y < 64; y += 9) {
            for (int x = 0; x < 64; x += 9) {
                assertThat(fitted.getRGB(x, y) & 0xffffff).as("pixel %d,%d", x, y).isEqualTo(0x00ff00);
            }
        }
    }

    @Test
    void providerIsTheDefaultStylizerAndLoadsTheModelNamedByOption() throws Exception {
        StageRegistry registry = StageRegistry.load();
        assertThat(registry.find(Stylizer.class, null)).isInstanceOf(StableDiffusionProvider.class);
        assertThat(registry.find(Stylizer.class, "stable-diffusion").isDefault()).isTrue();
        StageSettings settings = StageSettings.ofModelsDir(SdFixtures.fixturesDir()).withOption("model", "sd-tiny")
                .withOption("steps", "2").withOption("strength", "0.5");
        try (Stylizer stylizer = registry.create(Stylizer.class, "stable-diffusion", settings)) {
            Stylized out = stylizer.apply(request(5));
            assertThat(out.image().getWidth()).isEqualTo(64);
            assertThat(((StableDiffusionStylizer) stylizer).options()).isEqualTo(new SdOptions(2, 0.5));
        }
    }

    @Test
    void providerWithoutTheModelSaysWhichModelAndHowToGetIt(@TempDir Path empty) {
        StableDiffusionProvider provider = new StableDiffusionProvider();
        assertCreateFails(provider, StageSettings.ofModelsDir(empty))
                .hasMessageContaining("sd-lcm")
                .hasMessageContaining(ModelStore.HOW_TO_GET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"strength=1.5", "strength=abc", "steps=0", "steps=x"})
    void providerRejectsBadOptionsNamingThem(String option) {
        String[] kv = option.split("=");
        StageSettings settings = StageSettings.ofModelsDir(SdFixtures.fixturesDir()).withOption("model", "sd-tiny")
                .withOption(kv[0], kv[1]);
        assertCreateFails(new StableDiffusionProvider(), settings).hasMessageContaining("bad option");
    }

    @Test
    void aPartThatCannotLoadFailsTheLoadNamingTheFile(@TempDir Path models) throws Exception {
        Path copy = models.resolve("sd-broken");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(SdFixtures.fixturesDir().resolve("sd-tiny"))) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Path broken = copy.resolve("vae_decoder.pt");
        Files.writeString(broken, "not a TorchScript file");
        ObjectNode manifest = (ObjectNode) SdFixtures.JSON.readTree(copy.resolve("manifest.json").toFile());
        ((ObjectNode) manifest.get("files").get("vae_decoder")).put("sha256", ModelStore.sha256(broken));
        SdFixtures.JSON.writeValue(copy.resolve("manifest.json").toFile(), manifest);

        ResolvedModel resolved = ModelStore.at(models).resolve("sd-broken");
        assertThatThrownBy(() -> StableDiffusionStylizer.load(resolved, SdOptions.defaults(), StepListener.NONE))
                .isInstanceOf(StageException.class)
                .hasMessageContaining("vae_decoder.pt");
    }

    @Test
    void contractWithoutASchedulerIsAModelErrorThatSaysHowToFixIt() throws Exception {
        ResolvedModel tiny = SdFixtures.tiny();
        ObjectNode contract = (ObjectNode) tiny.manifest().contract().deepCopy();
        contract.remove("scheduler");
        var manifest = new io.phototriage.core.model.ModelManifest(tiny.manifest().name(), tiny.manifest().engine(),
                tiny.manifest().files(), contract, tiny.manifest().source());
        assertThatThrownBy(() -> SdContract.of(manifest)).isInstanceOf(ModelException.class)
                .hasMessageContaining("\"scheduler\" is missing").hasMessageContaining("tools/export/export.py stable-diffusion");
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
