package io.phototriage.core.image;

import static io.phototriage.core.testing.NoiseJpegs.jpeg;
import static io.phototriage.core.testing.NoiseJpegs.noise;
import static org.assertj.core.api.Assertions.assertThat;

import io.phototriage.core.testing.JpegQuirks;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JpegHeaderTest {

    @ParameterizedTest
    @ValueSource(strings = {"orient-1.jpg", "orient-6.jpg", "jpeg-420.jpg", "jpeg-422.jpg", "jpeg-420-progressive.jpg",
        "icc-camera-rgb.jpg", "cmyk.jpg", "ycck.jpg"})
    void theTestPhotosHoldTogether(String name) throws IOException {
        assertThat(JpegHeader.markersIntact(resource(name))).isTrue();
    }

    @Test
    void baselineAndProgressiveFilesHoldTogether() throws IOException {
        assertThat(JpegHeader.markersIntact(jpeg(noise(96, 64), false))).isTrue();
        assertThat(JpegHeader.markersIntact(jpeg(noise(96, 64), true))).isTrue();
    }

    @Test
    void bytesWithoutAMarkerBeforeTheEoiAreStillScanData() throws IOException {
        // libjpeg warns about them ("extraneous bytes before marker 0xd9") and decodes the picture
        assertThat(JpegHeader.markersIntact(JpegQuirks.junkBeforeEoi(jpeg(noise(96, 64), false)))).isTrue();
    }

    @Test
    void aFileCutShortOrWithBytesAfterItsEoiDoesNot() throws IOException {
        byte[] whole = jpeg(noise(96, 64), false);

        assertThat(JpegHeader.markersIntact(Arrays.copyOf(whole, whole.length - 100))).isFalse();
        byte[] trailing = Arrays.copyOf(whole, whole.length * 2);
        System.arraycopy(whole, 0, trailing, whole.length, whole.length); // two pictures back to back (as in MPO)
        assertThat(JpegHeader.markersIntact(trailing)).isFalse();
    }

    @Test
    void damagedScanDataDoesNot() throws IOException {
        byte[] whole = jpeg(noise(256, 192), false);
        byte[] damaged = whole.clone();
        Random random = new Random(7);
        for (int i = middleOfScan(whole), n = 0; n < 2000 && i < whole.length - 2; i++, n++) {
            damaged[i] = (byte) random.nextInt(256);
        }

        assertThat(JpegHeader.markersIntact(damaged)).isFalse();
    }

    @Test
    void aSecondFrameHeaderOrAMarkerOutsideAScanDoesNot() throws IOException {
        byte[] whole = jpeg(noise(96, 64), false);

        assertThat(JpegHeader.markersIntact(withMarker(whole, middleOfScan(whole), 0xc0))).isFalse(); // a second SOF0
        // a restart marker where the first segment's marker belongs
        assertThat(JpegHeader.markersIntact(withMarker(whole, 2, 0xd0))).isFalse();
        assertThat(JpegHeader.markersIntact(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xd9})).isFalse();
    }

    /** Half way between the start-of-scan marker and the end of the file: inside the entropy-coded data. */
    private static int middleOfScan(byte[] jpeg) {
        int scan = indexOf(jpeg, 0xda);
        return scan + (jpeg.length - scan) / 2;
    }

    /** A copy of {@code jpeg} with the marker {@code 0xff marker} written over the two bytes at {@code at}. */
    private static byte[] withMarker(byte[] jpeg, int at, int marker) {
        byte[] copy = jpeg.clone();
        copy[at] = (byte) 0xff;
        copy[at + 1] = (byte) marker;
        return copy;
    }

    private static int indexOf(byte[] jpeg, int marker) {
        for (int i = 0; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == marker) {
                return i;
            }
        }
        throw new AssertionError("no marker " + Integer.toHexString(marker));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = JpegHeaderTest.class.getResourceAsStream("/images/" + name)) {
            assertThat(in).as("test image images/%s", name).isNotNull();
            return in.readAllBytes();
        }
    }
}
