package io.phototriage.models.selfie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.phototriage.core.stage.BoundingBox;
import io.phototriage.models.lite.SubjectMasks.PixelRange;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The selfie model's crop and paste-back on canned probabilities: no weights, no native engine. */
class SelfieCropTest {
    @Test
    void cropIsTheBoxGrownByTheMarginAndClippedToThePhoto() {
        SelfieCrop crop = SelfieCrop.of(new BoundingBox(10, 100, 110, 300), 0.25, 400, 320);
        assertThat(crop).isEqualTo(new SelfieCrop(0, 50, 135, 320));
    }

    @Test
    void probabilitiesArePastedBackInsideThePromptBoxOnly() {
        // Crop == box == the whole 512x512 photo, so model pixel (u, v) covers photo pixels 2u..2u+1.
        SelfieCrop crop = SelfieCrop.of(new BoundingBox(0, 0, 512, 512), 0, 512, 512);
        float[] probability = new float[256 * 256];
        for (int v = 0; v < 256; v++) {
            Arrays.fill(probability, v * 256, v * 256 + 128, 0.9f); // left half of the model frame: person
        }
        PixelRange box = PixelRange.of(new BoundingBox(0, 0, 512, 512), 512, 512);

        SelfieCrop.PersonMask whole = crop.mask(probability, box, 512, 512);

        // Columns 0..255 sample u <= 127.25 (>= 0.7), column 256 samples u = 127.75 (0.9 -> 0 midway: 0.225).
        assertThat(whole.mask().boundingBox()).contains(new BoundingBox(0, 0, 256, 512));
        assertThat(whole.meanProbability()).isGreaterThan(0.85).isLessThanOrEqualTo(0.9);

        PixelRange lowerLeft = PixelRange.of(new BoundingBox(10, 300, 100, 400), 512, 512);
        SelfieCrop.PersonMask part = crop.mask(probability, lowerLeft, 512, 512);
        assertThat(part.mask().area()).isEqualTo(90 * 100);
        assertThat(part.meanProbability()).isCloseTo(0.9, within(1e-6));
    }
}
