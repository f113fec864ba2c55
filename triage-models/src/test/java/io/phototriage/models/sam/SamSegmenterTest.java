package io.phototriage.models.sam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.Mask;
import io.phototriage.core.stage.SegmentRequest;
import io.phototriage.core.stage.Segmentation;
import io.phototriage.core.testing.MaskImages;
import io.phototriage.core.testing.NeedsNatives;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@NeedsNatives
class SamSegmenterTest {
    private static final BoundingBox DOG = new BoundingBox(214.15, 41.29, 562.41, 285.07);
    private static final BoundingBox OTHER = new BoundingBox(10, 300, 200, 470);

    @AutoClose
    private static SamSegmenter segmenter;
    private static DecodedPhoto photo;

    @BeforeAll
    static void load() throws Exception {
        segmenter = SamSegmenter.load(SamFixtures.tinyModel(), SamOptions.defaults());
        photo = SamFixtures.cocoPhoto("000000000042.jpg");
    }

    @Test
    void cutoutHasPhotoPixelsInsideTheMaskAndAlphaZeroOutside() throws Exception {
        Segmentation s = segmenter.apply(new SegmentRequest(photo, new Detection("dog", 0.9, DOG)));

        assertThat(s.cutout().getType()).isEqualTo(BufferedImage.TYPE_INT_ARGB);
        assertThat(MaskImages.assertCutoutOfMask(s, photo.image())).isPositive();
        assertThat(Math.max(s.thumbnail().getWidth(), s.thumbnail().getHeight())).isEqualTo(SamOptions.DEFAULT_THUMBNAIL_SIZE);
    }

    @Test
    void secondBoxOnTheSameEmbeddingDoesNotRerunTheEncoder() throws Exception {
        long embedsBefore = segmenter.encoder().embedCount();
        long decodesBefore = segmenter.decoder().decodeCount();

        ImageEmbedding embedding = segmenter.encoder().embed(photo);
        Segmentation first = segmenter.segment(photo, embedding, DOG);
        Segmentation second = segmenter.segment(photo, embedding, OTHER);

        assertThat(segmenter.encoder().embedCount() - embedsBefore).isEqualTo(1);
        assertThat(segmenter.decoder().decodeCount() - decodesBefore).isEqualTo(2);
        assertThat(first.mask()).isNotEqualTo(second.mask());
    }

    @Test
    void applyPromptsEveryBoxOnOneEmbeddingAndDeclinesWhenNoMaskReachesMinSize() throws Exception {
        // The random-weight fixture's masks cover the whole 640x478 photo whatever the box, so min-size 478 accepts
        // the prompt's mask and 479 rejects every box's: the photo is then declined, not failed.
        Detection dog = new Detection("dog", 0.9, DOG);
        Detection other = new Detection("cat", 0.8, OTHER);
        SegmentRequest request = new SegmentRequest(photo, dog, List.of(dog, other));
        try (SamSegmenter fits = SamSegmenter.load(SamFixtures.tinyModel(),
                new SamOptions(SamOptions.DEFAULT_THUMBNAIL_SIZE, false, 478));
                SamSegmenter tooBig = SamSegmenter.load(SamFixtures.tinyModel(),
                        new SamOptions(SamOptions.DEFAULT_THUMBNAIL_SIZE, false, 479))) {
            assertThat(fits.apply(request).source()).isEqualTo(Segmentation.Source.PROMPT);

            long embedsBefore = tooBig.encoder().embedCount();
            long decodesBefore = tooBig.decoder().decodeCount();
            assertThatThrownBy(() -> tooBig.apply(request))
                    .isInstanceOf(io.phototriage.core.stage.StageSkipException.class)
                    .hasMessageContaining("no usable cut-out (min-size 479 px)")
                    .hasMessageContaining("box 1 dog: SAM's mask is 640x478 px, under min-size 479")
                    .hasMessageContaining("box 2 cat: SAM's mask is 640x478 px");
            assertThat(tooBig.encoder().embedCount() - embedsBefore).as("one embedding for both prompts").isEqualTo(1);
            assertThat(tooBig.decoder().decodeCount() - decodesBefore).isEqualTo(2);
        }
    }

    @Test
    void segmentAllEmbedsOnceAndMatchesOneBoxAtATime() throws Exception {
        long embedsBefore = segmenter.encoder().embedCount();

        List<Segmentation> both = segmenter.segmentAll(photo, List.of(DOG, OTHER));

        assertThat(segmenter.encoder().embedCount() - embedsBefore).isEqualTo(1);
        ImageEmbedding embedding = segmenter.encoder().embed(photo);
        Segmentation dog = segmenter.segment(photo, embedding, DOG);
        Segmentation other = segmenter.segment(photo, embedding, OTHER);
        // Batched and single-box decoder runs differ only by float rounding.
        assertThat(both.get(0).mask().iou(dog.mask())).isGreaterThanOrEqualTo(0.999);
        assertThat(both.get(1).mask().iou(other.mask())).isGreaterThanOrEqualTo(0.999);
        assertThat(both.get(0).score()).isCloseTo(dog.score(), within(1e-5));
    }

    @Test
    void embeddingOfAnotherImageIsRejected() throws Exception {
        ImageEmbedding embedding = segmenter.encoder().embed(photo);
        DecodedPhoto smaller = DecodedPhoto.full(photo.photo(), photo.image().getSubimage(0, 0, 100, 80));

        assertThatThrownBy(() -> segmenter.segment(smaller, embedding, DOG))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("640x478")
                .hasMessageContaining("100x80");
    }

    @Test
    void softEdgesGiveAlphaSigmoidOfTheLogitAndAreOffByDefault() throws Exception {
        assertThat(SamOptions.defaults().softEdges()).isFalse();
        BufferedImage image = new BufferedImage(4, 1, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 4; x++) {
            image.setRGB(x, 0, 0x102030 * (x + 1));
        }
        float[] logits = {-20f, -0.5f, 0.5f, 20f};
        Mask mask = Mask.of(4, 1, new boolean[] {false, false, true, true});

        BufferedImage soft = SamSegmenter.softCutout(image, logits, mask);

        assertThat(soft.getWidth()).isEqualTo(2);
        assertThat(soft.getRGB(0, 0) >>> 24).isEqualTo((int) Math.round(255 / (1 + Math.exp(-0.5))));
        assertThat(soft.getRGB(1, 0) >>> 24).isEqualTo(255);
        assertThat(soft.getRGB(1, 0) & 0xffffff).isEqualTo(0x102030 * 4);
    }

    @Test
    void modelInfoNamesTheModelAndItsWeights() {
        assertThat(segmenter.model().name()).isEqualTo(SamFixtures.MODEL);
        assertThat(segmenter.model().weights()).startsWith(SamFixtures.MODEL + "@");
        assertThat(segmenter.model().engine()).isEqualTo("PyTorch");
    }
}
