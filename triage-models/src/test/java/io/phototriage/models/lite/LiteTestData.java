package io.phototriage.models.lite;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.SegmentRequest;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.stage.StageException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;
import org.assertj.core.api.AbstractThrowableAssert;

/** Test access to ../shared (coco128 photos and annotations, lite models) and to the lite-seg golden files. */
public final class LiteTestData {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode annotations;

    private LiteTestData() {}

    public static Path shared() {
        return Path.of(System.getProperty("phototriage.shared"));
    }

    public static Path modelsDir() {
        return shared().resolve("models");
    }

    public static Path cocoPhoto(String fileName) {
        return shared().resolve("data/coco128/images").resolve(fileName);
    }

    public static DecodedPhoto decode(String cocoFileName) throws Exception {
        return ImageIoPhotoDecoder.defaults().decode(Photo.of(cocoPhoto(cocoFileName)));
    }

    /** coco128's annotations.json. */
    public static synchronized JsonNode annotations() throws IOException {
        if (annotations == null) {
            annotations = JSON.readTree(shared().resolve("data/coco128/annotations.json").toFile());
        }
        return annotations;
    }

    /** The COCO image id of a file name. */
    public static int imageId(String fileName) throws IOException {
        for (JsonNode image : annotations().get("images")) {
            if (image.get("file_name").asText().equals(fileName)) {
                return image.get("id").asInt();
            }
        }
        throw new IllegalArgumentException("no coco128 image " + fileName);
    }

    /** The non-crowd annotations of one image with a category id. */
    public static List<JsonNode> instances(String fileName, int categoryId) throws IOException {
        int id = imageId(fileName);
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode a : annotations().get("annotations")) {
            if (a.get("image_id").asInt() == id && a.get("category_id").asInt() == categoryId && a.get("iscrowd").asInt() == 0) {
                out.add(a);
            }
        }
        return out;
    }

    /** The largest (by area) non-crowd annotation of one image with a category id; fails when there is none. */
    public static JsonNode largestInstance(String fileName, int categoryId) throws IOException {
        return instances(fileName, categoryId).stream()
                .max(Comparator.comparingDouble(a -> a.get("area").asDouble())).orElseThrow();
    }

    public static BoundingBox box(JsonNode annotation) {
        JsonNode b = annotation.get("bbox");
        return BoundingBox.ofXywh(b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble());
    }

    /** A file of golden/lite-seg on the test class path. */
    public static InputStream golden(String name) {
        InputStream in = LiteTestData.class.getResourceAsStream("/golden/lite-seg/" + name);
        if (in == null) {
            throw new IllegalStateException("golden file golden/lite-seg/" + name
                    + " is missing; run tools/export/export.py golden-lite-seg");
        }
        return in;
    }

    public static JsonNode goldenCases() throws IOException {
        try (InputStream in = golden("cases.json")) {
            return JSON.readTree(in);
        }
    }

    public static BufferedImage goldenImage(String name) throws IOException {
        try (InputStream in = golden(name)) {
            return ImageIO.read(in);
        }
    }

    /**
     * Asserts that {@code segmenter} throws a {@link StageException} (a fault or a skip) on a {@code label} subject in
     * {@code box} of {@code photo}; the caller checks the message.
     *
     * @return the assertion on the exception, for its message
     */
    public static AbstractThrowableAssert<?, ? extends Throwable> assertSegmentFails(Segmenter segmenter, DecodedPhoto photo,
            String label, BoundingBox box) {
        return assertThatThrownBy(() -> segmenter.apply(new SegmentRequest(photo, new Detection(label, 1, box))))
                .isInstanceOf(StageException.class);
    }
}
