package io.phototriage.models.resnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResNetPreprocessorTest {
    private final ResNetPreprocessor preprocessor = ResNetPreprocessor.imageNet();

    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
    @CsvSource({
        "640, 480, 341, 256", // int(256 * 640 / 480) = int(341.33)
        "480, 640, 256, 341",
        "300, 300, 256, 256",
        "1000, 257, 996, 256", // int(996.1)
        "224, 224, 256, 256", // upscales like the HF processor
    })
    void shortestEdgeBecomes256AndLongEdgeIsTruncatedLikePython(int w, int h, int expectedW, int expectedH) {
        BufferedImage resized = preprocessor.resizeShortestEdge(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB));
        assertThat(resized.getWidth()).isEqualTo(expectedW);
        assertThat(resized.getHeight()).isEqualTo(expectedH);
    }

    @Test
    void centreCropTakesFloorOffsetsLikeTheHuggingFaceProcessor() {
        BufferedImage image = new BufferedImage(227, 225, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 0, 0xff0000); // (227 - 224) / 2 = 1, (225 - 224) / 2 = 0
        BufferedImage crop = preprocessor.centerCrop(image);
        assertThat(crop.getWidth()).isEqualTo(224);
        assertThat(crop.getHeight()).isEqualTo(224);
        assertThat(crop.getRGB(0, 0) & 0xffffff).isEqualTo(0xff0000);
    }

    @Test
    void normaliseIsPlanarRgbMinusMeanOverStd() {
        BufferedImage crop = new BufferedImage(224, 224, BufferedImage.TYPE_INT_RGB);
        crop.setRGB(3, 2, 0xff8000);
        float[] v = preprocessor.normalize(crop);
        int i = 2 * 224 + 3;
        int plane = 224 * 224;
        assertThat(v[i]).isEqualTo((1f - 0.485f) / 0.229f);
        assertThat(v[plane + i]).isEqualTo((128f / 255f - 0.456f) / 0.224f);
        assertThat(v[2 * plane + i]).isEqualTo((0f - 0.406f) / 0.225f);
    }

    @Test
    void contractValuesOverrideTheImageNetDefaults() throws Exception {
        var contract = new ObjectMapper().readTree(
                "{\"image_size\": 192, \"resize_shortest_edge\": 220, \"mean\": [0.5, 0.5, 0.5], \"std\": [0.25, 0.25, 0.25]}");
        ResNetPreprocessor p = ResNetPreprocessor.of(contract);
        assertThat(p.imageSize()).isEqualTo(192);
        assertThat(p.resizeShortestEdge()).isEqualTo(220);
        assertThat(p.mean()).containsExactly(0.5f, 0.5f, 0.5f);
        assertThat(p.pixelValues(new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB))).hasSize(3 * 192 * 192);
    }

    @Test
    void cropLargerThanTheResizedEdgeIsRejected() {
        assertThatThrownBy(() -> new ResNetPreprocessor(256, 224, new float[3], new float[] {1, 1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("imageSize <= resizeShortestEdge");
    }
}
