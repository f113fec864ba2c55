package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.phototriage.core.FolderScanner;
import io.phototriage.core.DecodeInfo;
import io.phototriage.core.Photo;
import io.phototriage.core.PhotoResult;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Detection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The driver's small parts: photo names, safe output names, box mapping, progress lines, HTML escaping. */
class DriverPartsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "a.jpg, true", "A.JPG, true", "b.JpEg, true", "c.png, true", "d.webp, true", "e.tif, true", "f.TIFF, true",
        "g.bmp, true", "h.gif, true", "notes.txt, false", "jpg, false", ".jpg, false", "archive.jpg.zip, false",
        "raw.cr2, true", "phone.HEIC, true", "movie.mp4, false"})
    void photosAreRecognisedByExtensionCaseInsensitively(String name, boolean photo) {
        assertThat(FolderScanner.isPhotoName(name)).isEqualTo(photo);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<img src=x onerror=alert(1)>.jpg", "../../etc/passwd.jpg", "a/b/..\\..\\c.png", "Ünïcødé 照片 ☃.PNG",
        "con.jpg", "   .jpg", "a\u0000b\nc.jpg", "-rf.jpg", "${jndi:ldap}.jpg", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.jpg"})
    void outputNamesAreHashPlusSanitisedStem(String id) {
        String name = OutputLayout.safeName("album/" + id, "png");

        assertThat(name).matches("[0-9a-f]{12}-[a-z0-9_-]{0,40}\\.png");
    }

    @Test
    void outputNamesDifferForDifferentPathsWithTheSameStem() {
        Set<String> names = new HashSet<>();
        for (String id : List.of("a/x.jpg", "b/x.jpg", "x.jpg", "a/x.png", "a/X.jpg")) {
            names.add(OutputLayout.safeName(id, "jpg"));
        }
        assertThat(names).hasSize(5);
        assertThat(OutputLayout.stylizedName("")).startsWith("stylized/").isNotEqualTo(OutputLayout.stylizedName("album"));
    }

    @ParameterizedTest(name = "decoded {0}x{1} of original {2}x{3}")
    @CsvSource({
        // decodedW, decodedH, originalW, originalH, box in decoded pixels -> box in original pixels
        "100, 50, 100, 50, 10, 5, 60, 45, 10, 5, 60, 45",
        "100, 50, 400, 200, 10, 5, 60, 45, 40, 20, 240, 180",
        "100, 75, 300, 225, 0, 0, 100, 75, 0, 0, 300, 225",
        "100, 50, 200, 100, 90, 40, 120, 60, 180, 80, 200, 100"})
    void detectionBoxesAreMappedToOriginalPixelsAndClipped(int dw, int dh, int ow, int oh, double x0, double y0, double x1,
            double y1, double ex0, double ey0, double ex1, double ey1) {
        Journal.DetectionEntry e = FolderTriage.toOriginal(new Detection("cat", 0.7, new BoundingBox(x0, y0, x1, y1)),
                new DecodeInfo(ow, oh, dw, dh));

        assertThat(e.box()).containsExactly(ex0, ey0, ex1, ey1);
        assertThat(e.label()).isEqualTo("cat");
    }

    /**
     * What a progress reporter prints for a run of {@code a.jpg} photos in {@code album}, one per entry of
     * {@code nanosBeforeEach}: how far its clock moves before that photo finishes.
     */
    private static String progressOf(boolean terminal, String album, long... nanosBeforeEach) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong();
        ProgressReporter reporter = new ProgressReporter(new PrintStream(bytes, true, StandardCharsets.UTF_8), terminal, clock::get);
        PhotoResult result = PhotoResult.of(new Photo(Path.of("a.jpg"), album + "/a.jpg", album));
        int total = nanosBeforeEach.length;
        reporter.runStarted(total);
        for (int done = 1; done <= total; done++) {
            clock.addAndGet(nanosBeforeEach[done - 1]);
            reporter.photoFinished(result, done, total);
        }
        reporter.runFinished(total);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainProgressPrintsFirstLastAndPeriodicLines() {
        long[] onePerSecond = new long[10];
        Arrays.fill(onePerSecond, 1_000_000_000L);

        List<String> lines = progressOf(false, "trip", onePerSecond).lines().toList();
        // Photo 1, photo 6 (5 s later) and the last one.
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("[ 1/10]  10.0%  1.00 photos/s  ETA 0:09  album: trip");
        assertThat(lines.get(1)).startsWith("[ 6/10]  60.0%");
        assertThat(lines.get(lines.size() - 1)).startsWith("[10/10] 100.0%").contains("ETA 0:00");
    }

    @Test
    void terminalProgressRedrawsOneLineAndSanitisesAlbumNames() {
        String out = progressOf(true, "evil\u001b[2J", 500_000_000L, 0L);

        assertThat(out).startsWith("\r[1/2]").contains("\r[2/2]").endsWith(System.lineSeparator()).contains("album: evil?[2J")
                .doesNotContain("\u001b[2J");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<script>alert(1)</script>|&lt;script&gt;alert(1)&lt;/script&gt;",
        "a\"b'c`d|a&quot;b&#39;c&#96;d",
        "Tom & Jerry|Tom &amp; Jerry",
        "plain ünïcode ☃|plain ünïcode ☃"})
    void htmlEscapingCoversTextAndAttributes(String raw, String escaped) {
        assertThat(HtmlIndex.attr(raw)).isEqualTo(escaped);
        assertThat(HtmlIndex.text(raw)).isEqualTo(escaped);
    }
}
