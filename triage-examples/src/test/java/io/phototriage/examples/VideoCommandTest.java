package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.io.AtomicFiles;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.core.testing.SharedData;
import io.phototriage.models.video.ClipReader;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code video} and {@code eval-video}: bad input is refused before anything is written (synthetic frames, no models
 * needed), and on six real DAVIS frames with the real lite models every output is there and right (skips without
 * ../shared).
 */
class VideoCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private String err = "";

    private int run(VideoTriage.Options options) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = VideoTriage.run(options, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        err = bytes.toString(StandardCharsets.UTF_8);
        return code;
    }

    /** Runs {@code options} and expects the usage exit code and an error message containing each of {@code expected}. */
    private void assertUsageError(VideoTriage.Options options, String... expected) {
        int code = run(options);
        assertThat(code).as(err).isEqualTo(FolderTriage.EXIT_USAGE);
        assertThat(err).contains(expected);
    }

    private static VideoTriage.Options options(Path input, Path output, VideoTriage.PromptChoice prompt) {
        return new VideoTriage.Options(input, output, prompt, ModelSet.LITE, Optional.of(SharedData.models()), null, Map.of(),
                null, 24);
    }

    /** Blue frames with a red square: nothing DeepLab knows. */
    private Path syntheticFrames(int n) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("frames"));
        for (int i = 0; i < n; i++) {
            BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(Color.BLUE);
            g.fillRect(0, 0, 64, 48);
            g.setColor(Color.RED);
            g.fillRect(4 * i, 16, 12, 12);
            g.dispose();
            ImageIO.write(image, "png", dir.resolve(String.format("%05d.png", i)).toFile());
        }
        return dir;
    }

    private Path maskPng(String name, int w, int h, boolean filled) throws IOException {
        BufferedImage png = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        if (filled) {
            Graphics2D g = png.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 16, 12, 12);
            g.dispose();
        }
        Path file = tmp.resolve(name);
        ImageIO.write(png, "png", file.toFile());
        return file;
    }

    private void assertNothingWritten(Path output) throws IOException {
        assertThat(output).doesNotExist();
        try (Stream<Path> s = Files.list(output.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(AtomicFiles.TEMP_PREFIX));
        }
    }

    @Test
    void notAVideoOrAnEmptyFolderIsAUsageErrorAndWritesNothing() throws IOException {
        Path fake = Files.writeString(tmp.resolve("holiday.mp4"), "this is not a video");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path out = tmp.resolve("out");

        assertUsageError(options(fake, out, new VideoTriage.PromptChoice.Box(new io.phototriage.core.stage.BoundingBox(0, 0, 5, 5))),
                "not a video", "holiday.mp4");
        assertNothingWritten(out);
        assertUsageError(options(empty, out, new VideoTriage.PromptChoice.Auto()), "no frames");
        assertNothingWritten(out);
    }

    @Test
    void promptMaskOfTheWrongSizeOrEmptyAndABoxOutsideTheFrameAreRefused() throws IOException {
        Path frames = syntheticFrames(3);
        Path out = tmp.resolve("out");

        assertUsageError(options(frames, out, new VideoTriage.PromptChoice.MaskFile(maskPng("small.png", 10, 10, true))),
                "10x10", "64x48");
        assertUsageError(options(frames, out, new VideoTriage.PromptChoice.MaskFile(maskPng("blank.png", 64, 48, false))),
                "empty");
        assertUsageError(options(frames, out, new VideoTriage.PromptChoice.Box(VideoTriage.parseBox("100,100,120,130"))),
                "outside the 64x48 frame");
        assertNothingWritten(out);
    }

    @Test
    void outputInsideTheFramesFolderOrANonVideoFolderIsRefused() throws IOException {
        Path frames = syntheticFrames(2);
        Path box = tmp.resolve("box");
        assertUsageError(options(frames, frames.resolve("out"), new VideoTriage.PromptChoice.Auto()), "inside --input");
        Path used = Files.createDirectories(tmp.resolve("photos"));
        Files.writeString(used.resolve("keep.txt"), "mine");
        assertUsageError(options(frames, used, new VideoTriage.PromptChoice.Auto()), "not an earlier video output");
        assertThat(used.resolve("keep.txt")).hasContent("mine");
        assertThat(box).doesNotExist();
    }

    @Test
    void aSegmenterNameNobodyProvidesIsAModelsErrorNamingTheAvailableOnes() throws IOException {
        Path frames = syntheticFrames(2);
        Path out = tmp.resolve("out");
        VideoTriage.Options o = new VideoTriage.Options(frames, out, new VideoTriage.PromptChoice.Box(
                VideoTriage.parseBox("0,16,12,28")), ModelSet.LITE, Optional.empty(), "no-such-segmenter", Map.of(), null, 24);
        assertThat(run(o)).isEqualTo(FolderTriage.EXIT_MODELS);
        assertThat(err).contains("no video segmenter provider named 'no-such-segmenter'").contains("lite-video");
        assertNothingWritten(out);
    }

    @Test
    void cliParsesTheBoxAndNeedsExactlyOnePrompt() {
        assertThat(VideoTriage.parseBox(" 1, 2.5,3,4")).isEqualTo(new io.phototriage.core.stage.BoundingBox(1, 2.5, 3, 4));
        assertThat(PhotoTriageCliCapture.run(new ByteArrayOutputStream(), "video", "--input", "x", "--output", "y"))
                .isEqualTo(FolderTriage.EXIT_USAGE);
        assertThat(PhotoTriageCliCapture.run(new ByteArrayOutputStream(), "video", "--input", "x", "--output", "y", "--auto",
                "--prompt-box", "1,2,3,4")).isEqualTo(FolderTriage.EXIT_USAGE);
        assertThat(PhotoTriageCliCapture.run(new ByteArrayOutputStream(), "video", "--input", "x", "--output", "y",
                "--prompt-box", "1,2,3")).isEqualTo(FolderTriage.EXIT_USAGE);
    }

    // ---- with the real lite models and DAVIS frames ----

    private static Path davisDog() {
        Path dog = SharedData.root().resolve("data/davis/dog");
        assumeTrue(Files.isDirectory(dog) && Files.isDirectory(SharedData.models().resolve("deeplabv3-pascal")),
                "../shared/data/davis/dog or ../shared/models is absent: the lite video CLI tests need them");
        return dog;
    }

    /** The first {@code n} frames and masks of DAVIS dog, copied under a name that needs escaping. */
    private Path dogSlice(int n) throws IOException {
        Path dog = davisDog();
        Path seq = tmp.resolve("davis").resolve("dog <b>&\"x'");
        Files.createDirectories(seq.resolve("frames"));
        Files.createDirectories(seq.resolve("masks"));
        for (int i = 0; i < n; i++) {
            String f = String.format("%05d", i);
            Files.copy(dog.resolve("frames/" + f + ".jpg"), seq.resolve("frames/" + f + ".jpg"));
            Files.copy(dog.resolve("masks/" + f + ".png"), seq.resolve("masks/" + f + ".png"));
        }
        return seq;
    }

    @Test
    @NeedsNatives
    void videoWritesMasksCutoutPreviewJsonAndAnEscapedPageAndGoesOnAfterACorruptFrame() throws IOException {
        Path seq = dogSlice(6);
        Files.writeString(seq.resolve("frames/00003.jpg"), "corrupt");
        Path out = tmp.resolve("out");
        VideoTriage.Options o = new VideoTriage.Options(seq.resolve("frames"), out,
                new VideoTriage.PromptChoice.MaskFile(seq.resolve("masks/00000.png")), ModelSet.LITE,
                Optional.of(SharedData.models()), null, Map.of(), seq.resolve("masks"), 24);

        assertThat(run(o)).as(err).isZero();

        for (int i = 0; i < 6; i++) {
            BufferedImage m = ImageIO.read(out.resolve(String.format("masks/%05d.png", i)).toFile());
            assertThat(m.getWidth()).isEqualTo(854);
            assertThat(m.getHeight()).isEqualTo(480);
            for (int y = 0; y < 480; y += 7) {
                for (int x = 0; x < 854; x += 7) {
                    assertThat(m.getRaster().getSample(x, y, 0)).isIn(0, 255);
                }
            }
        }
        List<Integer> cutoutFrames = new ArrayList<>();
        try (ClipReader reader = ClipReader.open(out.resolve("cutout.mp4"))) {
            assertThat(reader.info().fps()).isEqualTo(24.0);
            while (reader.hasNext()) {
                try {
                    cutoutFrames.add(reader.next().index());
                } catch (NoSuchElementException end) {
                    break;
                }
            }
        }
        assertThat(cutoutFrames).hasSize(6);
        assertThat(Files.size(out.resolve("preview.gif"))).isBetween(1L, 2_000_000L);

        JsonNode doc = JSON.readTree(out.resolve("video.json").toFile());
        assertThat(doc.at("/frames")).hasSize(6);
        assertThat(doc.at("/frames/3/status").asText()).isEqualTo("failed");
        assertThat(doc.at("/frames/3/error").asText()).contains("00003.jpg");
        assertThat(doc.at("/frames/4/status").asText()).isEqualTo("done");
        assertThat(doc.at("/summary/failed").asInt()).isEqualTo(1);
        assertThat(doc.at("/summary/scoredFrames").asInt()).isEqualTo(4);
        assertThat(doc.at("/summary/meanJ").asDouble()).isGreaterThan(0.6);
        assertThat(doc.at("/outputs/cutoutCodec").asText()).isEqualTo("libopenh264");

        String html = Files.readString(out.resolve("index.html"));
        assertThat(html).doesNotContain("<b>&").contains("&lt;b&gt;&amp;&quot;x&#39;").contains("mean J");
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(AtomicFiles.TEMP_PREFIX));
        }
    }

    @Test
    @NeedsNatives
    void aPromptOnNothingDeepLabKnowsFailsWithoutHalfWrittenOutput() throws IOException {
        davisDog();
        Path frames = syntheticFrames(3);
        Path out = tmp.resolve("out");
        assertUsageError(options(frames, out, new VideoTriage.PromptChoice.MaskFile(maskPng("square.png", 64, 48, true))),
                "background");
        assertNothingWritten(out);
    }

    @Test
    @NeedsNatives
    void evalVideoWritesJPerSequenceAndLatency() throws IOException {
        Path seq = dogSlice(4);
        Path out = tmp.resolve("eval");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = VideoEval.run(new VideoEval.Options(seq.getParent(), out, ModelSet.LITE, Optional.of(SharedData.models()),
                null, Map.of(), false, List.of()), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(code).as(bytes.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode m = JSON.readTree(out.resolve("metrics.json").toFile());
        JsonNode dog = m.at("/sequences").get(seq.getFileName().toString());
        assertThat(dog.get("scoredFrames").asInt()).isEqualTo(3);
        assertThat(dog.get("perFrameJ")).hasSize(3);
        assertThat(dog.get("j").asDouble()).isGreaterThan(0.6);
        assertThat(m.get("meanJ").asDouble()).isEqualTo(dog.get("j").asDouble());
        assertThat(m.get("latencyP95Ms").asDouble()).isGreaterThanOrEqualTo(m.get("latencyP50Ms").asDouble()).isPositive();
        assertThat(m.get("segmenter").asText()).isEqualTo("lite-video");
    }

    @Test
    @NeedsNatives
    void autoPromptsWithTheDetectedDogAndTheMasksFollowIt() throws IOException {
        Path seq = dogSlice(3);
        Path out = tmp.resolve("auto");
        VideoTriage.Options o = new VideoTriage.Options(seq.resolve("frames"), out, new VideoTriage.PromptChoice.Auto(),
                ModelSet.LITE, Optional.of(SharedData.models()), null, Map.of(), seq.resolve("masks"), 24);

        assertThat(run(o)).as(err).isZero();
        assertThat(err).contains("auto prompt: dog");
        JsonNode doc = JSON.readTree(out.resolve("video.json").toFile());
        assertThat(doc.at("/segmenter/prompt").asText()).startsWith("box ");
        assertThat(doc.at("/segmenter/promptFrame").asInt()).isZero();
        assertThat(doc.at("/summary/meanJ").asDouble()).isGreaterThan(0.6);
    }

    /** SAM 2 (tiny random-weight fixture) through the same command: a wiring check, its masks are noise. */
    @Test
    @NeedsNatives
    void tinySetTracksWithSam2AndWritesOneMaskPerFrame() throws IOException {
        Path frames = syntheticFrames(4);
        Path out = tmp.resolve("out-sam2");
        Path fixtures = Path.of("..", "triage-models", "src", "test", "resources", "fixtures");
        VideoTriage.Options o = new VideoTriage.Options(frames, out,
                new VideoTriage.PromptChoice.Box(new io.phototriage.core.stage.BoundingBox(2, 14, 18, 30)), ModelSet.TINY,
                Optional.of(fixtures), null, Map.of(), null, 24);

        assertThat(run(o)).as(err).isZero();

        for (int i = 0; i < 4; i++) {
            BufferedImage m = ImageIO.read(out.resolve(String.format("masks/%05d.png", i)).toFile());
            assertThat(m.getWidth()).isEqualTo(64);
            assertThat(m.getHeight()).isEqualTo(48);
        }
        JsonNode doc = JSON.readTree(out.resolve("video.json").toFile());
        assertThat(doc.at("/segmenter/provider").asText()).isEqualTo("sam2");
        assertThat(doc.at("/frames")).hasSize(4);
        for (JsonNode frame : doc.at("/frames")) {
            assertThat(frame.at("/status").asText()).as(frame.toString()).isEqualTo("done");
        }
    }
}
