package io.phototriage.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.stage.Detections;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

    private static PhotoResult result(String id, Outcome<Detections> detect) {
        return PhotoResult.of(new Photo(Path.of(id), id, "")).with(StageKey.DETECT, detect);
    }

    @Test
    void countsEachStatusByNameNotByPosition() {
        Outcome<Detections> found = new Outcome.Done<>(new Detections(List.of(
                new io.phototriage.core.stage.Detection("dog", 0.9, new io.phototriage.core.stage.BoundingBox(0, 0, 1, 1))), 0.3),
                Duration.ZERO, io.phototriage.core.stage.ModelInfo.of("d"));
        Outcome<Detections> nothing = new Outcome.Done<>(new Detections(List.of(), 0.3), Duration.ZERO,
                io.phototriage.core.stage.ModelInfo.of("d"));
        Outcome<Detections> failed = new Outcome.Failed<>("detect", "boom", null);
        // hand-counted: 1 OK, 3 SKIPPED, 2 ERROR
        List<PhotoResult> results = List.of(result("a", found), result("b", nothing), result("c", nothing), result("d", failed),
                result("e", nothing), result("f", failed));

        RunSummary summary = RunSummary.of(results, 2, Duration.ofSeconds(3));

        assertThat(summary.photos()).isEqualTo(6);
        assertThat(summary.ok()).isEqualTo(1);
        assertThat(summary.skipped()).isEqualTo(3);
        assertThat(summary.failed()).isEqualTo(2);
        assertThat(summary.byStatus()).containsOnly(Map.entry(PhotoResult.Status.OK, 1), Map.entry(PhotoResult.Status.SKIPPED, 3),
                Map.entry(PhotoResult.Status.ERROR, 2));
        assertThat(summary.sinkFailures()).isEqualTo(2);
        assertThat(summary.elapsed()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void missingStatusesCountZero() {
        RunSummary empty = RunSummary.of(List.of(), 0, Duration.ZERO);
        assertThat(empty.photos()).isZero();
        assertThat(empty.byStatus()).hasSize(PhotoResult.Status.values().length).allSatisfy((s, n) -> assertThat(n).isZero());
    }

    @Test
    void countsThatDoNotAddUpAreRejected() {
        assertThatThrownBy(() -> new RunSummary(3, Map.of(PhotoResult.Status.OK, 2), 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not add up to 3");
        assertThatThrownBy(() -> new RunSummary(1, Map.of(PhotoResult.Status.OK, 2, PhotoResult.Status.ERROR, -1), 0, Duration.ZERO))
                .hasMessageContaining("negative");
    }
}
