package io.phototriage.models.sam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Mask;
import io.phototriage.core.stage.Segmentation;
import io.phototriage.core.testing.MaskImages;
import io.phototriage.core.testing.NeedsNatives;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity with the Python reference (SamProcessor + SamModel.forward + post_process_masks, transformers 4.57.6) on
 * the tiny random-weight fixture; golden files from {@code tools/export/export.py sam --tiny}.
 */
@NeedsNatives
class SamGoldenParityTest {
    /** pixel_values: both sides resize with PIL's exact integer arithmetic, so only float32 rounding remains. */
    private static final double PIXEL_TOLERANCE = 1e-6;
    /** Sum of ~1M pixel values per channel (double sums of identical float32 values; slack for summation order). */
    private static final double CHANNEL_SUM_TOLERANCE = 1e-2;
    /** The box in the 1024 frame: float32 of the same double product. */
    private static final double BOX_TOLERANCE = 1e-4;
    /**
     * IoU predictions and low-res mask logits (|logit| ~0.5 on average): libtorch 2.3.1 (DJL) vs PyTorch 2.13 CPU.
     * Measured: at most 1.3e-6 on IoU and 5.1e-5 on logits; pixel_values are identical.
     */
    private static final double MODEL_TOLERANCE = 1e-4;
    /** The final mask may differ only where an upsampled logit is within float rounding of the threshold. */
    private static final double MIN_MASK_IOU = 0.99;

    @AutoClose
    private static SamSegmenter segmenter;

    @BeforeAll
    static void load() throws Exception {
        segmenter = SamSegmenter.load(SamFixtures.tinyModel(), SamOptions.defaults());
    }

    static Stream<String> photos() throws Exception {
        JsonNode index = SamFixtures.golden("index.json");
        return Stream.iterate(0, i -> i < index.get("photos").size(), i -> i + 1).map(i -> index.get("photos").get(i).asText());
    }

    private static DecodedPhoto photo(JsonNode golden) throws Exception {
        DecodedPhoto photo = SamFixtures.cocoPhoto(golden.get("photo").asText());
        assertThat(SamFixtures.rgbSha256(photo.image()))
                .as("ImageIO must decode %s to the RGB bytes Pillow gave the reference", golden.get("photo").asText())
                .isEqualTo(golden.get("rgb_sha256").asText());
        return photo;
    }

    private static BoundingBox box(JsonNode golden) {
        JsonNode b = golden.get("box");
        return new BoundingBox(b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble());
    }

    @ParameterizedTest
    @MethodSource("photos")
    void pixelValuesAndBoxMatchSamProcessor(String stem) throws Exception {
        JsonNode golden = SamFixtures.golden(stem + ".json");
        DecodedPhoto photo = photo(golden);
        SamPreprocessor pre = segmenter.encoder().preprocessor();

        ResizeGeometry g = pre.geometry(photo.image());
        assertThat(new int[] {g.originalHeight(), g.originalWidth()})
                .containsExactly(golden.get("original_size").get(0).asInt(), golden.get("original_size").get(1).asInt());
        assertThat(new int[] {g.resizedHeight(), g.resizedWidth()})
                .containsExactly(golden.get("reshaped_input_size").get(0).asInt(),
                        golden.get("reshaped_input_size").get(1).asInt());

        float[] pixels = pre.pixelValues(photo.image());
        int size = g.inputSize();
        int plane = size * size;
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                sum += pixels[i];
            }
            assertThat(sum).as("channel %d sum", c)
                    .isCloseTo(golden.get("pixel_values_channel_sums").get(c).asDouble(), within(CHANNEL_SUM_TOLERANCE));
        }
        int stride = golden.get("pixel_values_subsample_stride").asInt();
        float[] expected = SamFixtures.goldenFloats(stem + "_pixels.f32");
        int side = (size + stride - 1) / stride;
        assertThat(expected).hasSize(3 * side * side);
        double maxDiff = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    float actual = pixels[c * plane + y * stride * size + x * stride];
                    maxDiff = Math.max(maxDiff, Math.abs(actual - expected[(c * side + y) * side + x]));
                }
            }
        }
        assertThat(maxDiff).as("max |pixel_values - reference| on the subsample").isLessThanOrEqualTo(PIXEL_TOLERANCE);

        float[] inputBox = g.toInputFrame(box(golden));
        for (int i = 0; i < 4; i++) {
            assertThat((double) inputBox[i]).isCloseTo(golden.get("input_box").get(i).asDouble(), within(BOX_TOLERANCE));
        }
    }

    @ParameterizedTest
    @MethodSource("photos")
    void iouScoresAndLowResMasksMatchSamModel(String stem) throws Exception {
        JsonNode golden = SamFixtures.golden(stem + ".json");
        DecodedPhoto photo = photo(golden);

        ImageEmbedding embedding = segmenter.encoder().embed(photo);
        MaskPrediction prediction = segmenter.decoder().segment(embedding, box(golden));

        assertThat(embedding.gridHeight()).isEqualTo(64);
        assertThat(embedding.gridWidth()).isEqualTo(64);
        assertThat(prediction.maskCount()).isEqualTo(3);
        assertThat(prediction.size()).isEqualTo(256);
        float[] iou = prediction.iouScores();
        for (int i = 0; i < 3; i++) {
            assertThat((double) iou[i]).as("iou_scores[%d]", i)
                    .isCloseTo(golden.get("iou_scores").get(i).asDouble(), within(MODEL_TOLERANCE));
        }
        assertThat(prediction.bestIndex()).isEqualTo(golden.get("best_mask").asInt());

        float[] expected = SamFixtures.goldenFloats(stem + "_masks.f32");
        int perMask = 256 * 256;
        for (int m = 0; m < 3; m++) {
            float[] actual = prediction.logits(m);
            double maxDiff = 0;
            for (int i = 0; i < perMask; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[m * perMask + i]));
            }
            assertThat(maxDiff).as("max |low-res logits - reference| of mask %d", m).isLessThanOrEqualTo(MODEL_TOLERANCE);
        }
    }

    @ParameterizedTest
    @MethodSource("photos")
    void finalMaskMatchesPostProcessMasks(String stem) throws Exception {
        JsonNode golden = SamFixtures.golden(stem + ".json");
        DecodedPhoto photo = photo(golden);

        Segmentation result = segmenter.segmentAll(photo, java.util.List.of(box(golden))).get(0);

        Mask reference = MaskImages.nonBlack(SamFixtures.goldenImage(stem + "_mask.png"));
        assertThat(reference.area()).isEqualTo(golden.get("mask_area").asLong());
        assertThat(result.mask().width()).isEqualTo(photo.width());
        assertThat(result.mask().height()).isEqualTo(photo.height());
        assertThat(result.mask().iou(reference)).isGreaterThanOrEqualTo(MIN_MASK_IOU);
        int best = golden.get("best_mask").asInt();
        assertThat(result.score()).isCloseTo(golden.get("iou_scores").get(best).asDouble(), within(MODEL_TOLERANCE));
    }
}
