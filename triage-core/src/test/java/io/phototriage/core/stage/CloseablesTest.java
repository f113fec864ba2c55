package io.phototriage.core.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloseablesTest {
    private final List<String> closed = new ArrayList<>();

    private AutoCloseable resource(String name, Exception failure) {
        return new AutoCloseable() {
            @Override
            public void close() throws Exception {
                closed.add(name);
                if (failure != null) {
                    throw failure;
                }
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    @Test
    void closesInTheGivenOrderAndSkipsNulls() {
        Closeables.closeAll(resource("a", null), null, resource("b", null));
        assertThat(closed).containsExactly("a", "b");
    }

    @Test
    void everyResourceClosesAndTheFirstFailureCarriesTheRest() {
        IllegalStateException first = new IllegalStateException("first");
        IllegalArgumentException second = new IllegalArgumentException("second");
        assertThatThrownBy(() -> Closeables.closeAll(resource("a", first), resource("b", null), resource("c", second)))
                .isSameAs(first)
                .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(second));
        assertThat(closed).containsExactly("a", "b", "c");
    }

    @Test
    void aCheckedFailureIsWrappedAndNamesTheResource() {
        IOException io = new IOException("disk gone");
        assertThatThrownBy(() -> Closeables.closeAll(List.of(resource("tokenizer", io))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("closing tokenizer failed: disk gone")
                .hasCause(io);
    }

    @Test
    void afterAFailureEveryCloseFailureIsSuppressedInIt() {
        Exception failure = new Exception("load failed");
        RuntimeException closing = new RuntimeException("close failed");
        Closeables.closeAfterFailure(failure, Arrays.asList(resource("a", closing), null, resource("b", null)));
        assertThat(closed).containsExactly("a", "b");
        assertThat(failure.getSuppressed()).containsExactly(closing);
    }
}
