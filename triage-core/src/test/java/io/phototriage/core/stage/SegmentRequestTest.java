package io.phototriage.core.stage;

import static io.phototriage.core.testing.FakePhotos.photo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.Pipeline;
import io.phototriage.core.testing.FakePhotos;
import io.phototriage.core.testing.FakeStages;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The segmenter sees the photo's ranked detections, with the best one as its prompt. */
class SegmentRequestTest {
    private static final Detection DOG = new Detection("dog", 0.4, new BoundingBox(0, 0, 10, 10));
    private static final Detection PERSON = new Detection("person", 0.9, new BoundingBox(20, 20, 30, 30));
    private static final Detection CAT = new Detection("cat", 0.6, new BoundingBox(5, 5, 25, 25));

    @Test
    void pipelinePromptsWithTheBestBoxAndPassesEveryDetectionBestFirst() throws Exception {
        Detections three = new Detections(List.of(DOG, PERSON, CAT), 0.3);
        List<SegmentRequest> requests = new ArrayList<>();
        try (Pipeline pipeline = Pipeline.builder().decoder(new FakePhotos.Decoder())
                .detect(FakeStages.detector(p -> three))
                .segment(request -> {
                    requests.add(request);
                    return FakeStages.boxSegmenter().apply(request);
                })
                .build()) {
            pipeline.process(photo("", "a.jpg"));
        }
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).subject()).isEqualTo(PERSON);
        assertThat(requests.get(0).detections()).containsExactly(PERSON, CAT, DOG);
    }

    @Test
    void aOnePromptRequestHasOnlyThatCandidate() throws Exception {
        SegmentRequest request = new SegmentRequest(new FakePhotos.Decoder().decode(photo("", "a.jpg")), DOG);
        assertThat(request.detections()).containsExactly(DOG);
    }

    @Test
    void candidatesMustStartWithThePrompt() throws Exception {
        var decoded = new FakePhotos.Decoder().decode(photo("", "a.jpg"));
        assertThatThrownBy(() -> new SegmentRequest(decoded, DOG, List.of(PERSON, DOG)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must start with the subject");
        assertThatThrownBy(() -> new SegmentRequest(decoded, DOG, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SegmentRequest.of(decoded, new Detections(List.of(), 0.3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no detection");
    }

    @Test
    void onlyTheBoxMethodIsApproximateAndAnyOtherBoxOrMethodIsAFallback() {
        Mask mask = Mask.of(2, 1, new boolean[] {true, false});
        var image = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_ARGB);
        Segmentation plain = new Segmentation(mask, 0.9, image, image);
        assertThat(plain.source()).isEqualTo(Segmentation.Source.PROMPT);
        assertThat(plain.approximate()).isFalse();
        assertThat(plain.source().isFallback()).isFalse();

        Segmentation box = new Segmentation(mask, Double.NaN, image, image,
                new Segmentation.Source(Segmentation.Method.BOX, 0, "person", "mask was empty"));
        assertThat(box.approximate()).isTrue();
        assertThat(box.source().isFallback()).isTrue();

        Segmentation nextBox = new Segmentation(mask, 0.8, image, image,
                new Segmentation.Source(Segmentation.Method.MODEL, 1, "", "box 1 was 1x21 px"));
        assertThat(nextBox.approximate()).isFalse();
        assertThat(nextBox.source().isFallback()).isTrue();
        assertThat(Segmentation.Method.OTHER_CLASS.id()).isEqualTo("other-class");
        assertThat(Segmentation.Method.FALLBACK_MODEL.id()).isEqualTo("fallback-model");
        assertThatThrownBy(() -> new Segmentation.Source(Segmentation.Method.MODEL, -1, "", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
