package io.phototriage.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Classification;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.Detections;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.TriageClass;
import io.phototriage.core.testing.FakePhotos;
import io.phototriage.core.testing.FakeStages;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Several photos in flight ({@code workers(n)}) and the per-photo scratch the stages share. */
@Timeout(60)
class PipelineWorkersTest {
    private static final PhotoScratch.Key SHARED = new PhotoScratch.Key("shared-net", "sha-1", "whole photo");

    /** A "network" both stages read through the scratch; counts how often it really runs, per photo. */
    private static final class SharedNet {
        final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

        float[] output(DecodedPhoto photo) throws StageException {
            return photo.scratch().memo(SHARED, float[].class, () -> {
                runs.computeIfAbsent(photo.photo().id(), k -> new AtomicInteger()).incrementAndGet();
                pause(photo);
                int h = photo.photo().id().hashCode();
                return new float[] {(h & 0xff) / 255f, ((h >> 8) & 0xff) / 255f};
            });
        }
    }

    /** A few milliseconds that depend on the photo, so that workers finish out of order. */
    private static void pause(DecodedPhoto photo) {
        LockSupport.parkNanos(1_000_000L * (1 + Math.floorMod(photo.photo().id().hashCode(), 7)));
    }

    /** Fails if two threads are inside at the same time. */
    private static final class ExclusiveCheck {
        private final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();

        void enter() {
            if (inside.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
        }

        void exit() {
            inside.decrementAndGet();
        }
    }

    private static Pipeline pipeline(SharedNet net, ExclusiveCheck classifyCheck, ExclusiveCheck detectCheck, int workers,
            int batchSize, List<String> listenerThreads) throws StageException {
        Classifier classifier = FakeStages.classifier(photo -> {
            classifyCheck.enter();
            try {
                float[] out = net.output(photo);
                double people = 0.34 + 0.6 * out[0];
                double rest = (1 - people) / 2;
                return new Classification(TriageClass.PEOPLE, people,
                        Map.of(TriageClass.PEOPLE, people, TriageClass.PETS, rest, TriageClass.NEITHER, rest));
            } catch (StageException e) {
                throw new IllegalStateException(e);
            } finally {
                classifyCheck.exit();
            }
        });
        Detector detector = FakeStages.detector(photo -> {
            detectCheck.enter();
            try {
                float[] out = net.output(photo);
                pause(photo);
                return photo.photo().id().contains("empty") ? new Detections(List.of(), 0.3)
                        : new Detections(List.of(new Detection("person", 0.3 + 0.6 * out[1], new BoundingBox(16, 12, 48, 36))), 0.3);
            } catch (StageException e) {
                throw new IllegalStateException(e);
            } finally {
                detectCheck.exit();
            }
        });
        return Pipeline.builder().decoder(new FakePhotos.Decoder()).classify(classifier).detect(detector)
                .segment(FakeStages.boxSegmenter()).workers(workers).batchSize(batchSize)
                .listener(new PipelineListener() {
                    @Override
                    public void photoFinished(PhotoResult result, int done, int total) {
                        listenerThreads.add(Thread.currentThread().getName());
                    }
                }).build();
    }

    private static List<Photo> photos() {
        List<Photo> photos = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            photos.add(FakePhotos.photo(i < 12 ? "a" : "b", (i % 5 == 0 ? "empty-" : i == 7 ? "corrupt-" : "p-") + i + ".jpg"));
        }
        return photos;
    }

    /** Everything in a result except the timings, which differ from run to run. */
    private static String withoutTimings(PhotoResult r) {
        StringBuilder s = new StringBuilder(r.photo().id()).append(' ').append(r.status());
        r.outcomes().forEach((key, outcome) -> {
            s.append(" | ").append(key.name()).append(": ");
            if (outcome instanceof Outcome.Done<?> done) {
                Object v = done.value();
                s.append(v instanceof io.phototriage.core.stage.Segmentation seg ? "mask " + seg.mask().area() : v).append(" by ")
                        .append(done.model());
            } else {
                s.append(outcome);
            }
        });
        return s.toString();
    }

    @ParameterizedTest(name = "workers {0}, batch {1}")
    @CsvSource({"2, 1", "4, 1", "3, 2"})
    void severalWorkersGiveTheSameResultsInInputOrderAsOne(int workers, int batchSize) throws Exception {
        List<String> one;
        try (Pipeline p = pipeline(new SharedNet(), new ExclusiveCheck(), new ExclusiveCheck(), 1, 1, new CopyOnWriteArrayList<>())) {
            one = p.run(photos()).stream().map(PipelineWorkersTest::withoutTimings).toList();
        }
        ExclusiveCheck classifyCheck = new ExclusiveCheck();
        ExclusiveCheck detectCheck = new ExclusiveCheck();
        List<String> listenerThreads = new CopyOnWriteArrayList<>();
        List<String> many;
        try (Pipeline p = pipeline(new SharedNet(), classifyCheck, detectCheck, workers, batchSize, listenerThreads)) {
            many = p.run(photos()).stream().map(PipelineWorkersTest::withoutTimings).toList();
        }
        assertThat(many).containsExactlyElementsOf(one);
        assertThat(one).hasSize(24);
        assertThat(one.get(7)).contains("ERROR");
        assertThat(classifyCheck.overlaps).as("classify called by two threads at once").hasValue(0);
        assertThat(detectCheck.overlaps).as("detect called by two threads at once").hasValue(0);
        assertThat(listenerThreads).as("photoFinished on the calling thread").containsOnly(Thread.currentThread().getName());
    }

    @Test
    void severalWorkersOverlapPhotosInDifferentStages() throws Exception {
        Map<String, Thread> classifiedOn = new ConcurrentHashMap<>();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Classifier classifier = FakeStages.classifier(photo -> {
            classifiedOn.put(photo.photo().id(), Thread.currentThread());
            seen.add(photo.photo().id());
            pause(photo);
            return FakeStages.people(0.8);
        });
        try (Pipeline p = Pipeline.builder().decoder(new FakePhotos.Decoder()).classify(classifier)
                .detect(FakeStages.centreDetector()).workers(3).build()) {
            List<PhotoResult> results = p.run(photos());
            assertThat(results).extracting(r -> r.photo().id()).containsExactlyElementsOf(photos().stream().map(Photo::id).toList());
        }
        assertThat(classifiedOn.values()).doesNotContain(Thread.currentThread());
        assertThat(classifiedOn.values().stream().map(Thread::getName).distinct().count()).isGreaterThan(1);
    }

    @Test
    void aThreadSafeStageRunsOnSeveralWorkersAtOnceWhileTheOthersStayOneAtATime() throws Exception {
        // The first two classify calls wait for each other: they only both get through if the pipeline lets two
        // workers into the thread-safe classifier at the same time (a lock would leave the first one waiting alone).
        java.util.concurrent.CountDownLatch firstTwo = new java.util.concurrent.CountDownLatch(2);
        AtomicInteger metAlone = new AtomicInteger();
        Classifier threadSafe = new Classifier() {
            @Override
            public Classification apply(DecodedPhoto photo) {
                firstTwo.countDown();
                try {
                    if (!firstTwo.await(20, java.util.concurrent.TimeUnit.SECONDS)) {
                        metAlone.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return FakeStages.people(0.8);
            }

            @Override
            public boolean threadSafe() {
                return true;
            }
        };
        ExclusiveCheck detectCheck = new ExclusiveCheck();
        Detector notThreadSafe = FakeStages.detector(photo -> {
            detectCheck.enter();
            try {
                pause(photo);
                return new Detections(List.of(), 0.3);
            } finally {
                detectCheck.exit();
            }
        });
        List<PhotoResult> results;
        try (Pipeline p = Pipeline.builder().decoder(new FakePhotos.Decoder()).classify(threadSafe).detect(notThreadSafe)
                .workers(2).build()) {
            results = p.run(photos());
        }
        assertThat(metAlone).as("classify calls that waited in vain for a second worker").hasValue(0);
        assertThat(firstTwo.getCount()).isZero();
        assertThat(detectCheck.overlaps).as("detect (not thread-safe) called by two threads at once").hasValue(0);
        assertThat(results).extracting(r -> r.photo().id()).containsExactlyElementsOf(photos().stream().map(Photo::id).toList());
        assertThat(new Classifier() {
            @Override
            public Classification apply(DecodedPhoto photo) {
                return FakeStages.people(0.5);
            }
        }.threadSafe()).as("stages are not thread-safe unless they say so").isFalse();
    }

    @Test
    void eachSharedNetworkRunsOncePerPhotoAndTheScratchIsClearedAfterTheSteps() throws Exception {
        SharedNet net = new SharedNet();
        List<DecodedPhoto> decoded = new CopyOnWriteArrayList<>();
        HeroPicker keepsPixels = new HeroPicker() {
            @Override
            public java.util.OptionalDouble score(PhotoResult result, DecodedPhoto photo) {
                decoded.add(photo);
                return java.util.OptionalDouble.of(1);
            }
        };
        try (Pipeline p = pipeline(net, new ExclusiveCheck(), new ExclusiveCheck(), 2, 1, new CopyOnWriteArrayList<>())) {
            p.run(photos());
        }
        List<String> decodable = photos().stream().map(Photo::id).filter(id -> !id.contains("corrupt")).toList();
        assertThat(net.runs.keySet()).containsExactlyInAnyOrderElementsOf(decodable);
        assertThat(net.runs.values()).allSatisfy(n -> assertThat(n).hasValue(1));

        Classifier usesScratch = FakeStages.classifier(photo -> {
            try {
                net.output(photo);
            } catch (StageException e) {
                throw new IllegalStateException(e);
            }
            assertThat(photo.scratch().size()).isEqualTo(1);
            return FakeStages.people(0.8);
        });
        try (Pipeline p = Pipeline.builder().decoder(new FakePhotos.Decoder()).classify(usesScratch).heroPicker(keepsPixels)
                .stylize(new FakeStages.RecordingStylizer()).build()) {
            p.run(FakePhotos.photos("", "x.jpg", "y.jpg"));
        }
        assertThat(decoded).hasSize(2).allSatisfy(d -> assertThat(d.scratch().size()).as("cleared after the steps").isZero());
    }

    @Test
    void scratchRemembersAValueAndForgetsAFailure() throws Exception {
        PhotoScratch scratch = new PhotoScratch();
        AtomicInteger computed = new AtomicInteger();
        assertThatThrownBy(() -> scratch.memo(SHARED, String.class, () -> {
            computed.incrementAndGet();
            throw new StageException("network failed");
        })).isInstanceOf(StageException.class).hasMessage("network failed");
        assertThat(scratch.memo(SHARED, String.class, () -> "v" + computed.incrementAndGet())).isEqualTo("v2");
        assertThat(scratch.memo(SHARED, String.class, () -> "v" + computed.incrementAndGet())).isEqualTo("v2");
        assertThat(scratch.memo(new PhotoScratch.Key("shared-net", "sha-2", "whole photo"), String.class, () -> "other weights"))
                .isEqualTo("other weights");
        assertThat(scratch.memo(new PhotoScratch.Key("shared-net", "sha-1", "crop"), String.class, () -> "other input"))
                .isEqualTo("other input");
        assertThatThrownBy(() -> scratch.memo(SHARED, Integer.class, () -> 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("java.lang.String");
        assertThat(scratch.size()).isEqualTo(3);
        scratch.clear();
        assertThat(scratch.size()).isZero();
        assertThat(PhotoScratch.Key.of(new io.phototriage.core.stage.ModelInfo("net", "abc", "OnnxRuntime"), "in"))
                .isEqualTo(new PhotoScratch.Key("net", "abc", "in"));
    }

    @Test
    void workersBelowOneAreRefused() {
        assertThatThrownBy(() -> Pipeline.builder().workers(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workers must be at least 1");
    }

    @Test
    void anErrorOnAWorkerReachesTheCallerAfterTheRunningPhotosFinish() throws Exception {
        AtomicInteger running = new AtomicInteger();
        Classifier ooms = FakeStages.classifier(photo -> {
            running.incrementAndGet();
            try {
                pause(photo);
                if (photo.photo().id().equals("a/p-3.jpg")) {
                    throw new OutOfMemoryError("pretend");
                }
                return FakeStages.people(0.8);
            } finally {
                running.decrementAndGet();
            }
        });
        try (Pipeline p = Pipeline.builder().decoder(new FakePhotos.Decoder()).classify(ooms).workers(3).build()) {
            assertThatThrownBy(() -> p.run(photos())).isInstanceOf(OutOfMemoryError.class).hasMessage("pretend");
            assertThat(running).as("no stage still running when run() returns").hasValue(0);
        }
    }

    @Test
    void aSinkThatStopsTheRunStopsItWithNoStageStillRunningAndNoLaterPhotoDelivered() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger classified = new AtomicInteger();
        Classifier slow = FakeStages.classifier(photo -> {
            running.incrementAndGet();
            try {
                pause(photo);
                classified.incrementAndGet();
                return FakeStages.people(0.8);
            } finally {
                running.decrementAndGet();
            }
        });
        List<String> delivered = new ArrayList<>();
        ResultSink failsOnThird = new ResultSink() {
            @Override
            public void photo(PhotoResult result) {
                if (delivered.size() == 2) {
                    throw new IllegalStateException("disk full");
                }
                delivered.add(result.photo().id());
            }
        };
        try (Pipeline p = Pipeline.builder().decoder(new FakePhotos.Decoder()).classify(slow).workers(3)
                .sinkFailures(SinkFailurePolicy.STOP).build()) {
            assertThatThrownBy(() -> p.run(photos(), failsOnThird)).hasMessageContaining("disk full");
            assertThat(running).as("no stage still running when run() returns").hasValue(0);
        }
        assertThat(delivered).containsExactly("a/empty-0.jpg", "a/p-1.jpg");
        assertThat(classified.get()).as("at most the photos already in flight ran").isLessThanOrEqualTo(3 + 2 * 3);
    }
}
