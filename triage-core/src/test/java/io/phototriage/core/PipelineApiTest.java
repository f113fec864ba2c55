package io.phototriage.core;

import static io.phototriage.core.testing.FakePhotos.photo;
import static io.phototriage.core.testing.FakePhotos.photos;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.testing.FakePhotos;
import io.phototriage.core.testing.FakeProvider;
import io.phototriage.core.testing.FakeStages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The library surface: closing, ownership of stages, duplicates, sink failures. */
class PipelineApiTest {
    private final FakePhotos.Decoder decoder = new FakePhotos.Decoder();

    @Test
    void tryWithResourcesNeedsNoThrowsException() throws StageException {
        // This method declares only StageException (from build()): close() is unchecked.
        try (Pipeline p = Pipeline.builder().decoder(decoder).classify(FakeStages.classifier(x -> FakeStages.people(0.9))).build()) {
            assertThat(p.process(photo("", "a.jpg")).status()).isEqualTo(PhotoResult.Status.OK);
        }
    }

    @Test
    void processAfterCloseIsRefusedLikeRun() throws StageException {
        Pipeline p = Pipeline.builder().decoder(decoder).classify(FakeStages.classifier(x -> FakeStages.people(0.9))).build();
        p.close();
        p.close(); // twice is fine
        assertThatThrownBy(() -> p.process(photo("", "a.jpg"))).isInstanceOf(IllegalStateException.class).hasMessage("pipeline is closed");
    }

    @Test
    void aStageObjectBelongsToOnePipelineOnly() throws StageException {
        Classifier shared = FakeStages.classifier(x -> FakeStages.people(0.9));
        Pipeline.Builder builder = Pipeline.builder().decoder(decoder).classify(shared);
        try (Pipeline first = builder.build()) {
            assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already belongs to a pipeline built before")
                    .hasMessageContaining("each object can be given to one build() only");
            assertThatThrownBy(() -> Pipeline.builder().classify(shared).build()).isInstanceOf(IllegalStateException.class);
            assertThat(first.process(photo("", "a.jpg")).classification()).isPresent();
        }
    }

    @Test
    void aStageObjectFromAFailedBuildIsFreeAgain() throws StageException {
        Detector detector = FakeStages.centreDetector();
        assertThatThrownBy(() -> Pipeline.builder().detect(detector).segment("missing").registry(StageRegistry.of(List.of())).build())
                .isInstanceOf(IllegalArgumentException.class);
        try (Pipeline p = Pipeline.builder().decoder(decoder).detect(detector).build()) {
            assertThat(p.process(photo("", "a.jpg")).detections()).isPresent();
        }
    }

    @Test
    void eachBuildCreatesFreshStagesFromTheRegistry() throws StageException {
        List<Stage<?, ?>> created = new ArrayList<>();
        StageProvider provider = FakeProvider.of("det", Detector.class, settings -> {
            Detector d = FakeStages.centreDetector();
            created.add(d);
            return d;
        });
        Pipeline.Builder builder = Pipeline.builder().decoder(decoder).registry(StageRegistry.of(List.of(provider))).detect();
        try (Pipeline a = builder.build(); Pipeline b = builder.build()) {
            assertThat(created).hasSize(2);
            assertThat(a.stages()).containsExactly(created.get(0));
            assertThat(b.stages()).containsExactly(created.get(1));
        }
    }

    @Test
    void duplicatePhotosAreRefusedNamingThePath() throws StageException {
        try (Pipeline p = Pipeline.builder().decoder(decoder).classify(FakeStages.classifier(x -> FakeStages.people(0.9))).build()) {
            List<Photo> twice = List.of(photo("", "a.jpg"), photo("", "b.jpg"), photo("", "a.jpg"));
            assertThatThrownBy(() -> p.run(twice)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("photo listed twice: " + Path.of("/nonexistent-input", "a.jpg"));
            List<Photo> sameFile = List.of(new Photo(Path.of("/x/a.jpg"), "one", ""), new Photo(Path.of("/x/./a.jpg"), "two", ""));
            assertThatThrownBy(() -> p.run(sameFile)).hasMessageContaining("same file as id 'one'");
            assertThat(decoder.calls).as("refused before anything ran").hasValue(0);
        }
    }

    @Test
    void nullArgumentsAreRejectedByName() throws StageException {
        try (Pipeline p = Pipeline.builder().decoder(decoder).classify(FakeStages.classifier(x -> FakeStages.people(0.9))).build()) {
            assertThatThrownBy(() -> p.run(null, r -> {})).isInstanceOf(NullPointerException.class).hasMessage("photos");
            assertThatThrownBy(() -> p.run(photos("", "a.jpg"), null)).hasMessage("sink");
            assertThatThrownBy(() -> p.process(null)).hasMessage("photo");
        }
        assertThatThrownBy(() -> Pipeline.builder().classify((Classifier) null)).hasMessage("classifier");
        assertThatThrownBy(() -> Pipeline.builder().stage(StageKey.of("k", String.class), (String) null)).hasMessage("providerName");
        assertThatThrownBy(() -> Pipeline.builder().settings(null)).hasMessage("settings");
    }

    @Test
    void aThrowingPhotoSinkIsCountedAndTheRunGoesOn() throws StageException {
        List<String> delivered = new ArrayList<>();
        ResultSink sink = new ResultSink() {
            @Override
            public void photo(PhotoResult result) {
                if (result.photo().id().equals("b.jpg")) {
                    throw new IllegalStateException("disk full");
                }
                delivered.add(result.photo().id());
            }
        };
        try (Pipeline p = Pipeline.builder().decoder(decoder).detect(FakeStages.centreDetector()).build()) {
            RunSummary summary = p.run(photos("", "a.jpg", "b.jpg", "empty.jpg", "corrupt.jpg"), sink);
            assertThat(delivered).containsExactly("a.jpg", "empty.jpg", "corrupt.jpg");
            assertThat(summary.sinkFailures()).isEqualTo(1);
            assertThat(summary.photos()).isEqualTo(4);
            assertThat(summary.ok()).isEqualTo(2);
            assertThat(summary.skipped()).isEqualTo(1);
            assertThat(summary.failed()).isEqualTo(1);
        }
    }

    @Test
    void aThrowingAlbumSinkIsCountedAndTheOtherAlbumsStillArrive() throws StageException {
        List<String> albums = new ArrayList<>();
        ResultSink sink = new ResultSink() {
            @Override
            public void photo(PhotoResult result) {}

            @Override
            public void album(AlbumResult result) {
                if (result.album().equals("x")) {
                    throw new IllegalStateException("cannot write album x");
                }
                albums.add(result.album());
            }
        };
        List<Photo> all = new ArrayList<>(photos("x", "a.jpg"));
        all.addAll(photos("y", "b.jpg"));
        try (Pipeline p = Pipeline.builder().decoder(decoder).detect(FakeStages.centreDetector())
                .stylize(new FakeStages.RecordingStylizer()).build()) {
            RunSummary summary = p.run(all, sink);
            assertThat(albums).containsExactly("y");
            assertThat(summary.sinkFailures()).isEqualTo(1);
            assertThat(summary.ok()).isEqualTo(2);
        }
    }

    @Test
    void underStopAThrowingSinkStopsTheRunWithItsException() throws StageException {
        List<String> classified = new ArrayList<>();
        ResultSink sink = result -> {
            if (result.photo().id().equals("b.jpg")) {
                throw new IllegalStateException("journal: disk full");
            }
        };
        try (Pipeline p = Pipeline.builder().decoder(decoder).sinkFailures(SinkFailurePolicy.STOP)
                .classify(FakeStages.classifier(x -> {
                    classified.add(x.photo().id());
                    return FakeStages.people(0.9);
                })).build()) {
            assertThatThrownBy(() -> p.run(photos("", "a.jpg", "b.jpg", "c.jpg"), sink)).hasMessage("journal: disk full");
            assertThat(classified).containsExactly("a.jpg", "b.jpg");
        }
    }

    @Test
    void underStopAThrowingAlbumSinkStopsTheRun() throws StageException {
        ResultSink sink = new ResultSink() {
            @Override
            public void photo(PhotoResult result) {}

            @Override
            public void album(AlbumResult result) {
                throw new IllegalStateException("cannot write album " + result.album());
            }
        };
        List<Photo> all = new ArrayList<>(photos("x", "a.jpg"));
        all.addAll(photos("y", "b.jpg"));
        try (Pipeline p = Pipeline.builder().decoder(decoder).sinkFailures(SinkFailurePolicy.STOP)
                .detect(FakeStages.centreDetector()).stylize(new FakeStages.RecordingStylizer()).build()) {
            assertThatThrownBy(() -> p.run(all, sink)).hasMessage("cannot write album x");
        }
    }

    @Test
    void failureMessagesNameThePhotoByIdNotByItsAbsolutePath() throws StageException {
        Photo photo = new Photo(Path.of("/data/in/album/a.jpg").toAbsolutePath(), "album/a.jpg", "album");
        Classifier failing = FakeStages.classifier(x -> {
            throw new IllegalStateException("cannot read " + x.photo().path() + " twice");
        });
        try (Pipeline p = Pipeline.builder().decoder(decoder).classify(failing).build()) {
            Outcome.Failed<?> failed = p.process(photo).firstFailure().orElseThrow();
            assertThat(failed.message()).endsWith("cannot read album/a.jpg twice").doesNotContain("/data/in");
        }
    }

    @Test
    void aBuiltPipelineIsUnaffectedByLaterBuilderChanges() throws StageException {
        FakeStages.RecordingStylizer stylizer = new FakeStages.RecordingStylizer();
        List<String> prompts = new ArrayList<>();
        Pipeline.Builder builder = Pipeline.builder().decoder(decoder).stylePrompt("first").stylize(stylizer);
        try (Pipeline p = builder.build()) {
            builder.stylePrompt("second").batchSize(5);
            p.run(photos("", "a.jpg"), new ResultSink() {
                @Override
                public void photo(PhotoResult result) {}

                @Override
                public void album(AlbumResult album) {
                    prompts.add(album.stylized().valueIfDone().orElseThrow().prompt());
                }
            });
        }
        assertThat(prompts).containsExactly("first");
    }
}
