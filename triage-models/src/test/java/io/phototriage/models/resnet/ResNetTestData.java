package io.phototriage.models.resnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** The tiny ResNet fixture, its golden files (tools/export/export.py resnet --tiny) and coco128 in ../shared. */
final class ResNetTestData {
    static final String TINY = "resnet-tiny";

    private ResNetTestData() {}

    static Path shared() {
        return Path.of(System.getProperty("phototriage.shared"));
    }

    static Path coco128() {
        return shared().resolve("data/coco128");
    }

    static Path fixtures() {
        return resource("/fixtures");
    }

    static ResolvedModel tinyBackbone() throws Exception {
        return ModelStore.at(fixtures()).resolve(TINY);
    }

    static JsonNode goldenFeatures() throws IOException {
        try (InputStream in = ResNetTestData.class.getResourceAsStream("/golden/resnet/features.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** A golden float32 little-endian tensor, flattened. */
    static float[] goldenTensor(String name) throws IOException {
        byte[] bytes = Files.readAllBytes(resource("/golden/resnet/" + name));
        float[] out = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    private static Path resource(String name) {
        try {
            return Path.of(ResNetTestData.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource " + name + " missing; run tools/export/export.py resnet --tiny", e);
        }
    }
}
