package io.phototriage.models.lite;

import static org.assertj.core.api.Assertions.assertThat;

import io.phototriage.core.Outcome;
import io.phototriage.core.Photo;
import io.phototriage.core.PhotoResult;
import io.phototriage.core.Pipeline;
import io.phototriage.core.StageKey;
import io.phototriage.core.model.ClassPathModels;
import io.phototriage.core.model.ModelCache;
import io.phototriage.core.model.ModelManifest;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.TriageClass;
import io.phototriage.core.testing.NeedsNatives;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The real lite pack on the class path (this module's target/classes): the lite chain builds with no settings and
 * no folder, its models are extracted once into the cache ({@code -Dphototriage.home}, set by the build to a folder
 * under target/) and sha256-checked, and the chain finds what is in three coco128 photos.
 */
class LitePackTest {
    private static final String[] FOLDERS = {"yolox-nano", "mobilenet-v2", "deeplabv3-pascal", "fast-neural-style",
            "selfie-segmentation"};

    @Test
    void packHoldsTheFiveLiteModelsWithTheirManifests() throws Exception {
        ClassPathModels packs = ClassPathModels.defaults();
        for (String folder : FOLDERS) {
            assertThat(packs.contains(folder)).as(folder).isTrue();
            ModelManifest manifest = packs.manifest(folder).orElseThrow();
            assertThat(manifest.engine()).isEqualTo("OnnxRuntime");
            manifest.files().values().forEach(f -> assertThat(getClass().getClassLoader()
                    .getResource(ClassPathModels.PREFIX + folder + "/" + f.path())).as(f.path()).isNotNull());
        }
    }

    @Test
    @NeedsNatives
    void liteChainRunsWithNoSettingsFromThePack() throws Exception {
        Path images = Path.of(System.getProperty("phototriage.shared"), "data", "coco128", "images");
        Photo dog = Photo.of(images.resolve("000000000307.jpg"));
        Photo person = Photo.of(images.resolve("000000000294.jpg"));
        Photo cat = Photo.of(images.resolve("000000000650.jpg"));
        ModelCache cache = ModelCache.defaultCache();
        assertThat(cache.home().toString()).as("tests keep the cache under target/").contains("target");

        List<PhotoResult> results;
        try (Pipeline pipeline = Pipeline.builder()
                .classify("lite-probe").detect("yolox").segment("deeplab").stylize("fast-style")
                .build()) {
            results = pipeline.run(List.of(dog, person, cat));
        }

        assertThat(results).hasSize(3);
        assertThat(labels(results.get(0))).contains("dog");
        assertThat(labels(results.get(1))).contains("person");
        assertThat(labels(results.get(2))).contains("cat");
        assertThat(results).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(PhotoResult.Status.OK);
            assertThat(r.segmentation()).isPresent();
            assertThat(r.classification()).isPresent();
        });
        assertThat(results.get(0).classification().orElseThrow().label()).isEqualTo(TriageClass.PETS);
        assertThat(results.get(1).classification().orElseThrow().label()).isEqualTo(TriageClass.PEOPLE);
        assertThat(results.get(2).classification().orElseThrow().label()).isEqualTo(TriageClass.PETS);
        assertThat(results.stream().filter(r -> r.outcome(StageKey.STYLIZE).filter(o -> o instanceof Outcome.Done).isPresent()))
                .as("the album's hero shot is stylized").hasSize(1);

        for (String folder : List.of("yolox-nano", "mobilenet-v2", "deeplabv3-pascal", "fast-neural-style")) {
            assertThat(cache.models().resolve(folder).resolve(ModelManifest.FILE_NAME)).as(folder).isRegularFile();
        }
        try (Stream<Path> files = Files.walk(cache.models())) {
            assertThat(files.filter(p -> p.toString().endsWith(ModelCache.PART_SUFFIX))).isEmpty();
        }
    }

    private static List<String> labels(PhotoResult result) {
        return result.detections().orElseThrow().detections().stream().map(Detection::label).toList();
    }
}
