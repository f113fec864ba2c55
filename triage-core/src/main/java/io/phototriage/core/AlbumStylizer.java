package io.phototriage.core;

import io.phototriage.core.image.PhotoDecoder;
import io.phototriage.core.stage.StyleRequest;
import io.phototriage.core.stage.Stylized;
import io.phototriage.core.stage.Stylizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-album part of a run: keeps the best hero candidate of each album (one result per album, no pixels) as
 * photos go by, then stylizes each album's hero, decoding it again. One instance per run.
 */
final class AlbumStylizer {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final Stylizer stylizer;
    private final PhotoDecoder decoder;
    private final HeroPicker heroPicker;
    private final PipelineListener listener;
    private final String prompt;
    private final long seed;
    private final Map<String, Candidate> heroes = new LinkedHashMap<>();

    AlbumStylizer(Stylizer stylizer, PhotoDecoder decoder, HeroPicker heroPicker, PipelineListener listener, String prompt,
            long seed) {
        this.stylizer = stylizer;
        this.decoder = decoder;
        this.heroPicker = heroPicker;
        this.listener = listener;
        this.prompt = prompt;
        this.seed = seed;
    }

    /** A new instance per run, with these values (taken now: the builder may change after {@code build()}). */
    static java.util.function.Supplier<AlbumStylizer> factory(Stylizer stylizer, PhotoDecoder decoder, HeroPicker heroPicker,
            PipelineListener listener, String prompt, long seed) {
        return () -> new AlbumStylizer(stylizer, decoder, heroPicker, listener, prompt, seed);
    }

    /** Scores one finished photo as a hero candidate of its album ({@code decoded} is null if it was not decoded). */
    void offer(PhotoResult result, DecodedPhoto decoded) {
        String album = result.photo().album();
        Candidate current = heroes.computeIfAbsent(album, a -> new Candidate(a, null, Double.NEGATIVE_INFINITY));
        if (decoded == null) {
            return;
        }
        OptionalDouble score;
        try {
            score = heroPicker.score(result, decoded);
        } catch (RuntimeException e) {
            LOG.warn("Hero picker failed on {}: {}", result.photo().id(), e.toString());
            return;
        }
        if (score.isPresent() && score.getAsDouble() > current.score()) {
            heroes.put(album, new Candidate(album, result, score.getAsDouble()));
        }
    }

    /** Stylizes the hero of every album seen, in the order the albums were first seen. */
    List<AlbumResult> finish() {
        List<AlbumResult> albums = new ArrayList<>(heroes.size());
        for (Candidate candidate : heroes.values()) {
            albums.add(stylize(candidate));
        }
        heroes.clear();
        return albums;
    }

    private AlbumResult stylize(Candidate candidate) {
        if (candidate.result() == null) {
            return new AlbumResult(candidate.album(), Optional.empty(),
                    new Outcome.Skipped<>("no photo in the album is eligible as hero shot"));
        }
        Photo hero = candidate.result().photo();
        Outcome<Stylized> outcome;
        try {
            DecodedPhoto decoded = decoder.decode(hero);
            StyleRequest request = new StyleRequest(decoded, candidate.result().segmentation(), prompt, seed);
            long t0 = System.nanoTime();
            outcome = StepRunner.done(StageKey.STYLIZE, stylizer, stylizer.apply(request), Duration.ofNanos(System.nanoTime() - t0));
        } catch (Exception e) {
            outcome = StepRunner.failedOrSkipped(StageKey.STYLIZE, stylizer, hero, e);
        }
        listener.stageFinished(hero, StageKey.STYLIZE, outcome);
        return new AlbumResult(candidate.album(), Optional.of(hero), outcome);
    }

    private record Candidate(String album, PhotoResult result, double score) {}
}
