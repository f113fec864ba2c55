package io.phototriage.core.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabelsTest {
    enum Mode {
        ONE, OTHER_CLASS, THIRD_ONE
    }

    enum Single {
        ONLY
    }

    @Test
    void defaultLabelIsTheNameInLowerCaseWithHyphens() {
        assertThat(Labels.of(Mode.ONE)).isEqualTo("one");
        assertThat(Labels.of(Mode.OTHER_CLASS)).isEqualTo("other-class");
    }

    @Test
    void parseIgnoresCaseAndSurroundingBlanks() {
        assertThat(Labels.parse(Mode.class, Labels::of, "mode", " Other-CLASS ")).isEqualTo(Mode.OTHER_CLASS);
        assertThat(Labels.parse(Mode.class, m -> "m" + m.ordinal(), "mode", "m2")).isEqualTo(Mode.THIRD_ONE);
    }

    @Test
    void parseErrorNamesTheValueAndEveryChoice() {
        assertThatThrownBy(() -> Labels.parse(Mode.class, Labels::of, "test mode", "other_class"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown test mode 'other_class': use one, other-class or third-one");
        assertThatThrownBy(() -> Labels.parse(Single.class, Labels::of, "single", ""))
                .hasMessage("unknown single '': use only");
    }
}
