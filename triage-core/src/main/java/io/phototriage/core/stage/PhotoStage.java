package io.phototriage.core.stage;

import io.phototriage.core.PhotoContext;

/**
 * The kind of a custom per-photo stage that a {@link io.phototriage.core.spi.StageProvider} offers: it sees the
 * decoded photo and what earlier stages produced ({@link PhotoContext}) and returns a value of its own type. A
 * provider of a custom stage returns {@link #KIND} from {@code kind()} and a {@code PhotoStage} from
 * {@code create(settings)}; users pick it by name with {@code Pipeline.Builder#stage(StageKey, String)}, whose key
 * type the values must match.
 *
 * @param <T> what the stage produces
 */
public interface PhotoStage<T> extends Stage<PhotoContext, T> {
    /** What a custom-stage provider returns from {@code StageProvider.kind()}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Class<? extends Stage<?, ?>> KIND = (Class) PhotoStage.class;
}
