package io.phototriage.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The states' shared tear-down, {@link BenchmarkDefaults#closeAll}: try-with-resources over any number of parts. */
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
    void closesTheLastPartFirstAndPassesOverPartsNeverMade() throws Exception {
        BenchmarkDefaults.closeAll(part("a"), null, part("c"), part("d"));

        assertThat(closed).containsExactly("d", "c", "a");
    }

    @Test
    void closesEveryPartWhenSomeFailAndThrowsTheFirstFailureWithTheLaterOnesSuppressed() {
        assertThatThrownBy(() -> BenchmarkDefaults.closeAll(failing("a"), part("b"), failing("c")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("c failed")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("a failed"));

        assertThat(closed).containsExactly("c", "b", "a");
    }

    @Test
    void nothingToCloseIsNotAnError() throws Exception {
        BenchmarkDefaults.closeAll();
        BenchmarkDefaults.closeAll((AutoCloseable) null);

        assertThat(closed).isEmpty();
    }
}
