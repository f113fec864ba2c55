package com.example.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.Outcome;
import io.phototriage.core.PhotoResult;
import io.phototriage.core.StageKey;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.djl.DjlRuntime;
import io.phototriage.core.stage.TriageClass;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiteTriageTest {
    @Test
    void liteChainRunsWithNoSettingsAndFindsTheDogThePersonAndTheCat() throws Exception {
        assertThat(System.getenv("PHOTOTRIAGE_MODELS")).as("no models folder from the environment").isNull();
        Path home = Path.of(System.getProperty("phototriage.home"));

        List<PhotoResult> results = LiteTriage.run(Path.of(System.getProperty("photos"), "holiday"));

        Map<String, PhotoResult> byId = results.stream().collect(Collectors.toMap(r -> r.photo().id(), Function.identity()));
        assertThat(byId).containsOnlyKeys("holiday/000000000294.jpg", "holiday/000000000307.jpg", "holiday/000000000650.jpg");
        assertThat(labels(byId.get("holiday/000000000307.jpg"))).contains("dog");
        assertThat(labels(byId.get("holiday/000000000294.jpg"))).contains("person");
        assertThat(labels(byId.get("holiday/000000000650.jpg"))).contains("cat");
        assertThat(byId.get("holiday/000000000294.jpg").classification().orElseThrow().label()).isEqualTo(TriageClass.PEOPLE);
        assertThat(byId.get("holiday/000000000307.jpg").classification().orElseThrow().label()).isEqualTo(TriageClass.PETS);
        assertThat(results).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(PhotoResult.Status.OK);
            assertThat(r.segmentation()).isPresent();
            assertThat(r.segmentation().orElseThrow().cutout().getWidth()).isPositive();
        });
        assertThat(results.stream().filter(r -> r.outcome(StageKey.STYLIZE).filter(o -> o instanceof Outcome.Done).isPresent()))
                .as("the album's hero shot is stylized").hasSize(1);
        // the models came out of the pack jar into this build's cache, not from any folder on disk
        assertThat(home.resolve("models/yolox-nano/yolox_nano.onnx")).isRegularFile();
        assertThat(home.resolve("models/mobilenet-v2/mobilenet_v2_1.0_224_quant.onnx")).isRegularFile();
    }

    @Test
    void runtimeClassPathIsLeanAndHasNoOtherPlatformsNatives() throws Exception {
        String classpath = Files.readString(Path.of(System.getProperty("runtime.classpath"))).strip();
        List<File> jars = Arrays.stream(classpath.split(File.pathSeparator)).map(File::new).toList();
        long bytes = jars.stream().mapToLong(File::length).sum();
        double mib = bytes / (1024.0 * 1024.0);
        System.out.printf("consumer runtime class path: %d jars, %.1f MiB%n", jars.size(), mib);
        jars.forEach(j -> System.out.printf("  %8.1f MiB  %s%n", j.length() / (1024.0 * 1024.0), j.getName()));

        assertThat(mib).as("MiB of jars").isLessThanOrEqualTo(200.0);
        assertThat(jars).extracting(File::getName).noneMatch(n -> n.contains("pytorch") || n.contains("javacv")
                || n.contains("opencv") || n.contains("ffmpeg") || n.contains("windows") || n.contains("macosx")
                || n.contains("android") || n.contains("ios-"));
    }

    @Test
    void torchScriptWithoutThePyTorchEngineIsAStageExceptionNamingTheDependencyNotAnError(@TempDir Path dir) throws Exception {
        // this app did not opt into PyTorch: a full-set stage must say what to add instead of crashing
        Path file = Files.writeString(dir.resolve("model.pt"), "never read");

        assertThatThrownBy(() -> DjlRuntime.loadTorchScript(file))
                .isInstanceOf(StageException.class)
                .hasMessageContaining("ai.djl.pytorch:pytorch-engine")
                .hasMessageContaining("pytorch-native-cpu");
    }

    private static List<String> labels(PhotoResult result) {
        return result.detections().orElseThrow().detections().stream().map(Detection::label).toList();
    }
}
