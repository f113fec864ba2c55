package io.phototriage.models.resnet;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.models.djl.DjlRuntime;
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

    /** The features a TorchScript backbone file computes for one {@code [3, 224, 224]} pixel_values tensor. */
    static float[] features(Path backboneFile, float[] pixelValues) throws Exception {
        try (ZooModel<NDList, NDList> model = DjlRuntime.loadTorchScript(backboneFile);
                Predictor<NDList, NDList> predictor = model.newPredictor();
                NDManager manager = model.getNDManager().newSubManager()) {
            NDList out = predictor.predict(new NDList(manager.create(pixelValues, new Shape(1, 3, 224, 224))));
            return out.singletonOrThrow().toFloatArray();
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(ResNetTestData.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource " + name + " missing; run tools/export/export.py resnet --tiny", e);
        }
    }
}
