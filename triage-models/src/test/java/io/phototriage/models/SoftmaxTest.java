package io.phototriage.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.phototriage.core.stage.TriageClass;
import org.junit.jupiter.api.Test;

/** {@link Softmax} against values worked out by hand. */
class SoftmaxTest {
    private static final double EPS = 1e-12;

    @Test
    void probabilitiesAreTheNormalisedExponentials() {
        // exp(0) : exp(ln 2) : exp(ln 3) = 1 : 2 : 3
        assertThat(Softmax.probabilities(new double[] {0, Math.log(2), Math.log(3)}))
                .containsExactly(new double[] {1 / 6.0, 2 / 6.0, 3 / 6.0}, within(EPS));
        assertThat(Softmax.probabilities(new float[] {5f, 5f})).containsExactly(new double[] {0.5, 0.5}, within(EPS));
    }

    @Test
    void largeLogitsDoNotOverflow() {
        assertThat(Softmax.probabilities(new double[] {1000, 1000, 1000 + Math.log(2)}))
                .containsExactly(new double[] {0.25, 0.25, 0.5}, within(EPS));
        assertThat(Softmax.logSumExp(new double[] {1000, 1000})).isCloseTo(1000 + Math.log(2), within(EPS));
    }

    @Test
    void logSumExpIsTheLogOfTheSumOfExponentials() {
        assertThat(Softmax.logSumExp(new double[] {0, Math.log(2), Math.log(3)})).isCloseTo(Math.log(6), within(EPS));
    }

    @Test
    void classProbabilitiesFollowTheTriageClassOrder() {
        // float logits: ln 3 is rounded to a float first
        assertThat(Softmax.ofClasses(new float[] {0f, (float) Math.log(3), 0f}).get(TriageClass.values()[0]))
                .isCloseTo(0.2, within(1e-7));
        assertThat(Softmax.ofClasses(new double[] {0, Math.log(3), 0})).hasSize(3)
                .hasEntrySatisfying(TriageClass.values()[1], p -> assertThat(p).isCloseTo(0.6, within(EPS)));
        assertThatThrownBy(() -> Softmax.ofClasses(new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one per triage class");
    }
}
