package io.phototriage.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The states' shared tear-down, {@link BenchmarkDefaults#closeAll}: in order, nulls passed over, no failure hidden. */
class BenchmarkDefaultsTest {
    private final List<String> closed = new ArrayList<>();

    private AutoCloseable part(String name) {
        return () -> closed.add(name);
    }

    private AutoCloseable failing(String name) {
        return () -> {
            closed.add(name);
            throw new IllegalStateException(name + " failed");
        };
    }

    @Test
    void closesThePartsInTheOrderGivenAndPassesOverPartsNeverMade() throws Exception {
        BenchmarkDefaults.closeAll(part("a"), null, part("c"), part("d"));

        assertThat(closed).containsExactly("a", "c", "d");
    }

    @Test
    void closesEveryPartWhenSomeFailAndThrowsTheFirstFailureWithTheLaterOnesSuppressed() {
        assertThatThrownBy(() -> BenchmarkDefaults.closeAll(failing("a"), part("b"), failing("c"), failing("d")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a failed")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("c failed", "d failed"));

        assertThat(closed).containsExactly("a", "b", "c", "d");
    }

    @Test
    void nothingToCloseIsNotAnError() throws Exception {
        BenchmarkDefaults.closeAll();
        BenchmarkDefaults.closeAll((AutoCloseable) null);

        assertThat(closed).isEmpty();
    }
}
