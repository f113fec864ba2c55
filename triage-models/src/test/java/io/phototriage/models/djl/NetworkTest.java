package io.phototriage.models.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.phototriage.core.model.ModelFile;
import io.phototriage.core.model.ModelManifest;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.testing.NeedsNatives;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one network holder: both engines, the per-call scope, what {@code info()} says, and the refusals. */
@NeedsNatives
class NetworkTest {
    private static Path yolox() {
        return Path.of(System.getProperty("phototriage.shared", "../../shared")).resolve("models/yolox-nano/yolox_nano.onnx");
    }

    private static Path fixtures() throws URISyntaxException {
        return Path.of(NetworkTest.class.getResource("/fixtures").toURI());
    }

    @Test
    void onnxCallReturnsPlainJavaAndClosesItsScope() throws Exception {
        List<NDManager> scopes = new ArrayList<>();
        try (Network network = Network.onnx(yolox())) {
            float[] out = network.call(scope -> {
                scopes.add(scope);
                return new NDList(scope.zeros(new Shape(1, 3, 416, 416)));
            }, outputs -> {
                assertThat(outputs.get(0).getShape()).isEqualTo(new Shape(1, 3549, 85));
                return outputs.get(0).toFloatArray();
            });
            assertThat(out).hasSize(3549 * 85);
            assertThat(scopes).singleElement().satisfies(scope -> assertThat(scope.isOpen()).isFalse());
            assertThat(network.info()).isEqualTo(new ModelInfo("yolox_nano.onnx", "yolox_nano.onnx", DjlRuntime.ONNX_RUNTIME));
        }
    }

    @Test
    void callsFromSeveralThreadsAtOnceGiveWhatTheyGiveOneAtATime() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(yolox()),
                "needs ../shared/models/yolox-nano (the lite models); not found at " + yolox());
        int threads = 4;
        try (Network network = Network.onnx(yolox())) {
            float[][] alone = new float[threads][];
            for (int t = 0; t < threads; t++) {
                alone[t] = run(network, t);
            }
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            try {
                List<java.util.concurrent.Future<float[]>> together = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int input = t;
                    together.add(pool.submit(() -> {
                        start.await(30, java.util.concurrent.TimeUnit.SECONDS);
                        return run(network, input);
                    }));
                }
                for (int t = 0; t < threads; t++) {
                    assertThat(together.get(t).get(60, java.util.concurrent.TimeUnit.SECONDS)).as("input " + t).isEqualTo(alone[t]);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(alone[0]).isNotEqualTo(alone[1]);
        }
    }

    /** YOLOX on a constant image whose grey level depends on {@code input}. */
    private static float[] run(Network network, int input) throws Exception {
        float[] grey = new float[3 * 416 * 416];
        java.util.Arrays.fill(grey, 40f * input);
        return network.call(scope -> new NDList(scope.create(grey, new Shape(1, 3, 416, 416))),
                outputs -> outputs.get(0).toFloatArray());
    }

    @Test
    void torchScriptLoadTakesEngineAndWeightsFromTheResolvedFolder() throws Exception {
        ResolvedModel resolved = ModelStore.at(fixtures()).resolve("resnet-tiny");
        try (Network network = Network.load(resolved, "backbone", "resnet-tiny")) {
            assertThat(network.info()).isEqualTo(new ModelInfo("resnet-tiny", resolved.weightsId("backbone"), DjlRuntime.PYTORCH));
            assertThat(network.file()).isEqualTo(resolved.file("backbone"));
            // The tiny backbone pools 64 features per image.
            float[] features = network.call(scope -> new NDList(scope.ones(new Shape(2, 3, 224, 224))),
                    outputs -> outputs.singletonOrThrow().toFloatArray());
            assertThat(features).hasSize(2 * 64);
        }
    }

    @Test
    void aReaderThatRejectsTheOutputsStillClosesTheScope() throws Exception {
        List<NDManager> scopes = new ArrayList<>();
        try (Network network = Network.onnx(yolox())) {
            assertThatThrownBy(() -> network.call(scope -> {
                scopes.add(scope);
                return new NDList(scope.zeros(new Shape(1, 3, 416, 416)));
            }, outputs -> {
                throw new StageException("contract broken");
            })).isInstanceOf(StageException.class).hasMessage("contract broken");
            assertThat(scopes.get(0).isOpen()).isFalse();
        }
    }

    @Test
    void anEngineOtherThanOnnxRuntimeOrPyTorchIsRefusedNamingIt() throws Exception {
        ResolvedModel tensorFlow = new ResolvedModel(new ModelManifest("tf-model", "TensorFlow",
                Map.of("model", new ModelFile("yolox_nano.onnx", "0".repeat(64))), JsonNodeFactory.instance.objectNode(),
                "test"), yolox().getParent());

        assertThatThrownBy(() -> Network.load(tensorFlow, "model", "tf-model"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("TensorFlow").hasMessageContaining("yolox_nano.onnx");
    }

    @Test
    void aMissingFileFailsWithItsPath() {
        Path missing = yolox().resolveSibling("no-such-model.onnx");

        assertThatThrownBy(() -> Network.onnx(missing))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> Network.torchScript(missing, Map.of("trainParam", "true")))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(missing.toString());
    }
}
