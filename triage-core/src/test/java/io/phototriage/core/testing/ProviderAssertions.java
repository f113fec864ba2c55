package io.phototriage.core.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.StageException;
import org.assertj.core.api.AbstractThrowableAssert;

/** Assertions on stage providers. Shared through the core test-jar. */
public final class ProviderAssertions {
    private ProviderAssertions() {}

    /**
     * Asserts that {@code provider} refuses {@code settings} with a {@link StageException}; a stage it makes
     * anyway is closed again before the assertion fails.
     *
     * @param provider the provider under test
     * @param settings what it is asked to create a stage with
     * @return an assertion on the exception, for its message
     */
    public static AbstractThrowableAssert<?, ? extends Throwable> assertCreateFails(StageProvider provider,
            StageSettings settings) {
        return assertThatThrownBy(() -> provider.create(settings).close())
                .as("%s.create(%s)", provider.name(), settings)
                .isInstanceOf(StageException.class);
    }
}
