package io.phototriage.core.eval;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which photos of a data set a trained model saw: the typed part of its provenance, saved with the model and read
 * back as it was written (never re-derived from a description), so that an evaluation can score the held-out photos
 * alone.
 *
 * @param dataset      the data set's name (its folder name, e.g. {@code coco128})
 * @param method       how the split was made, e.g. {@code stratified} or {@code all} (every photo trains)
 * @param testFraction the held-out share of each class asked for; 0 when every photo trains
 * @param seed         the seed of the split (and of any fold assignment)
 * @param train        the file names the model was trained on, sorted
 * @param heldOut      the file names held out, sorted (empty when every photo trains)
 */
public record TrainingSplit(String dataset, String method, double testFraction, long seed, List<String> train,
        List<String> heldOut) {
    /** {@link #method()} of a split that holds nothing out. */
    public static final String ALL = "all";
    /** {@link #method()} of a seeded stratified held-out split. */
    public static final String STRATIFIED = "stratified";

    /**
     * Validates and copies (both lists sorted); a file in both lists is an error.
     *
     * @param dataset      the data set's name (its folder name, e.g. {@code coco128})
     * @param method       how the split was made, e.g. {@link #STRATIFIED} or {@link #ALL}
     * @param testFraction the held-out share of each class asked for; 0 when every photo trains
     * @param seed         the seed of the split (and of any fold assignment)
     * @param train        the file names the model was trained on, any order
     * @param heldOut      the file names held out, any order (empty when every photo trains)
     * @throws IllegalArgumentException when a file is both a training and a held-out photo
     * @throws NullPointerException     when {@code dataset}, {@code method} or a list is null
     */
    public TrainingSplit {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(method, "method");
        train = List.copyOf(train).stream().sorted().toList();
        heldOut = List.copyOf(heldOut).stream().sorted().toList();
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be in [0, 1): " + testFraction);
        }
        if (train.isEmpty()) {
            throw new IllegalArgumentException("a training split needs at least one training photo");
        }
        Set<String> seen = new HashSet<>(train);
        for (String f : heldOut) {
            if (seen.contains(f)) {
                throw new IllegalArgumentException(f + " is both a training and a held-out photo");
            }
        }
    }

    /**
     * Every photo trains: nothing is held out.
     *
     * @param dataset the data set's name
     * @param seed    the seed of any fold assignment made on the photos
     * @param files   the file names the model is trained on
     * @return a split of method {@link #ALL} with test fraction 0
     */
    public static TrainingSplit all(String dataset, long seed, List<String> files) {
        return new TrainingSplit(dataset, ALL, 0, seed, files, List.of());
    }

    /**
     * Whether any photo was held out.
     *
     * @return true when {@link #heldOut()} is not empty
     */
    public boolean hasHeldOut() {
        return !heldOut.isEmpty();
    }

    /**
     * The split in words.
     *
     * @return e.g. {@code coco128 (stratified split, 90 train / 38 held out, test fraction 0.3, seed 42)}
     */
    public String describe() {
        return ALL.equals(method)
                ? dataset + " (every photo, " + train.size() + " train / 0 held out, seed " + seed + ")"
                : dataset + " (" + method + " split, " + train.size() + " train / " + heldOut.size() + " held out, test fraction "
                        + testFraction + ", seed " + seed + ")";
    }
}
