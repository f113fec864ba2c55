package io.phototriage.examples;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.HeroPicker;
import io.phototriage.core.PhotoResult;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The default hero rule, remembering every score (it goes into the journal so a rerun can compare new photos
 * with finished ones) and letting a new photo compete only if it beats the best finished photo of its album.
 */
final class HeroScores implements HeroPicker {
    private final HeroPicker rule = HeroPicker.defaultRule();
    private final Map<String, Double> scores = new HashMap<>();
    private final Map<String, Double> barrier = new HashMap<>();
    private final Set<String> exempt = new HashSet<>();

    @Override
    public OptionalDouble score(PhotoResult result, DecodedPhoto photo) {
        OptionalDouble score = rule.score(result, photo);
        if (score.isEmpty()) {
            return score;
        }
        scores.put(result.photo().id(), score.getAsDouble());
        if (exempt.contains(result.photo().id())) {
            return score;
        }
        Double best = barrier.get(result.photo().album());
        return best != null && score.getAsDouble() <= best ? OptionalDouble.empty() : score;
    }

    Double scoreOf(String photoId) {
        return scores.get(photoId);
    }

    void keptBest(String album, double score) {
        barrier.put(album, score);
    }

    /** A finished photo run again to be stylized: it competes even if a kept photo has the same score. */
    void exempt(String photoId) {
        exempt.add(photoId);
    }
}
