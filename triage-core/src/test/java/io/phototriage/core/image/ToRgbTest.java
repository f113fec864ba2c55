package io.phototriage.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link ImageIoPhotoDecoder#toRgb}'s copy of 8-bit sRGB BGR rasters equals the {@code getRGB} conversion (#13). */
class ToRgbTest {
    private static void assertSamePixels(BufferedImage source, BufferedImage rgb) {
        assertThat(rgb.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < source.getHeight(); y++) {
            for (int x = 0; x < source.getWidth(); x++) {
                assertThat(rgb.getRGB(x, y) & 0xffffff).as("(%d, %d)", x, y).isEqualTo(source.getRGB(x, y) & 0xffffff);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DecodeOptions.ColorProfile.class)
    void aThreeByteBgrSrgbImageIsCopiedExactly(DecodeOptions.ColorProfile profile) {
        BufferedImage bgr = PixelsTest.random(BufferedImage.TYPE_3BYTE_BGR, 29, 17, 5);
        assertSamePixels(bgr, ImageIoPhotoDecoder.toRgb(bgr, profile));
        BufferedImage sub = bgr.getSubimage(3, 2, 20, 11);
        assertSamePixels(sub, ImageIoPhotoDecoder.toRgb(sub, profile));
    }

    @ParameterizedTest
    @EnumSource(DecodeOptions.ColorProfile.class)
    void aBgrRasterInAnotherRgbSpaceIsStillConverted(DecodeOptions.ColorProfile profile) {
        ComponentColorModel linear = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_LINEAR_RGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 13, 7, 13 * 3, 3, new int[] {2, 1, 0}, null);
        Random random = new Random(9);
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 13; x++) {
                raster.setPixel(x, y, new int[] {random.nextInt(256), random.nextInt(256), random.nextInt(256)});
            }
        }
        BufferedImage image = new BufferedImage(linear, raster, false, null);
        BufferedImage rgb = ImageIoPhotoDecoder.toRgb(image, profile);
        if (profile == DecodeOptions.ColorProfile.IGNORE) {
            // IGNORE takes the samples as they are (the profile is not applied)
            for (int x = 0; x < 13; x++) {
                int[] s = raster.getPixel(x, 3, (int[]) null);
                assertThat(rgb.getRGB(x, 3) & 0xffffff).isEqualTo((s[0] << 16) | (s[1] << 8) | s[2]);
            }
        } else {
            assertSamePixels(image, rgb);
        }
    }
}
