package io.phototriage.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.testing.FakeProvider;
import io.phototriage.core.testing.FakeStages;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How {@link Pipeline.Builder#build()} creates the stages of its providers: concurrently where they allow it. */
class PipelineStageLoadingTest {
    /** Where each stage was created, by provider name. */
    private final Map<String, String> threads = new ConcurrentHashMap<>();
    /** Provider names in the order their stages were closed. */
    private final List<String> closed = new CopyOnWriteArrayList<>();

    @Test
    @Timeout(60)
    void providersThatLoadConcurrentlyAreCreatedAtTheSameTimeEachOnItsOwnThread() throws Exception {
        // Each create waits until all three are inside create: created one after another, the barrier would break.
        CyclicBarrier allInside = new CyclicBarrier(3);
        FakeProvider.Factory waits = settings -> {
            try {
                allInside.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new StageException("the three providers were not inside create at the same time: " + e, e);
            }
            return null;
        };
        StageRegistry registry = chain(true, waits, true, waits, true, waits);

        buildAndClose(Pipeline.builder().registry(registry).classify("c").detect("d").segment("s"));

        assertThat(threads).containsOnlyKeys("c", "d", "s");
        assertThat(threads.values()).allSatisfy(t -> assertThat(t).startsWith("phototriage-load-"));
        assertThat(threads.values()).doesNotHaveDuplicates();
        assertThat(closed).containsExactly("s", "d", "c");
    }

    @Test
    void providersThatDoNotSaySoAreCreatedOnTheBuildingThreadInChainOrder() throws Exception {
        FakeProvider.Factory fine = settings -> null;
        StageRegistry registry = chain(false, fine, false, fine, false, fine);

        buildAndClose(Pipeline.builder().registry(registry).segment("s").detect("d").classify("c"));

        String building = Thread.currentThread().getName();
        assertThat(threads).containsOnlyKeys("c", "d", "s").allSatisfy((name, thread) -> assertThat(thread).isEqualTo(building));
        assertThat(closed).containsExactly("s", "d", "c");
    }

    @Test
    void aFailureClosesTheStagesThatLoadedAndReportsTheFirstFailureInChainOrder() {
        FakeProvider.Factory fine = settings -> null;
        FakeProvider.Factory noModel = settings -> {
            throw new StageException("detector model missing");
        };
        FakeProvider.Factory broken = settings -> {
            throw new IllegalStateException("segmenter broken");
        };
        StageRegistry registry = chain(true, fine, true, noModel, false, broken);

        assertThatThrownBy(() -> Pipeline.builder().registry(registry).classify("c").detect("d").segment("s").build())
                .isInstanceOf(StageException.class)
                .hasMessage("detector model missing")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .satisfies(s -> assertThat(s).hasMessage("segmenter broken")));
        assertThat(closed).containsExactly("c");
    }

    @Test
    void aSingleProviderIsCreatedOnTheBuildingThread() throws Exception {
        StageRegistry registry = StageRegistry.of(List.of(
                provider("d", Detector.class, true, settings -> null, FakeStages.centreDetector())));

        try (Pipeline pipeline = Pipeline.builder().registry(registry).detect("d").build()) {
            assertThat(pipeline.stages()).hasSize(1);
        }

        assertThat(threads).containsEntry("d", Thread.currentThread().getName());
    }

    /**
     * The registry of the chain this test builds: provider "c" of a classifier, "d" of a detector and "s" of a
     * segmenter, each with whether it loads concurrently and what its create runs first.
     */
    private StageRegistry chain(boolean cConcurrent, FakeProvider.Factory c, boolean dConcurrent, FakeProvider.Factory d,
            boolean sConcurrent, FakeProvider.Factory s) {
        return StageRegistry.of(List.of(
                provider("c", Classifier.class, cConcurrent, c, FakeStages.classifier(p -> FakeStages.people(0.9))),
                provider("d", Detector.class, dConcurrent, d, FakeStages.centreDetector()),
                provider("s", Segmenter.class, sConcurrent, s, FakeStages.boxSegmenter())));
    }

    /** Builds the three-stage pipeline and closes it again. */
    private static void buildAndClose(Pipeline.Builder builder) throws StageException {
        try (Pipeline pipeline = builder.build()) {
            assertThat(pipeline.stages()).hasSize(3);
        }
    }

    /**
     * A provider of {@code stage} (wrapped so that its closing is recorded) that first runs {@code before} (which
     * may throw) and records the thread it runs on.
     */
    private StageProvider provider(String name, Class<? extends Stage<?, ?>> kind, boolean concurrent,
            FakeProvider.Factory before, Stage<?, ?> stage) {
        FakeProvider.Factory factory = settings -> {
            threads.put(name, Thread.currentThread().getName());
            before.create(settings);
            return FakeStages.closing(kind, stage, name, closed::add);
        };
        return new FakeProvider(name, kind, factory, false, Optional.empty(), List.of()) {
            @Override
            public boolean loadsConcurrently() {
                return concurrent;
            }
        };
    }
}
