package io.phototriage.core.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phototriage.core.stage.Mask;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class VideoTypesTest {

    @Test
    void anEmptyPromptMaskIsRefusedWithTheReason() {
        Mask empty = Mask.of(2, 2, new boolean[4]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new VideoPrompt.MaskPrompt(empty));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void aNonEmptyPromptMaskIsKept() {
        Mask one = Mask.of(2, 2, new boolean[] {false, true, false, false});
        assertEquals(1, new VideoPrompt.MaskPrompt(one).mask().area());
    }

    @Test
    void aFrameReportsItsSizeAndRefusesANegativeIndex() {
        BufferedImage image = new BufferedImage(5, 3, BufferedImage.TYPE_INT_RGB);
        VideoFrame frame = new VideoFrame(0, 0L, image);
        assertEquals(5, frame.width());
        assertEquals(3, frame.height());
        assertThrows(IllegalArgumentException.class, () -> new VideoFrame(-1, 0L, image));
    }
}
