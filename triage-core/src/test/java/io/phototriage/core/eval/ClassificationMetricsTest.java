package io.phototriage.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.phototriage.core.stage.TriageClass;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassificationMetricsTest {
    private static final List<String> ABC = List.of("a", "b", "c");

    /**
     * Hand-built confusion (rows truth, columns predicted):
     * <pre>
     *      a b c
     *   a  3 1 0   support 4
     *   b  1 2 1   support 4
     *   c  1 0 1   support 2
     * </pre>
     * predicted: a 5, b 3, c 2; correct 6 of 10.
     */
    private static ClassificationMetrics<String> handExample() {
        List<String> truth = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        add(truth, predicted, "a", "a", 3);
        add(truth, predicted, "a", "b", 1);
        add(truth, predicted, "b", "a", 1);
        add(truth, predicted, "b", "b", 2);
        add(truth, predicted, "b", "c", 1);
        add(truth, predicted, "c", "a", 1);
        add(truth, predicted, "c", "c", 1);
        return ClassificationMetrics.of(ABC, truth, predicted);
    }

    private static void add(List<String> truth, List<String> predicted, String t, String p, int times) {
        for (int i = 0; i < times; i++) {
            truth.add(t);
            predicted.add(p);
        }
    }

    @Test
    void confusionMatrixHasTruthInRowsAndPredictionsInColumns() {
        ClassificationMetrics<String> m = handExample();
        assertThat(m.confusion()).isEqualTo(new long[][] {{3, 1, 0}, {1, 2, 1}, {1, 0, 1}});
        assertThat(m.count("b", "c")).isEqualTo(1);
        assertThat(m.count("c", "b")).isZero();
        assertThat(m.total()).isEqualTo(10);
    }

    @Test
    void accuracyIsTheDiagonalOverTheTotal() {
        assertThat(handExample().accuracy()).isEqualTo(0.6);
    }

    @ParameterizedTest
    @CsvSource({
        // class, precision, recall, F1 (hand-computed: a 3/5, 3/4, 2/3; b 2/3, 2/4, 4/7; c 1/2, 1/2, 1/2)
        "a, 0.6,                0.75, 0.6666666666666666",
        "b, 0.6666666666666666, 0.5,  0.5714285714285714",
        "c, 0.5,                0.5,  0.5",
    })
    void perClassPrecisionRecallAndF1MatchHandComputedValues(String c, double precision, double recall, double f1) {
        ClassificationMetrics<String> m = handExample();
        assertThat(m.precision(c)).isCloseTo(precision, within(1e-12));
        assertThat(m.recall(c)).isCloseTo(recall, within(1e-12));
        assertThat(m.f1(c)).isCloseTo(f1, within(1e-12));
    }

    @Test
    void supportAndPredictedCountsAreRowAndColumnSums() {
        ClassificationMetrics<String> m = handExample();
        assertThat(List.of(m.support("a"), m.support("b"), m.support("c"))).containsExactly(4L, 4L, 2L);
        assertThat(List.of(m.predictedCount("a"), m.predictedCount("b"), m.predictedCount("c"))).containsExactly(5L, 3L, 2L);
    }

    @Test
    void macroF1IsTheUnweightedMeanOfPerClassF1() {
        // (2/3 + 4/7 + 1/2) / 3 = 73/126
        assertThat(handExample().macroF1()).isCloseTo(73.0 / 126.0, within(1e-12));
    }

    @Test
    void undefinedRatiosAreZeroForAClassNeverSeenNorPredicted() {
        ClassificationMetrics<TriageClass> m = ClassificationMetrics.of(List.of(TriageClass.values()),
                List.of(TriageClass.PEOPLE, TriageClass.NEITHER), List.of(TriageClass.PEOPLE, TriageClass.PEOPLE));
        assertThat(m.precision(TriageClass.PETS)).isZero();
        assertThat(m.recall(TriageClass.PETS)).isZero();
        assertThat(m.f1(TriageClass.PETS)).isZero();
        assertThat(m.precision(TriageClass.NEITHER)).isZero();
        assertThat(m.recall(TriageClass.NEITHER)).isZero();
        assertThat(m.precision(TriageClass.PEOPLE)).isEqualTo(0.5);
        assertThat(m.recall(TriageClass.PEOPLE)).isEqualTo(1.0);
        assertThat(m.accuracy()).isEqualTo(0.5);
    }

    @Test
    void perfectPredictionsGiveOnesEverywhere() {
        List<String> labels = List.of("a", "b", "c", "a");
        ClassificationMetrics<String> m = ClassificationMetrics.of(ABC, labels, labels);
        assertThat(m.accuracy()).isEqualTo(1.0);
        assertThat(m.macroF1()).isEqualTo(1.0);
    }

    @Test
    void emptyInputHasZeroAccuracy() {
        ClassificationMetrics<String> m = ClassificationMetrics.of(ABC, List.of(), List.of());
        assertThat(m.total()).isZero();
        assertThat(m.accuracy()).isZero();
    }

    @Test
    void mismatchedLengthsAreRejected() {
        assertThatThrownBy(() -> ClassificationMetrics.of(ABC, List.of("a", "b"), List.of("a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truth has 2 labels but predicted has 1");
    }

    @Test
    void aLabelOutsideTheClassesIsRejectedNamingIt() {
        assertThatThrownBy(() -> ClassificationMetrics.of(ABC, List.of("a"), List.of("z")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("predicted label #0 (z)");
    }

    @Test
    void confusionCopyCannotChangeTheMetrics() {
        ClassificationMetrics<String> m = handExample();
        m.confusion()[0][0] = 100;
        assertThat(m.accuracy()).isEqualTo(0.6);
    }

    @Test
    void reportListsAccuracyMatrixAndPerClassLines() {
        String report = handExample().report(s -> s.toUpperCase(java.util.Locale.ROOT));
        assertThat(report).contains("accuracy 0.6000 (10 examples)").contains("truth \\ predicted").contains("precision");
        assertThat(report.lines().filter(l -> l.startsWith("B ")).findFirst().orElseThrow())
                .matches("B\\s+1\\s+2\\s+1");
    }
}
