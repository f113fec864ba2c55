package io.phototriage.models.groundingdino;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.Photo;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.image.PhotoDecodeException;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * The golden files written by {@code tools/export/export.py grounding-dino --tiny} (Python: transformers'
 * GroundingDinoProcessor, the traced tiny model, reference post-processing) and the tiny model fixture.
 */
final class GoldenCases {
    static final String FIXTURE_MODEL = "grounding-dino-tiny";
    private static final ObjectMapper JSON = new ObjectMapper();

    private GoldenCases() {}

    /** One golden case: a photo and a class list. */
    record Case(String stem, JsonNode json) {
        String photo() {
            return json.get("photo").asText();
        }

        List<String> classes() {
            return StreamSupport.stream(json.get("classes").spliterator(), false).map(JsonNode::asText).toList();
        }

        long[] inputIds() {
            return StreamSupport.stream(json.get("input_ids").spliterator(), false).mapToLong(JsonNode::asLong).toArray();
        }

        @Override
        public String toString() {
            return stem;
        }
    }

    static Path fixtures() {
        return resource("fixtures");
    }

    static ResolvedModel tinyModel() throws Exception {
        return ModelStore.at(fixtures()).resolve(FIXTURE_MODEL);
    }

    static List<Case> all() {
        JsonNode index = json("index.json");
        List<Case> cases = new ArrayList<>();
        for (JsonNode name : index.get("cases")) {
            String file = name.asText();
            cases.add(new Case(file.substring(0, file.length() - ".json".length()), json(file)));
        }
        return cases;
    }

    static JsonNode json(String file) {
        try (InputStream in = Files.newInputStream(resource("golden/grounding-dino").resolve(file))) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A little-endian float32 golden tensor (its shape is in the sidecar .json). */
    static float[] tensor(String file) {
        try {
            byte[] bytes = Files.readAllBytes(resource("golden/grounding-dino").resolve(file));
            float[] out = new float[bytes.length / 4];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[] shape(String file) {
        return StreamSupport.stream(json(file + ".json").get("shape").spliterator(), false).mapToInt(JsonNode::asInt).toArray();
    }

    /**
     * The photo as the production decoder gives it: embedded ICC profiles ignored, byte-identical to PIL's decode
     * (proven for every coco128 photo by triage-core's ImageIoPhotoDecoderTest), so the detector sees exactly what
     * the Python reference saw.
     */
    static BufferedImage photo(String name) throws IOException {
        Path file = Path.of(System.getProperty("phototriage.shared")).resolve("data/coco128/images").resolve(name);
        try {
            return ImageIoPhotoDecoder.defaults().decode(Photo.of(file)).image();
        } catch (PhotoDecodeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(GoldenCases.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource " + name + " missing; run tools/export/export.py grounding-dino --tiny", e);
        }
    }
}
