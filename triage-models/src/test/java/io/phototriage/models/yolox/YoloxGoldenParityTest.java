package io.phototriage.models.yolox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.testing.NeedsNatives;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java detector against the Python reference (tools/export/phototriage_export/golden_yolox.py, same ONNX model
 * run by onnxruntime in Python) on the five golden coco128 photos. Regenerate the golden files with
 * {@code tools/export/.venv/bin/python tools/export/export.py golden-yolox}.
 */
@NeedsNatives
class YoloxGoldenParityTest {
    /** Box corners may differ by this many pixels (float32 exp/ulp differences between the two runtimes). */
    private static final double BOX_TOLERANCE_PX = 0.5;
    /** Scores may differ by this much (onnxruntime 1.18 in DJL vs the Python wheel). */
    private static final double SCORE_TOLERANCE = 1e-3;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHARED = Path.of(System.getProperty("phototriage.shared"));
    @AutoClose
    private static YoloxDetector petsAndPeople;
    @AutoClose
    private static YoloxDetector allClasses;

    @BeforeAll
    static void load() throws Exception {
        double threshold = golden("000000000009").get("production").get("threshold").asDouble();
        Path models = SHARED.resolve("models");
        petsAndPeople = YoloxDetector.create(models, YoloxConfig.defaults().withThreshold(threshold));
        List<String> all = Files.readAllLines(models.resolve("yolox-nano/coco80.names")).stream().map(String::strip).toList();
        allClasses = YoloxDetector.create(models, YoloxConfig.defaults().withClasses(all));
    }

    static Stream<String> photos() {
        return Stream.of("000000000009", "000000000025", "000000000030", "000000000034", "000000000036");
    }

    @ParameterizedTest
    @MethodSource("photos")
    void letterboxIsBitIdenticalToTheReference(String photo) throws Exception {
        JsonNode golden = golden(photo);
        DecodedPhoto decoded = decode(photo, golden);

        Letterbox letterbox = Letterbox.of(decoded.image(), YoloxDetector.INPUT_SIZE);

        byte[] bytes = new byte[letterbox.tensor().length];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) letterbox.tensor()[i];
        }
        assertThat(sha256(bytes)).isEqualTo(golden.get("letterbox_sha256").asText());
        assertThat(letterbox.ratio()).isEqualTo(golden.get("ratio").asDouble());
    }

    /** Each photo with each golden evaluation: {@code eval} (person, dog, cat) and {@code eval_all_classes} (COCO-80). */
    static Stream<Arguments> photosAndClassSets() {
        return photos().flatMap(p -> Stream.of(Arguments.of(p, "eval"), Arguments.of(p, "eval_all_classes")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("photosAndClassSets")
    void evaluationModeMatchesTheReferenceForPetsAndPeopleAndForAllEightyClasses(String photo, String classSet) throws Exception {
        JsonNode golden = golden(photo);
        YoloxDetector detector = classSet.equals("eval") ? petsAndPeople : allClasses;

        List<Detection> actual = detector.detectAll(decode(photo, golden), EvalSettings.coco());

        assertSameDetections(actual, golden.get(classSet).get("detections"));
    }

    @ParameterizedTest
    @MethodSource("photos")
    void productionModeMatchesTheReference(String photo) throws Exception {
        JsonNode golden = golden(photo);

        var actual = petsAndPeople.apply(decode(photo, golden));

        assertThat(actual.threshold()).isEqualTo(golden.get("production").get("threshold").asDouble());
        assertSameDetections(actual.detections(), golden.get("production").get("detections"));
    }

    /** Same boxes as sets: each expected box has its own actual box of the same label within the tolerances. */
    private static void assertSameDetections(List<Detection> actual, JsonNode expected) {
        assertThat(actual).as("number of detections").hasSize(expected.size());
        List<Detection> unmatched = new ArrayList<>(actual);
        for (JsonNode e : expected) {
            JsonNode b = e.get("box");
            BoundingBox box = new BoundingBox(b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble());
            Detection want = new Detection(e.get("label").asText(), e.get("score").asDouble(), box);
            Detection match = unmatched.stream()
                    .filter(a -> a.label().equals(want.label()))
                    .filter(a -> Math.abs(a.score() - want.score()) <= SCORE_TOLERANCE)
                    .filter(a -> maxCornerDifference(a.box(), want.box()) <= BOX_TOLERANCE_PX)
                    .min((x, y) -> Double.compare(maxCornerDifference(x.box(), want.box()), maxCornerDifference(y.box(), want.box())))
                    .orElse(null);
            assertThat(match).as("a detection matching %s among %s", want, unmatched).isNotNull();
            unmatched.remove(match);
        }
    }

    private static double maxCornerDifference(BoundingBox a, BoundingBox b) {
        return Math.max(Math.max(Math.abs(a.x0() - b.x0()), Math.abs(a.y0() - b.y0())),
                Math.max(Math.abs(a.x1() - b.x1()), Math.abs(a.y1() - b.y1())));
    }

    private static DecodedPhoto decode(String photo, JsonNode golden) throws Exception {
        Path file = SHARED.resolve("data/coco128/images/" + photo + ".jpg");
        BufferedImage image = ImageIoPhotoDecoder.defaults().decode(Photo.of(file)).image();
        assertThat(sha256(rgbBytes(image))).as("decoded pixels of %s equal the reference's", file)
                .isEqualTo(golden.get("rgb_sha256").asText());
        return DecodedPhoto.full(Photo.of(file), image);
    }

    private static byte[] rgbBytes(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = image.getRGB(x, y);
                int i = 3 * (y * w + x);
                out[i] = (byte) (p >> 16);
                out[i + 1] = (byte) (p >> 8);
                out[i + 2] = (byte) p;
            }
        }
        return out;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static JsonNode golden(String name) throws Exception {
        try (InputStream in = YoloxGoldenParityTest.class.getResourceAsStream("/golden/yolox/" + name + ".json")) {
            assertThat(in).as("golden file %s.json (run export.py golden-yolox)", name).isNotNull();
            return JSON.readTree(in);
        }
    }
}
