package io.phototriage.models.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import io.phototriage.core.testing.NeedsNatives;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

@NeedsNatives
class DjlRuntimeOnnxTest {
    @Test
    void loadsRealYoloxOnnxOfflineAndRunsIt() throws Exception {
        Path shared = Path.of(System.getProperty("phototriage.shared", "../../shared"));
        Path model = shared.resolve("models/yolox-nano/yolox_nano.onnx");
        try (ZooModel<NDList, NDList> zoo = DjlRuntime.loadOnnx(model);
                Predictor<NDList, NDList> predictor = zoo.newPredictor();
                NDManager manager = NDManager.newBaseManager("OnnxRuntime")) {
            NDList out = predictor.predict(new NDList(manager.zeros(new Shape(1, 3, 416, 416))));
            assertThat(out.get(0).getShape()).isEqualTo(new Shape(1, 3549, 85));
        }
    }
}
