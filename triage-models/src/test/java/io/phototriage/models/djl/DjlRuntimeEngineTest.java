package io.phototriage.models.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.model.ModelRepository;
import io.phototriage.core.stage.StageException;
import org.junit.jupiter.api.Test;

/** The engine checks of {@link DjlRuntime}: what an application without an engine gets, and the offline switches. */
class DjlRuntimeEngineTest {
    @Test
    void unknownEngineIsAStageExceptionNotAnError() {
        assertThatThrownBy(() -> DjlRuntime.requireEngine("NoSuchEngine"))
                .isInstanceOf(StageException.class)
                .hasMessageContaining("NoSuchEngine")
                .hasMessageContaining("not on the class path");
    }

    @Test
    void pytorchAdviceNamesTheEngineJniAndNativeArtifacts() {
        assertThat(DjlRuntime.dependencies(DjlRuntime.PYTORCH))
                .contains("ai.djl.pytorch:pytorch-engine", "ai.djl.pytorch:pytorch-jni", "pytorch-native-cpu", "linux-x86_64",
                        "io.phototriage:triage-bom");
    }

    @Test
    void offlineForDjlKeepsOnnxAwayFromPyTorchAndDoesNotCountAsTheUsersOfflineMode() {
        DjlRuntime.ensureOffline();

        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        assertThat(Boolean.getBoolean(DjlRuntime.ONNX_DISABLE_ALTERNATIVE)).isTrue();
        // surefire passes -Dai.djl.offline=true itself, so here it is the user's setting, not the library's
        assertThat(System.getProperty(ModelRepository.DJL_OFFLINE_IMPLICIT_PROPERTY)).isNull();
    }
}
