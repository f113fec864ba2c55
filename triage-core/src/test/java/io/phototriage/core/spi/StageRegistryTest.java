package io.phototriage.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.Pipeline;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.testing.FakePhotos;
import io.phototriage.core.testing.FakeProvider;
import io.phototriage.core.testing.FakeStages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StageRegistryTest {

    /** Listed in src/test/resources/META-INF/services together with a missing class and a throwing one. */
    public static final class TestDetectorProvider extends FakeProvider {
        static final AtomicInteger CREATED = new AtomicInteger();

        public TestDetectorProvider() {
            super("test-detector", Detector.class, settings -> {
                CREATED.incrementAndGet();
                return FakeStages.centreDetector();
            }, false, Optional.empty(), List.of());
        }
    }

    /** A provider whose constructor throws: discovery must skip it. */
    public static final class BrokenProvider extends FakeProvider {
        public BrokenProvider() {
            super("broken", Detector.class, settings -> {
                throw new AssertionError("a provider that cannot be constructed is never created");
            }, false, Optional.empty(), List.of());
            throw new IllegalStateException("cannot construct");
        }
    }

    @Test
    void oneBrokenProviderDoesNotBreakDiscovery() {
        StageRegistry registry = StageRegistry.load(getClass().getClassLoader());
        assertThat(registry.providers()).extracting(StageProvider::name).containsExactly("test-detector");
    }

    @Test
    void listingProvidersCreatesNoStage() {
        int before = TestDetectorProvider.CREATED.get();
        StageRegistry.load(getClass().getClassLoader()).find(Detector.class, null);
        assertThat(TestDetectorProvider.CREATED.get()).isEqualTo(before);
    }

    @Test
    void explicitNameWinsOverDefault() {
        StageProvider a = provider("a", Detector.class, true);
        StageProvider b = provider("b", Detector.class, false);
        StageRegistry registry = StageRegistry.of(List.of(a, b));

        assertThat(registry.find(Detector.class, "B")).isSameAs(b);
        assertThat(registry.find(Detector.class, null)).isSameAs(a);
    }

    @Test
    void ambiguousDefaultIsAnErrorNotFirstFound() {
        StageRegistry twoDefaults = StageRegistry.of(List.of(provider("a", Detector.class, true), provider("b", Detector.class, true)));
        StageRegistry noDefault = StageRegistry.of(List.of(provider("a", Detector.class, false), provider("b", Detector.class, false)));

        assertThatThrownBy(() -> twoDefaults.find(Detector.class, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ambiguous Detector").hasMessageContaining("a, b");
        assertThatThrownBy(() -> noDefault.find(Detector.class, null)).hasMessageContaining("choose one by name");
    }

    @Test
    void singleProviderOfAKindIsUsedWithoutName() {
        StageProvider only = provider("only", Classifier.class, false);
        assertThat(StageRegistry.of(List.of(only, provider("d", Detector.class, true))).find(Classifier.class, null)).isSameAs(only);
    }

    @Test
    void unknownNameListsWhatIsAvailable() {
        StageRegistry registry = StageRegistry.of(List.of(provider("yolox", Detector.class, false)));
        assertThatThrownBy(() -> registry.find(Detector.class, "sam")).hasMessageContaining("no Detector named 'sam'")
                .hasMessageContaining("available: yolox");
        assertThatThrownBy(() -> registry.find(Segmenter.class, null)).hasMessageContaining("no Segmenter implementation");
    }

    @Test
    void providerThatMakesTheWrongKindIsRejectedAndItsStageClosed() {
        AtomicInteger closed = new AtomicInteger();
        StageProvider liar = FakeProvider.of("liar", Classifier.class, settings -> new Stage<String, String>() {
            @Override
            public String apply(String input) {
                return input;
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        });
        assertThatThrownBy(() -> StageRegistry.of(List.of(liar)).create(Classifier.class, null, StageSettings.defaults()))
                .isInstanceOf(StageException.class).hasMessageContaining("is not a Classifier");
        assertThat(closed).hasValue(1);
    }

    @Test
    void pipelineBuildsNoArgStagesFromTheRegistry() throws Exception {
        StageRegistry registry = StageRegistry.load(getClass().getClassLoader());
        try (Pipeline pipeline = Pipeline.builder().decoder(new FakePhotos.Decoder()).registry(registry).detect().build()) {
            assertThat(pipeline.process(FakePhotos.photo("", "a.jpg")).detections().orElseThrow().detections()).hasSize(1);
        }
    }

    @Test
    void failedBuildClosesTheStagesItAlreadyCreated() {
        List<String> closed = new ArrayList<>();
        StageProvider detector = FakeProvider.of("det", Detector.class, settings -> new Detector() {
            @Override
            public io.phototriage.core.stage.Detections apply(io.phototriage.core.DecodedPhoto input) {
                throw new AssertionError();
            }

            @Override
            public void close() {
                closed.add("det");
            }
        });
        StageProvider missingModel = FakeProvider.of("seg", Segmenter.class, settings -> {
            throw new StageException("model 'sam' not found: no /models/sam/manifest.json");
        });
        assertThatThrownBy(() -> Pipeline.builder().registry(StageRegistry.of(List.of(detector, missingModel))).detect().segment().build())
                .isInstanceOf(StageException.class).hasMessageContaining("sam");
        assertThat(closed).containsExactly("det");
    }

    private static StageProvider provider(String name, Class<? extends Stage<?, ?>> kind, boolean isDefault) {
        return FakeProvider.listedOnly(name, kind).withDefault(isDefault);
    }
}
