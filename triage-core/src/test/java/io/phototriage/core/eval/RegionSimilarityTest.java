package io.phototriage.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.stage.Mask;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DAVIS's J on hand-counted 4x2 masks. */
class RegionSimilarityTest {
    private static Mask mask(String row1, String row2) {
        boolean[] v = new boolean[8];
        for (int i = 0; i < 4; i++) {
            v[i] = row1.charAt(i) == '#';
            v[4 + i] = row2.charAt(i) == '#';
        }
        return Mask.of(4, 2, v);
    }

    @Test
    void jIsIntersectionOverUnion() {
        // 2 shared pixels, 5 in the union
        assertThat(RegionSimilarity.of(mask("###.", "#..."), mask(".##.", ".#.."))).isEqualTo(2.0 / 5.0);
        assertThat(RegionSimilarity.of(mask("##..", "...."), mask("..##", "...."))).isZero();
    }

    @Test
    void bothEmptyIsAPerfectFrameAndEmptyAgainstAnObjectIsZero() {
        assertThat(RegionSimilarity.of(mask("....", "...."), mask("....", "...."))).isEqualTo(1.0);
        assertThat(RegionSimilarity.of(mask("....", "...."), mask("#...", "...."))).isZero();
    }

    @Test
    void sizesMustMatchAndTheMeanOfNothingIsNaN() {
        assertThatThrownBy(() -> RegionSimilarity.of(Mask.of(2, 2, new boolean[4]), mask("....", "....")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(RegionSimilarity.mean(List.of(1.0, 0.5))).isEqualTo(0.75);
        assertThat(RegionSimilarity.mean(List.of())).isNaN();
    }
}
