package io.phototriage.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.Pipeline;
import io.phototriage.core.PhotoContext;
import io.phototriage.core.PhotoResult;
import io.phototriage.core.StageKey;
import io.phototriage.core.stage.Detections;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.PhotoStage;
import io.phototriage.core.testing.FakePhotos;
import io.phototriage.core.testing.FakeProvider;
import io.phototriage.core.testing.FakeStages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Per-stage options ({@code detect.threshold}), their validation at build(), and the default choice by models present. */
class StageOptionsAndDefaultsTest {
    private final List<Map<String, String>> seen = new ArrayList<>();

    @Test
    void eachProviderGetsOnlyItsOwnOptionsUnprefixed() throws Exception {
        StageProvider det = detector("det", false, Optional.empty(), List.of(OptionSpec.of("threshold", "min score", "0.5")));
        StageProvider tag = custom("tagger", List.of(OptionSpec.of("label", "the tag")));
        StageSettings settings = StageSettings.ofModelsDir(Path.of("/m"))
                .withOption("detect.threshold", "0.3").withOption("tags.label", "hello");
        try (Pipeline p = Pipeline.builder().decoder(new FakePhotos.Decoder()).registry(StageRegistry.of(List.of(det, tag)))
                .settings(settings).detect().stage(StageKey.of("tags", String.class), "tagger").build()) {
            PhotoResult r = p.process(FakePhotos.photo("", "a.jpg"));
            assertThat(r.value(StageKey.of("tags", String.class))).contains("hello:2");
        }
        assertThat(seen).containsExactly(Map.of("threshold", "0.3"), Map.of("label", "hello"));
    }

    @Test
    void misspeltOptionIsRejectedAtBuildListingTheValidKeys() {
        StageProvider det = detector("det", false, Optional.empty(),
                List.of(OptionSpec.of("threshold", "min score", "0.5"), OptionSpec.of("classes", "labels")));
        assertThatThrownBy(() -> Pipeline.builder().registry(StageRegistry.of(List.of(det)))
                .settings(StageSettings.defaults().withOption("detect.threshhold", "0.3")).detect().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option detect.threshhold for det; valid: detect.classes, detect.threshold");
        assertThat(seen).as("nothing created").isEmpty();
    }

    @Test
    void optionForAStageThatIsNotConfiguredOrGivenAsAnObjectIsRejected() {
        StageProvider det = detector("det", false, Optional.empty(), List.of(OptionSpec.of("threshold", "min score")));
        assertThatThrownBy(() -> Pipeline.builder().registry(StageRegistry.of(List.of(det)))
                .settings(StageSettings.defaults().withOption("segment.x", "1")).detect().build())
                .hasMessageContaining("option segment.x names no configured stage").hasMessageContaining("STAGE one of detect");
        assertThatThrownBy(() -> Pipeline.builder().registry(StageRegistry.of(List.of(det)))
                .settings(StageSettings.defaults().withOption("threshold", "0.3")).detect().build())
                .hasMessageContaining("option threshold names no configured stage");
        assertThatThrownBy(() -> Pipeline.builder().settings(StageSettings.defaults().withOption("detect.threshold", "0.3"))
                .detect(FakeStages.centreDetector()).build())
                .hasMessageContaining("the detect stage is given as an object");
    }

    @Test
    void unnamedLookupPrefersTheProviderWhoseModelsArePresent() {
        StageProvider dino = detector("grounding-dino", true, Optional.of("no folder /m/grounding-dino-tiny"), List.of());
        StageProvider yolox = detector("yolox", false, Optional.empty(), List.of());
        StageRegistry registry = StageRegistry.of(List.of(dino, yolox));

        assertThat(registry.find(Detector.class, null, StageSettings.defaults())).isSameAs(yolox);
        assertThat(registry.find(Detector.class, null)).as("without settings: the default").isSameAs(dino);
        assertThat(registry.find(Detector.class, "grounding-dino", StageSettings.defaults())).as("a name wins").isSameAs(dino);
    }

    @Test
    void defaultWinsAmongSeveralAvailable() {
        StageProvider dino = detector("grounding-dino", true, Optional.empty(), List.of());
        StageProvider yolox = detector("yolox", false, Optional.empty(), List.of());
        assertThat(StageRegistry.of(List.of(yolox, dino)).find(Detector.class, null, StageSettings.defaults())).isSameAs(dino);
    }

    @Test
    void whenNoProviderHasItsModelsTheErrorSaysWhatEachIsMissing() {
        StageProvider dino = detector("grounding-dino", true, Optional.of("no folder /m/grounding-dino-tiny"), List.of());
        StageProvider yolox = detector("yolox", false, Optional.of("no folder /m/yolox-nano"), List.of());
        StageProvider broken = new FakeProvider("broken", Detector.class, settings -> {
            throw new UnsupportedOperationException();
        }, false, Optional.empty(), List.of()) {
            @Override
            public Optional<String> missing(StageSettings settings) {
                throw new IllegalStateException("boom");
            }
        };
        assertThatThrownBy(() -> StageRegistry.of(List.of(yolox, dino, broken)).find(Detector.class, null, StageSettings.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no Detector has its models: broken (cannot check: java.lang.IllegalStateException: boom); "
                        + "grounding-dino (no folder /m/grounding-dino-tiny); yolox (no folder /m/yolox-nano)");
    }

    @Test
    void customStageByNameMustBeAPhotoStageProvider() {
        StageProvider det = detector("det", false, Optional.empty(), List.of());
        assertThatThrownBy(() -> Pipeline.builder().registry(StageRegistry.of(List.of(det)))
                .stage(StageKey.of("tags", String.class), "det").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no PhotoStage named 'det'");
    }

    @Test
    void customStageWhoseValuesHaveTheWrongTypeFailsThePhotoNotTheRun() throws Exception {
        StageProvider tag = custom("tagger", List.of());
        try (Pipeline p = Pipeline.builder().decoder(new FakePhotos.Decoder()).registry(StageRegistry.of(List.of(tag)))
                .stage(StageKey.of("tags", Integer.class), "tagger").build()) {
            PhotoResult r = p.process(FakePhotos.photo("", "a.jpg"));
            assertThat(r.status()).isEqualTo(PhotoResult.Status.ERROR);
            assertThat(r.firstFailure().orElseThrow().message()).contains("expected java.lang.Integer");
        }
    }

    private StageProvider detector(String name, boolean isDefault, Optional<String> missing, List<OptionSpec> options) {
        return FakeProvider.of(name, Detector.class, settings -> {
            seen.add(settings.options());
            return FakeStages.detector(p -> new Detections(List.of(), 0.5));
        }).withDefault(isDefault).withMissing(missing).withOptions(options);
    }

    private StageProvider custom(String name, List<OptionSpec> options) {
        return FakeProvider.of(name, PhotoStage.KIND, settings -> {
            seen.add(settings.options());
            String label = settings.option("label").orElse("none");
            return (PhotoStage<String>) (PhotoContext ctx) -> label + ":" + ctx.soFar().outcomes().size();
        }).withOptions(options);
    }
}
