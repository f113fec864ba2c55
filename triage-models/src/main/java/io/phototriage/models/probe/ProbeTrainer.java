package io.phototriage.models.probe;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.eval.ClassificationMetrics;
import io.phototriage.core.eval.CocoDataset;
import io.phototriage.core.eval.CocoImage;
import io.phototriage.core.eval.TrainingSplit;
import io.phototriage.core.image.PhotoDecodeException;
import io.phototriage.core.image.PhotoDecoder;
import io.phototriage.core.stage.TriageClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link LinearProbe} from labelled photos: reads a data set, makes a seeded stratified held-out split,
 * extracts features, trains on the training part and measures on the held-out part.
 *
 * <p>Data sets: a COCO-format folder ({@code annotations.json} + {@code images/}; each image's label is its extra
 * {@code triage_class} field) or a folder-per-class tree ({@code people/}, {@code pets/}, {@code neither/}, image
 * files directly inside). Photos are sorted by path before anything random happens, so a split depends only on
 * the files and the seed.
 */
public final class ProbeTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeTrainer.class);
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "webp", "tif", "tiff");

    private ProbeTrainer() {}

    /**
     * A photo and its class.
     *
     * @param path  the file
     * @param label the class
     * @param name  the photo's name inside its data set, as a {@link TrainingSplit} records it: the COCO
     *              {@code file_name}, or {@code class/file} in a folder-per-class tree
     */
    public record LabeledPhoto(Path path, TriageClass label, String name) {
        /**
         * Validates.
         *
         * @param path  the file
         * @param label the class
         * @param name  the photo's name inside its data set, as a {@link TrainingSplit} records it
         * @throws NullPointerException when any component is null
         */
        public LabeledPhoto {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(name, "name");
        }

        /**
         * A photo named by its file name.
         *
         * @param path  the file; its last name element becomes {@link #name()}
         * @param label the class
         */
        public LabeledPhoto(Path path, TriageClass label) {
            this(path, label, path.getFileName().toString());
        }
    }

    /**
     * A split of a data set.
     *
     * @param train photos to train on
     * @param test  held-out photos to measure on
     */
    public record Split(List<LabeledPhoto> train, List<LabeledPhoto> test) {
        /**
         * Copies both lists.
         *
         * @param train photos to train on
         * @param test  held-out photos to measure on (empty when every photo trains)
         * @throws NullPointerException when a list or an element is null
         */
        public Split {
            train = List.copyOf(train);
            test = List.copyOf(test);
        }
    }

    /**
     * What training produced.
     *
     * @param probe     the trained probe (its provenance holds the split and any cross-validated estimate)
     * @param heldOut   its metrics on the held-out photos; empty when every photo trained it
     * @param split     which photos were used for what
     * @param predicted the probe's label for each held-out photo, in the order of {@code split.test()}
     */
    public record Result(LinearProbe probe, Optional<ClassificationMetrics<TriageClass>> heldOut, Split split,
            List<TriageClass> predicted) {
        /**
         * Validates and copies.
         *
         * @param probe     the trained probe
         * @param heldOut   its metrics on the held-out photos; empty when every photo trained it
         * @param split     which photos were used for what
         * @param predicted the probe's label for each held-out photo, in the order of {@code split.test()}
         * @throws NullPointerException when a component is null
         */
        public Result {
            Objects.requireNonNull(probe, "probe");
            Objects.requireNonNull(heldOut, "heldOut");
            Objects.requireNonNull(split, "split");
            predicted = List.copyOf(predicted);
        }
    }

    /**
     * The photos of a COCO-format folder: {@code dir/annotations.json}, read by {@link CocoDataset} (each image needs a
     * {@code triage_class} of people, pets or neither) and the files in {@code dir/images/}.
     *
     * @param dir the data set folder
     * @return one labelled photo per annotated image, named by its COCO {@code file_name}
     * @throws IOException if the annotations cannot be read, an image has no valid {@code triage_class}, or an image
     *                     file is missing (the message names it)
     */
    public static List<LabeledPhoto> readCoco(Path dir) throws IOException {
        Path annotations = dir.resolve("annotations.json");
        if (!Files.isRegularFile(annotations)) {
            throw new IOException("no COCO annotations at " + annotations.toAbsolutePath()
                    + "; a COCO-format set is a folder with annotations.json and images/");
        }
        CocoDataset dataset = CocoDataset.read(annotations);
        List<LabeledPhoto> photos = new ArrayList<>();
        for (CocoImage image : dataset.images()) {
            String file = image.fileName();
            TriageClass c = image.triageClass().orElseThrow(() -> new IOException(annotations + ": image " + file
                    + " has no \"triage_class\" field (people, pets or neither)"));
            Path path = dir.resolve("images").resolve(file);
            if (!Files.isRegularFile(path)) {
                throw new IOException(annotations + " lists " + file + " but " + path.toAbsolutePath() + " does not exist");
            }
            photos.add(new LabeledPhoto(path, c, file));
        }
        return sorted(photos);
    }

    /**
     * The photos of a folder-per-class tree: image files directly inside {@code root/people}, {@code root/pets} and
     * {@code root/neither}. A missing class folder counts as an empty class.
     *
     * @param root the tree's root folder
     * @return one labelled photo per image file, named {@code class/file}
     * @throws IOException if {@code root} is not a folder or a class folder cannot be listed
     */
    public static List<LabeledPhoto> readFolders(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root.toAbsolutePath() + " is not a folder; expected people/, pets/ and neither/ inside it");
        }
        List<LabeledPhoto> photos = new ArrayList<>();
        for (TriageClass c : TriageClass.values()) {
            Path dir = root.resolve(c.label());
            if (!Files.isDirectory(dir)) {
                LOG.warn("{} has no {}/ folder: no examples of '{}'", root, c.label(), c.label());
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(Files::isRegularFile).filter(ProbeTrainer::isImage)
                        .forEach(p -> photos.add(new LabeledPhoto(p, c, c.label() + "/" + p.getFileName())));
            }
        }
        return sorted(photos);
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static List<LabeledPhoto> sorted(List<LabeledPhoto> photos) {
        List<LabeledPhoto> copy = new ArrayList<>(photos);
        copy.sort(Comparator.comparing(p -> p.path().toString()));
        return copy;
    }

    /**
     * A stratified split: of each class, {@code round(n · testFraction)} photos chosen at random (seeded) are held
     * out, but always at least one and never so many that fewer than two are left to train on (a class with fewer
     * than three photos is not held out at all).
     *
     * @param photos       the labelled photos
     * @param testFraction the share of each class to hold out, in (0, 1)
     * @param seed         the seed of the random choice; the same seed and photos give the same split
     * @return the training and held-out photos
     * @throws IllegalArgumentException when {@code testFraction} is not in (0, 1)
     */
    public static Split split(List<LabeledPhoto> photos, double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be in (0, 1): " + testFraction);
        }
        Random random = new Random(seed);
        List<LabeledPhoto> train = new ArrayList<>();
        List<LabeledPhoto> test = new ArrayList<>();
        for (TriageClass c : TriageClass.values()) {
            List<LabeledPhoto> members = new ArrayList<>();
            for (LabeledPhoto p : sorted(photos)) {
                if (p.label() == c) {
                    members.add(p);
                }
            }
            Collections.shuffle(members, random);
            int n = members.size();
            int held = n < 3 ? 0 : Math.min(n - 2, Math.max(1, (int) Math.round(n * testFraction)));
            test.addAll(members.subList(0, held));
            train.addAll(members.subList(held, n));
        }
        return new Split(sorted(train), sorted(test));
    }

    /**
     * Splits {@code photos}, extracts features with {@code features}, trains a probe on the training part and
     * measures it on the held-out part (no cross-validation).
     *
     * @param photos       the labelled photos
     * @param datasetName  names the data set in the probe's provenance, e.g. {@code coco128}
     * @param features     the frozen feature extractor the probe sits on
     * @param decoder      decodes each photo before feature extraction
     * @param config       the training recipe (scaling, class weights, λ grid, folds, seed)
     * @param testFraction the share of each class to hold out, in [0, 1); 0 trains on every photo
     * @return the probe, its held-out metrics (empty when nothing is held out), the split and predictions
     * @throws IllegalArgumentException when {@code testFraction} is out of range
     * @throws IOException if a photo cannot be decoded or its features cannot be computed (the message names it)
     */
    public static Result train(List<LabeledPhoto> photos, String datasetName, ImageFeatures features, PhotoDecoder decoder,
            ProbeConfig config, double testFraction) throws IOException {
        return train(photos, datasetName, features, decoder, config, testFraction, 0);
    }

    /**
     * Trains a probe on {@code photos}: with {@code testFraction > 0} on a seeded stratified training part, measured on
     * the held-out part; with {@code testFraction == 0} on every photo (nothing held out). With {@code cvRepeats > 0}
     * the recipe is also cross-validated on the training photos ({@link ProbeCrossValidation}: {@code cvRepeats} x
     * {@link ProbeConfig#folds()} folds, seed {@link ProbeConfig#seed()}) and the estimate recorded in the probe's
     * provenance; when a class has fewer training photos than folds there is no estimate (a warning says why).
     *
     * @param photos       the labelled photos
     * @param datasetName  names the data set in the probe's provenance, e.g. {@code coco128}
     * @param features     the frozen feature extractor the probe sits on
     * @param decoder      decodes each photo before feature extraction
     * @param config       the training recipe (scaling, class weights, λ grid, folds, seed)
     * @param testFraction the share of each class to hold out, in [0, 1); 0 trains on every photo
     * @param cvRepeats    how many times to repeat the cross-validation on the training photos; 0 for none
     * @return the probe, its held-out metrics (empty when nothing is held out), the split and predictions
     * @throws IllegalArgumentException when {@code testFraction} is out of range
     * @throws IOException if a photo cannot be decoded or its features cannot be computed (the message names it)
     */
    public static Result train(List<LabeledPhoto> photos, String datasetName, ImageFeatures features, PhotoDecoder decoder,
            ProbeConfig config, double testFraction, int cvRepeats) throws IOException {
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be in [0, 1): " + testFraction);
        }
        Split split = testFraction == 0 ? new Split(sorted(photos), List.of()) : split(photos, testFraction, config.seed());
        LOG.info("Training a probe on {} photos of {}, measuring on {} held out (seed {})", split.train().size(), datasetName,
                split.test().size(), config.seed());
        List<float[]> trainFeatures = extractAll(split.train(), features, decoder);
        TrainingSplit typed = testFraction == 0 ? TrainingSplit.all(datasetName, config.seed(), fileNames(split.train()))
                : new TrainingSplit(datasetName, TrainingSplit.STRATIFIED, testFraction, config.seed(), fileNames(split.train()),
                        fileNames(split.test()));
        ProbeData data = new ProbeData(trainFeatures, split.train().stream().map(LabeledPhoto::label).toList(), features.id(),
                features.description(), typed);
        LinearProbe probe = LinearProbe.train(data, config);
        Map<TriageClass, Integer> perClass = counts(split.train());
        int smallest = perClass.values().stream().mapToInt(Integer::intValue).min().orElse(0);
        if (cvRepeats > 0 && smallest < config.folds()) {
            LOG.warn("No cross-validated estimate for {}: a class has only {} training photos, fewer than the {} folds ({})",
                    datasetName, smallest, config.folds(), perClass);
        } else if (cvRepeats > 0) {
            CrossValidationEstimate estimate = ProbeCrossValidation.estimate(data, config, cvRepeats, config.folds(), config.seed(),
                    describe(config));
            LOG.info("Cross-validated accuracy of the recipe on {}: {}", datasetName, estimate.describeAccuracy());
            probe = probe.withCrossValidation(estimate);
        }
        if (split.test().isEmpty()) {
            return new Result(probe, Optional.empty(), split, List.of());
        }
        List<float[]> testFeatures = extractAll(split.test(), features, decoder);
        List<TriageClass> predicted = new ArrayList<>();
        for (float[] f : testFeatures) {
            predicted.add(probe.classify(f).label());
        }
        ClassificationMetrics<TriageClass> metrics = ClassificationMetrics.of(List.of(TriageClass.values()),
                split.test().stream().map(LabeledPhoto::label).toList(), predicted);
        return new Result(probe, Optional.of(metrics), split, predicted);
    }

    /**
     * A training recipe in words.
     *
     * @param config the recipe
     * @return e.g. {@code L2_NORMALIZE_HEAD (last 2 unscaled), BALANCED classes, λ by 5-fold CV over [...]}
     */
    public static String describe(ProbeConfig config) {
        return config.scaling() + (config.unscaledTail() > 0 ? " (last " + config.unscaledTail() + " features unscaled)" : "")
                + ", " + config.classWeighting() + " class weights, λ " + (config.lambdas().size() == 1 ? "= " + config.lambdas().get(0)
                : "by " + config.folds() + "-fold CV over " + config.lambdas()) + ", seed " + config.seed();
    }

    /**
     * The names of {@code photos} in their data set (what a {@link TrainingSplit} records).
     *
     * @param photos the photos
     * @return their {@link LabeledPhoto#name()}s, same order
     */
    public static List<String> fileNames(List<LabeledPhoto> photos) {
        return photos.stream().map(LabeledPhoto::name).toList();
    }

    /**
     * Features of each photo, in order.
     *
     * @param photos   the photos
     * @param features the feature extractor
     * @param decoder  decodes each photo first
     * @return one feature vector per photo, same order
     * @throws IOException when a photo cannot be decoded or its features cannot be computed (the message names it)
     */
    public static List<float[]> extractAll(List<LabeledPhoto> photos, ImageFeatures features, PhotoDecoder decoder) throws IOException {
        List<float[]> out = new ArrayList<>(photos.size());
        for (LabeledPhoto p : photos) {
            DecodedPhoto decoded;
            try {
                decoded = decoder.decode(Photo.of(p.path()));
            } catch (PhotoDecodeException e) {
                throw new IOException("cannot decode training photo " + p.path() + ": " + e.getMessage(), e);
            }
            try {
                out.add(features.extract(decoded));
            } catch (Exception e) {
                throw new IOException("cannot compute " + features.id() + " features of " + p.path() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * Number of photos per class, for reports.
     *
     * @param photos the photos
     * @return every class (0 when absent) to its count, in {@link TriageClass} order
     */
    public static Map<TriageClass, Integer> counts(List<LabeledPhoto> photos) {
        Map<TriageClass, Integer> counts = new EnumMap<>(TriageClass.class);
        for (TriageClass c : TriageClass.values()) {
            counts.put(c, 0);
        }
        photos.forEach(p -> counts.merge(p.label(), 1, Integer::sum));
        return counts;
    }
}
