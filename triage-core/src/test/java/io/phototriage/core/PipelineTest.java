package io.phototriage.core;

import static io.phototriage.core.testing.FakePhotos.photo;
import static io.phototriage.core.testing.FakePhotos.photos;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Classification;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.Detections;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.testing.FakePhotos;
import io.phototriage.core.testing.FakeStages;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PipelineTest {
    private final FakePhotos.Decoder decoder = new FakePhotos.Decoder();

    private Pipeline.Builder builder() {
        return Pipeline.builder().decoder(decoder);
    }

    @Test
    void failedPhotoDoesNotStopBatch() throws Exception {
        Classifier failsOnB = FakeStages.classifier(p -> {
            if (p.photo().id().equals("b.jpg")) {
                throw new IllegalStateException("model exploded");
            }
            return FakeStages.people(0.8);
        });
        try (Pipeline pipeline = builder().classify(failsOnB).build()) {
            List<PhotoResult> results = pipeline.run(photos("", "a.jpg", "b.jpg", "c.jpg"));

            assertThat(results).extracting(r -> r.photo().id()).containsExactly("a.jpg", "b.jpg", "c.jpg");
            assertThat(results).extracting(PhotoResult::status)
                    .containsExactly(PhotoResult.Status.OK, PhotoResult.Status.ERROR, PhotoResult.Status.OK);
            Outcome.Failed<?> failure = results.get(1).firstFailure().orElseThrow();
            assertThat(failure.stage()).isEqualTo("classify");
            assertThat(failure.message()).contains("model exploded");
            assertThat(results.get(2).classification()).isPresent();
        }
    }

    @Test
    void stageThatDeclinesAPhotoRecordsSkippedWithItsReasonNotAnError() throws Exception {
        Classifier declinesB = new Classifier() {
            @Override
            public Classification apply(io.phototriage.core.DecodedPhoto p) throws StageException {
                if (p.photo().id().equals("b.jpg")) {
                    throw new io.phototriage.core.stage.StageSkipException("nothing to classify in b");
                }
                return FakeStages.people(0.8);
            }
        };
        try (Pipeline pipeline = builder().classify(declinesB).batchSize(3).build()) {
            List<PhotoResult> results = pipeline.run(photos("", "a.jpg", "b.jpg", "c.jpg"));

            assertThat(results).extracting(PhotoResult::status)
                    .containsExactly(PhotoResult.Status.OK, PhotoResult.Status.OK, PhotoResult.Status.OK);
            Outcome<?> skipped = results.get(1).outcome(StageKey.CLASSIFY).orElseThrow();
            assertThat(skipped).isInstanceOf(Outcome.Skipped.class);
            assertThat(((Outcome.Skipped<?>) skipped).reason()).isEqualTo("nothing to classify in b");
            assertThat(results.get(1).firstFailure()).isEmpty();
        }
    }

    @Test
    void undecodablePhotoIsReportedAndLaterStagesAreSkipped() throws Exception {
        AtomicInteger classified = new AtomicInteger();
        try (Pipeline pipeline = builder()
                .classify(FakeStages.classifier(p -> {
                    classified.incrementAndGet();
                    return FakeStages.people(0.7);
                }))
                .detect(FakeStages.centreDetector())
                .build()) {
            List<PhotoResult> results = pipeline.run(photos("", "ok.jpg", "corrupt.jpg", "ok2.jpg"));

            PhotoResult bad = results.get(1);
            assertThat(bad.status()).isEqualTo(PhotoResult.Status.ERROR);
            assertThat(bad.outcome(StageKey.DECODE).orElseThrow()).isInstanceOf(Outcome.Failed.class);
            assertThat(((Outcome.Failed<?>) bad.outcome(StageKey.DECODE).orElseThrow()).message()).contains("corrupt.jpg");
            assertThat(bad.outcome(StageKey.CLASSIFY).orElseThrow()).isInstanceOf(Outcome.Skipped.class);
            assertThat(bad.outcome(StageKey.DETECT).orElseThrow()).isInstanceOf(Outcome.Skipped.class);
            assertThat(classified).hasValue(2);
            assertThat(results.get(2).status()).isEqualTo(PhotoResult.Status.OK);
        }
    }

    @Test
    void segmentSkippedWhenDetectFindsNothing() throws Exception {
        try (Pipeline pipeline = builder().detect(FakeStages.centreDetector()).segment(FakeStages.boxSegmenter()).build()) {
            List<PhotoResult> results = pipeline.run(photos("", "empty.jpg", "dog.jpg"));

            PhotoResult empty = results.get(0);
            assertThat(empty.status()).isEqualTo(PhotoResult.Status.SKIPPED);
            Outcome<?> seg = empty.outcome(StageKey.SEGMENT).orElseThrow();
            assertThat(seg).isInstanceOf(Outcome.Skipped.class);
            assertThat(((Outcome.Skipped<?>) seg).reason()).contains("nothing found").contains("0.3");

            PhotoResult found = results.get(1);
            assertThat(found.status()).isEqualTo(PhotoResult.Status.OK);
            assertThat(found.segmentation().orElseThrow().mask().area()).isEqualTo(32 * 24);
        }
    }

    @Test
    void segmentSkippedWhenDetectFails() throws Exception {
        try (Pipeline pipeline = builder()
                .detect(FakeStages.detector(p -> {
                    throw new IllegalArgumentException("bad tensor");
                }))
                .segment(FakeStages.boxSegmenter())
                .build()) {
            PhotoResult result = pipeline.process(photo("", "a.jpg"));

            assertThat(result.status()).isEqualTo(PhotoResult.Status.ERROR);
            assertThat(((Outcome.Skipped<?>) result.outcome(StageKey.SEGMENT).orElseThrow()).reason()).isEqualTo("detect failed");
        }
    }

    @Test
    void segmenterIsPromptedWithTheBestBox() throws Exception {
        Detections two = new Detections(List.of(
                new Detection("dog", 0.4, new BoundingBox(0, 0, 10, 10)),
                new Detection("person", 0.9, new BoundingBox(20, 20, 30, 30))), 0.3);
        List<Detection> prompts = new ArrayList<>();
        try (Pipeline pipeline = builder()
                .detect(FakeStages.detector(p -> two))
                .segment(request -> {
                    prompts.add(request.subject());
                    return FakeStages.boxSegmenter().apply(request);
                })
                .build()) {
            pipeline.process(photo("", "a.jpg"));
        }
        assertThat(prompts).extracting(Detection::label).containsExactly("person");
    }

    @Test
    void batchFailureIsRetriedPhotoByPhoto() throws Exception {
        List<String> singleCalls = new ArrayList<>();
        Classifier batchBreaksOnPoison = new Classifier() {
            @Override
            public Classification apply(io.phototriage.core.DecodedPhoto input) throws StageException {
                singleCalls.add(input.photo().id());
                if (input.photo().id().equals("poison.jpg")) {
                    throw new StageException("cannot classify poison.jpg");
                }
                return FakeStages.people(0.9);
            }

            @Override
            public List<Classification> applyAll(List<io.phototriage.core.DecodedPhoto> inputs) throws StageException {
                if (inputs.stream().anyMatch(p -> p.photo().id().equals("poison.jpg"))) {
                    throw new StageException("batch failed");
                }
                return inputs.stream().map(p -> FakeStages.people(0.5)).toList();
            }
        };
        try (Pipeline pipeline = builder().classify(batchBreaksOnPoison).batchSize(3).build()) {
            List<PhotoResult> results = pipeline.run(photos("", "a.jpg", "poison.jpg", "c.jpg", "d.jpg"));

            assertThat(results).extracting(PhotoResult::status).containsExactly(
                    PhotoResult.Status.OK, PhotoResult.Status.ERROR, PhotoResult.Status.OK, PhotoResult.Status.OK);
            // the first chunk (a, poison, c) was retried one by one; the second chunk (d) went through applyAll
            assertThat(singleCalls).containsExactly("a.jpg", "poison.jpg", "c.jpg");
            assertThat(results.get(3).classification().orElseThrow().confidence()).isEqualTo(0.5);
        }
    }

    @Test
    void closeClosesAllStagesInReverseOrderEvenIfOneThrows() throws Exception {
        List<String> closed = new ArrayList<>();
        Pipeline pipeline = builder()
                .classify(closing(FakeStages.classifier(p -> FakeStages.people(1)), "classify", closed, false))
                .detect(closingDetector("detect", closed, true))
                .stage(StageKey.of("custom", String.class), closingCustom("custom", closed, true))
                .build();

        assertThatThrownBy(pipeline::close)
                .isInstanceOf(PipelineCloseException.class)
                .hasMessage("2 stage(s) failed to close: custom close failed; detect close failed")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("custom close failed", "detect close failed"));
        assertThat(closed).containsExactly("custom", "detect", "classify");
    }

    @Test
    void closedPipelineRefusesToRun() throws Exception {
        Pipeline pipeline = builder().classify(FakeStages.classifier(p -> FakeStages.people(1))).build();
        pipeline.close();
        assertThatThrownBy(() -> pipeline.run(photos("", "a.jpg"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void listenerSeesProgressAndItsExceptionsDoNotBreakTheRun() throws Exception {
        List<String> events = new ArrayList<>();
        PipelineListener throwing = new PipelineListener() {
            @Override
            public void runStarted(int photoCount) {
                events.add("start " + photoCount);
            }

            @Override
            public void photoFinished(PhotoResult result, int done, int total) {
                events.add(done + "/" + total);
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void runFinished(int photoCount) {
                events.add("finish");
            }
        };
        try (Pipeline pipeline = builder().classify(FakeStages.classifier(p -> FakeStages.people(1))).listener(throwing).build()) {
            List<PhotoResult> results = pipeline.run(photos("", "a.jpg", "b.jpg"));
            assertThat(results).hasSize(2).allMatch(r -> r.status() == PhotoResult.Status.OK);
        }
        assertThat(events).containsExactly("start 2", "1/2", "2/2", "finish");
    }

    @Test
    void eachAlbumStylizesOnlyItsHeroShot() throws Exception {
        FakeStages.RecordingStylizer stylizer = new FakeStages.RecordingStylizer();
        // album "trip": b has the most confident classification; album "home": only "empty" photos, so no hero
        Classifier byName = FakeStages.classifier(p -> FakeStages.people(p.photo().id().endsWith("b.jpg") ? 0.99 : 0.6));
        List<Photo> input = new ArrayList<>(photos("trip", "a.jpg", "b.jpg", "c.jpg"));
        input.addAll(photos("home", "empty1.jpg", "empty2.jpg"));
        List<AlbumResult> albums = new ArrayList<>();
        try (Pipeline pipeline = builder().classify(byName).detect(FakeStages.centreDetector()).stylize(stylizer).build()) {
            pipeline.run(input, new ResultSink() {
                @Override
                public void photo(PhotoResult result) {}

                @Override
                public void album(AlbumResult result) {
                    albums.add(result);
                }
            });
        }
        assertThat(stylizer.seen).containsExactly("trip/b.jpg");
        assertThat(albums).extracting(AlbumResult::album).containsExactly("trip", "home");
        assertThat(albums.get(0).stylized().isDone()).isTrue();
        assertThat(albums.get(1).hero()).isEmpty();
        assertThat(albums.get(1).stylized()).isInstanceOf(Outcome.Skipped.class);
    }

    @Test
    void collectingRunAttachesTheStylizedOutcomeToTheHero() throws Exception {
        FakeStages.RecordingStylizer stylizer = new FakeStages.RecordingStylizer();
        try (Pipeline pipeline = builder().detect(FakeStages.centreDetector()).stylize(stylizer).stylePrompt("noir").build()) {
            List<PhotoResult> results = pipeline.run(photos("a", "x.jpg"));
            assertThat(results.get(0).stylized().orElseThrow().prompt()).isEqualTo("noir");
        }
    }

    @Test
    void customStageSeesEarlierOutcomesAndIsStoredUnderItsKey() throws Exception {
        StageKey<Integer> boxCount = StageKey.of("box-count", Integer.class);
        try (Pipeline pipeline = builder()
                .detect(FakeStages.centreDetector())
                .stage(boxCount, ctx -> ctx.soFar().detections().orElseThrow().detections().size())
                .build()) {
            PhotoResult result = pipeline.process(photo("", "a.jpg"));
            assertThat(result.value(boxCount)).contains(1);
            assertThat(pipeline.stageKeys()).containsExactly(StageKey.DECODE, StageKey.DETECT, boxCount);
        }
    }

    @Test
    void stageOutcomesRecordTheModelThatProducedThem() throws Exception {
        Classifier named = new Classifier() {
            @Override
            public Classification apply(io.phototriage.core.DecodedPhoto input) {
                return FakeStages.people(0.9);
            }

            @Override
            public io.phototriage.core.stage.ModelInfo model() {
                return new io.phototriage.core.stage.ModelInfo("probe", "abc123", "test");
            }
        };
        try (Pipeline pipeline = builder().classify(named).build()) {
            Outcome<Classification> outcome = pipeline.process(photo("", "a.jpg")).outcome(StageKey.CLASSIFY).orElseThrow();
            assertThat(((Outcome.Done<Classification>) outcome).model().weights()).isEqualTo("abc123");
        }
    }

    @Test
    void buildRejectsAPipelineWithoutStages() {
        assertThatThrownBy(() -> builder().build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("no stages");
    }

    @Test
    void buildRejectsSegmentWithoutDetect() {
        assertThatThrownBy(() -> builder().segment(FakeStages.boxSegmenter()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("segment needs detect");
    }

    @Test
    void buildRejectsDuplicateOrBuiltInCustomKeys() {
        Stage<PhotoContext, String> s = ctx -> "x";
        assertThatThrownBy(() -> builder().stage(StageKey.of("x", String.class), s).stage(StageKey.of("x", String.class), s).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'x' is used twice");
        assertThatThrownBy(() -> builder().stage(StageKey.of("detect", String.class), s).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'detect'");
    }

    @Test
    void batchSizeMustBePositive() {
        assertThatThrownBy(() -> builder().batchSize(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Classifier closing(Classifier delegate, String name, List<String> log, boolean fail) {
        return new Classifier() {
            @Override
            public Classification apply(io.phototriage.core.DecodedPhoto input) throws StageException {
                return delegate.apply(input);
            }

            @Override
            public void close() {
                log.add(name);
                if (fail) {
                    throw new IllegalStateException(name + " close failed");
                }
            }
        };
    }

    private static io.phototriage.core.stage.Detector closingDetector(String name, List<String> log, boolean fail) {
        return new io.phototriage.core.stage.Detector() {
            @Override
            public Detections apply(io.phototriage.core.DecodedPhoto input) {
                return new Detections(List.of(), 0.5);
            }

            @Override
            public void close() {
                log.add(name);
                if (fail) {
                    throw new IllegalStateException(name + " close failed");
                }
            }
        };
    }

    private static Stage<PhotoContext, String> closingCustom(String name, List<String> log, boolean fail) {
        return new Stage<>() {
            @Override
            public String apply(PhotoContext input) {
                return "x";
            }

            @Override
            public void close() {
                log.add(name);
                if (fail) {
                    throw new IllegalStateException(name + " close failed");
                }
            }
        };
    }
}
