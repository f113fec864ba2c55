package io.phototriage.models.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.eval.ClassificationMetrics;
import io.phototriage.core.stage.Classification;
import io.phototriage.core.stage.TriageClass;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LinearProbeTest {
    private static final TriageClass[] CLASSES = TriageClass.values();
    /** The hidden rule: class = argmax_k (RULE[k] · x + OFFSET[k]). */
    private static final double[][] RULE = {{2, -1, 0, 0.5, 0}, {-1, 2, 0.5, 0, 0}, {0, 0, -1, -1, 0}};
    private static final double[] OFFSET = {0.2, -0.1, 0.0};

    /** Points with a margin of at least 0.3 between the best and second-best class score of the rule. */
    private static ProbeData separable(int n, long seed, double featureScale, double featureShift) {
        Random random = new Random(seed);
        List<float[]> features = new ArrayList<>();
        List<TriageClass> labels = new ArrayList<>();
        while (features.size() < n) {
            double[] x = new double[5];
            for (int j = 0; j < x.length; j++) {
                x[j] = random.nextGaussian();
            }
            double[] score = new double[3];
            for (int k = 0; k < 3; k++) {
                score[k] = OFFSET[k];
                for (int j = 0; j < x.length; j++) {
                    score[k] += RULE[k][j] * x[j];
                }
            }
            int best = 0;
            for (int k = 1; k < 3; k++) {
                if (score[k] > score[best]) {
                    best = k;
                }
            }
            double second = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 3; k++) {
                if (k != best) {
                    second = Math.max(second, score[k]);
                }
            }
            if (score[best] - second < 0.3) {
                continue;
            }
            float[] f = new float[x.length];
            for (int j = 0; j < x.length; j++) {
                // Features in odd units: the probe's standardisation must undo them.
                f[j] = (float) (x[j] * featureScale * (j + 1) + featureShift);
            }
            features.add(f);
            labels.add(CLASSES[best]);
        }
        return new ProbeData(features, labels, "synthetic", "5 gaussian features", "separable rule, seed " + seed);
    }

    private static ClassificationMetrics<TriageClass> evaluate(LinearProbe probe, ProbeData data) {
        List<TriageClass> predicted = data.features().stream().map(f -> probe.classify(f).label()).toList();
        return ClassificationMetrics.of(List.of(CLASSES), data.labels(), predicted);
    }

    @Test
    void recoversAKnownLinearRuleOnSeparableData() {
        ProbeData train = separable(300, 1, 100, 50);
        ProbeData test = separable(500, 2, 100, 50);
        LinearProbe probe = LinearProbe.train(train, ProbeConfig.defaults());

        assertThat(evaluate(probe, train).accuracy()).isEqualTo(1.0);
        // Unseen points from the same rule: a margin of 0.3 leaves at most a few mistakes near the boundaries.
        assertThat(evaluate(probe, test).accuracy()).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void sameDataAndSeedGiveBitIdenticalWeights() {
        ProbeData train = separable(200, 3, 1, 0);
        LinearProbe a = LinearProbe.train(train, ProbeConfig.defaults().withSeed(7));
        LinearProbe b = LinearProbe.train(train, ProbeConfig.defaults().withSeed(7));
        assertThat(b.weights()).isDeepEqualTo(a.weights());
        assertThat(b.bias()).isEqualTo(a.bias());
        assertThat(b.training().cvLosses()).isEqualTo(a.training().cvLosses());
    }

    @Test
    void seedChangesTheFoldsButNotTheRulesOutcome() {
        int[] y = new int[60];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 3;
        }
        assertThat(ProbeFitter.stratifiedFolds(y, 5, 1)).isEqualTo(ProbeFitter.stratifiedFolds(y, 5, 1));
        assertThat(ProbeFitter.stratifiedFolds(y, 5, 1)).isNotEqualTo(ProbeFitter.stratifiedFolds(y, 5, 2));

        // The outcome: probes trained with two seeds (other folds, so other CV losses) learn the same rule.
        ProbeData train = separable(200, 3, 1, 0);
        ProbeData test = separable(300, 8, 1, 0);
        LinearProbe one = LinearProbe.train(train, ProbeConfig.defaults().withSeed(1));
        LinearProbe two = LinearProbe.train(train, ProbeConfig.defaults().withSeed(2));
        assertThat(two.training().cvLosses()).isNotEqualTo(one.training().cvLosses());
        int disagree = 0;
        for (float[] f : test.features()) {
            if (one.classify(f).label() != two.classify(f).label()) {
                disagree++;
            }
        }
        assertThat(disagree).as("test points labelled differently by the two seeds").isLessThanOrEqualTo(3);
        assertThat(evaluate(one, test).accuracy()).isGreaterThanOrEqualTo(0.99);
        assertThat(evaluate(two, test).accuracy()).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void stratifiedFoldsSpreadEachClassEvenly() {
        int[] y = new int[47];
        for (int i = 0; i < y.length; i++) {
            y[i] = i < 30 ? 0 : i < 37 ? 1 : 2; // 30 / 7 / 10
        }
        int[] fold = ProbeFitter.stratifiedFolds(y, 5, 42);
        int[][] perFold = new int[5][3];
        for (int i = 0; i < y.length; i++) {
            perFold[fold[i]][y[i]]++;
        }
        for (int[] counts : perFold) {
            assertThat(counts[0]).isEqualTo(6);
            assertThat(counts[1]).isBetween(1, 2);
            assertThat(counts[2]).isEqualTo(2);
        }
    }

    @Test
    void saveAndLoadGiveIdenticalPredictions(@TempDir Path dir) throws IOException {
        ProbeData train = separable(150, 4, 3, -2);
        LinearProbe probe = LinearProbe.train(train, ProbeConfig.defaults());
        Path file = dir.resolve("probe.json");
        probe.save(file);
        LinearProbe loaded = LinearProbe.load(file);

        ProbeData test = separable(100, 5, 3, -2);
        for (float[] f : test.features()) {
            assertThat(loaded.probabilities(f)).isEqualTo(probe.probabilities(f));
        }
        assertThat(loaded.weights()).isDeepEqualTo(probe.weights());
        assertThat(loaded.featureDescription()).isEqualTo("5 gaussian features");
        assertThat(loaded.provenance()).isEqualTo(new ProbeProvenance("synthetic", "separable rule, seed 4", 42));
        assertThat(loaded.training()).isEqualTo(probe.training());
        assertThat(Files.readString(file)).contains("\"format\" : \"" + LinearProbe.FORMAT + "\"");
    }

    @Test
    void l2NormalizedProbeRoundTripsAndIgnoresTheVectorsLength() throws IOException {
        ProbeData train = separable(200, 6, 1, 0);
        LinearProbe probe = LinearProbe.train(train, ProbeConfig.defaults().withScaling(FeatureScaling.L2_NORMALIZE));
        float[] x = train.features().get(0);
        float[] longer = new float[x.length];
        for (int j = 0; j < x.length; j++) {
            longer[j] = x[j] * 4; // a power of two: the scaled vector normalises to the same bits
        }
        assertThat(probe.probabilities(longer)).isEqualTo(probe.probabilities(x));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        probe.write(out);
        LinearProbe loaded = LinearProbe.read(new ByteArrayInputStream(out.toByteArray()), "memory");
        assertThat(loaded.scaling()).isEqualTo(FeatureScaling.L2_NORMALIZE);
        assertThat(loaded.probabilities(x)).isEqualTo(probe.probabilities(x));
        // The rule has offsets, so direction alone does not decide every point; most are still right.
        assertThat(evaluate(probe, train).accuracy()).isGreaterThan(0.9);
    }

    @Test
    void writeFlushesTheWholeProbeAndLeavesTheStreamOpen() throws IOException {
        ProbeData train = separable(200, 6, 1, 0);
        LinearProbe probe = LinearProbe.train(train, ProbeConfig.defaults());
        boolean[] closed = {false};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        java.io.OutputStream out = new java.io.BufferedOutputStream(new java.io.FilterOutputStream(bytes) {
            @Override
            public void close() {
                closed[0] = true;
            }
        }, 1 << 20);

        probe.write(out);

        assertThat(closed[0]).as("closed").isFalse();
        LinearProbe loaded = LinearProbe.read(new ByteArrayInputStream(bytes.toByteArray()), "memory");
        assertThat(loaded.probabilities(train.features().get(0))).isEqualTo(probe.probabilities(train.features().get(0)));
    }

    @Test
    void l2NormalizedHeadScalesOnlyTheHeadAndKeepsTheTailUnscaled() throws IOException {
        ProbeData train = separable(200, 6, 1, 0);
        LinearProbe probe = LinearProbe.train(train, ProbeConfig.defaults().withScaling(FeatureScaling.L2_NORMALIZE_HEAD, 2));
        float[] x = train.features().get(0);
        float[] longerHead = x.clone();
        for (int j = 0; j < 3; j++) {
            longerHead[j] = x[j] * 4; // a power of two: the head normalises to the same bits
        }
        assertThat(probe.probabilities(longerHead)).isEqualTo(probe.probabilities(x));
        float[] otherTail = x.clone();
        otherTail[4] = x[4] * 4 + 1;
        assertThat(probe.probabilities(otherTail)).as("the tail is not normalised away").isNotEqualTo(probe.probabilities(x));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        probe.write(out);
        LinearProbe loaded = LinearProbe.read(new ByteArrayInputStream(out.toByteArray()), "memory");
        assertThat(loaded.scaling()).isEqualTo(FeatureScaling.L2_NORMALIZE_HEAD);
        assertThat(loaded.unscaledTail()).isEqualTo(2);
        assertThat(loaded.probabilities(otherTail)).isEqualTo(probe.probabilities(otherTail));
    }

    @Test
    void aFileOfTheOldFormatIsRefusedWithHowToRetrain() {
        String v1 = "{\"format\": \"phototriage-linear-probe/1\", \"classes\": [\"people\", \"pets\", \"neither\"]}";

        assertThatThrownBy(() -> LinearProbe.read(new ByteArrayInputStream(v1.getBytes(StandardCharsets.UTF_8)), "old.json"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("old.json")
                .hasMessageContaining("phototriage-linear-probe/1")
                .hasMessageContaining("train-classifier");
    }

    @Test
    void typedSplitAndCrossValidationEstimateRoundTrip() throws IOException {
        ProbeData base = separable(90, 2, 1, 0);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
            names.add(String.format("%03d.jpg", i));
        }
        ProbeData data = new ProbeData(base.features(), base.labels(), "synthetic", "5 gaussian features",
                new io.phototriage.core.eval.TrainingSplit("toy", "stratified", 0.25, 9, names.subList(0, 80), names.subList(80, 90)));
        CrossValidationEstimate estimate = ProbeCrossValidation.estimate(data, ProbeConfig.defaults().withLambda(0.01), 2, 3, 5,
                "fixed λ");
        LinearProbe probe = LinearProbe.train(data, ProbeConfig.defaults().withLambda(0.01)).withCrossValidation(estimate);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        probe.write(out);
        LinearProbe loaded = LinearProbe.read(new ByteArrayInputStream(out.toByteArray()), "memory");
        assertThat(loaded.provenance()).isEqualTo(probe.provenance());
        assertThat(loaded.provenance().split().orElseThrow().heldOut()).hasSize(10).startsWith("080.jpg");
        assertThat(loaded.provenance().crossValidation().orElseThrow().repeats()).isEqualTo(2);
    }

    @Test
    void crossValidationSeesASeparableRuleAndNoSignalInShuffledLabels() {
        ProbeData data = separable(150, 11, 1, 0);
        CrossValidationEstimate rule = ProbeCrossValidation.estimate(data, ProbeConfig.defaults().withLambda(0.001), 3, 5, 1, "rule");
        assertThat(rule.accuracyMean()).isGreaterThan(0.95);

        List<TriageClass> shuffled = new ArrayList<>(data.labels());
        java.util.Collections.shuffle(shuffled, new Random(3));
        ProbeData noise = new ProbeData(data.features(), shuffled, "synthetic", "5 gaussian features", "shuffled labels");
        CrossValidationEstimate none = ProbeCrossValidation.estimate(noise, ProbeConfig.defaults().withLambda(0.001), 3, 5, 1, "noise");
        // Chance for the balanced-weighted probe is about 1/3 to the majority share; far below the real rule.
        assertThat(none.accuracyMean()).isLessThan(0.6);
        assertThat(none.accuracySd()).isPositive();
    }

    @Test
    void sampleStandardDeviationIsTheNMinusOneFormula() {
        // 0.5, 0.75, 1.0: mean 0.75, squared deviations 1/16 + 0 + 1/16 = 1/8, over n - 1 = 2 -> 1/16, sd 1/4.
        assertThat(ProbeCrossValidation.sd(List.of(0.5, 0.75, 1.0))).isEqualTo(0.25);
        assertThat(ProbeCrossValidation.mean(List.of(0.5, 0.75, 1.0))).isEqualTo(0.75);
        assertThat(ProbeCrossValidation.sd(List.of(0.4))).isZero();
    }

    @Test
    void probabilitiesAreASoftmaxAndTheLabelIsTheMostProbableClass() {
        LinearProbe probe = LinearProbe.train(separable(120, 8, 1, 0), ProbeConfig.defaults());
        Classification c = probe.classify(new float[] {3, -1, 0, 1, 0});
        double sum = c.probabilities().values().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(sum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(c.label()).isEqualTo(TriageClass.PEOPLE); // RULE row 0 wins by far for this point
        assertThat(c.confidence()).isEqualTo(c.probabilities().get(TriageClass.PEOPLE));
        assertThat(c.confidence()).isGreaterThan(0.9);
    }

    /** Each class kept at 0 and at 1 example (the seed of the rest), and what the refusal must say. */
    static Stream<Arguments> tooFewExamples() {
        return Arrays.stream(TriageClass.values()).flatMap(c -> Stream.of(
                Arguments.of(c, 0, 9L, List.of("class '" + c.label() + "' has no training examples")),
                Arguments.of(c, 1, 10L, List.of("class '" + c.label() + "' has only 1 training example", "at least 2"))));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("tooFewExamples")
    void aClassWithTooFewExamplesIsRejectedByName(TriageClass rare, int kept, long seed, List<String> message) {
        ProbeData data = withCount(separable(90, seed, 1, 0), rare, kept);
        var refusal = assertThatThrownBy(() -> LinearProbe.train(data, ProbeConfig.defaults()))
                .isInstanceOf(IllegalArgumentException.class);
        message.forEach(refusal::hasMessageContaining);
    }

    @Test
    void aClassWithTwoExamplesIsEnough() {
        ProbeData data = withCount(separable(90, 11, 1, 0), TriageClass.PETS, 2);
        LinearProbe probe = LinearProbe.train(data, ProbeConfig.defaults());
        assertThat(probe.training().examplesPerClass().get(TriageClass.PETS)).isEqualTo(2);
    }

    private static ProbeData withCount(ProbeData data, TriageClass c, int keep) {
        List<float[]> f = new ArrayList<>();
        List<TriageClass> l = new ArrayList<>();
        int kept = 0;
        for (int i = 0; i < data.size(); i++) {
            if (data.labels().get(i) == c && kept++ >= keep) {
                continue;
            }
            f.add(data.features().get(i));
            l.add(data.labels().get(i));
        }
        return new ProbeData(f, l, data.featureExtractor(), data.featureDescription(), data.trainingSet());
    }

    @Test
    void aFeatureVectorOfTheWrongLengthIsRejectedWithBothLengths() {
        LinearProbe probe = LinearProbe.train(separable(90, 12, 1, 0), ProbeConfig.defaults());
        assertThatThrownBy(() -> probe.classify(new float[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expects 5 features (5 gaussian features) but got 4");
    }

    @Test
    void trainingVectorsOfDifferentLengthsAreRejected() {
        assertThatThrownBy(() -> new ProbeData(List.of(new float[3], new float[4]), List.of(TriageClass.PEOPLE, TriageClass.PETS),
                "x", "y", "z"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("feature vector #1 has 4 values, the first has 3");
    }

    @Test
    void crossValidationPicksHeavyRegularisationWhenLabelsAreNoise() {
        Random random = new Random(13);
        List<float[]> f = new ArrayList<>();
        List<TriageClass> l = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            float[] x = new float[20];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) random.nextGaussian();
            }
            f.add(x);
            l.add(CLASSES[i % 3]);
        }
        LinearProbe probe = LinearProbe.train(new ProbeData(f, l, "noise", "noise", "noise"), ProbeConfig.defaults());
        assertThat(probe.training().cvLosses()).hasSize(ProbeConfig.DEFAULT_LAMBDAS.size());
        // Nothing to learn: the winner is one of the two strongest (10, 100), whose predictions are close to the
        // balanced prior, and its held-out loss is that of guessing uniformly, log 3.
        assertThat(probe.training().lambda()).isGreaterThanOrEqualTo(10.0);
        double best = probe.training().cvLosses().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertThat(best).isCloseTo(Math.log(3), org.assertj.core.api.Assertions.within(0.01));
        assertThat(probe.training().cvLosses().get(0)).isGreaterThan(best + 0.3); // λ = 1e-4 overfits the noise
    }

    @Test
    void crossValidationPicksWeakRegularisationWhenTheRuleIsClean() {
        LinearProbe probe = LinearProbe.train(separable(300, 14, 1, 0), ProbeConfig.defaults());
        assertThat(probe.training().lambda()).isLessThanOrEqualTo(1e-2);
    }

    @Test
    void aFixedLambdaSkipsCrossValidation() {
        LinearProbe probe = LinearProbe.train(separable(90, 15, 1, 0), ProbeConfig.defaults().withLambda(0.5));
        assertThat(probe.training().lambda()).isEqualTo(0.5);
        assertThat(probe.training().cvLosses()).isEmpty();
    }

    @Test
    void balancedClassWeightingRaisesTheRareClassesRecall() {
        // Overlapping classes, pets rare: unweighted training under-predicts pets.
        Random random = new Random(16);
        List<float[]> f = new ArrayList<>();
        List<TriageClass> l = new ArrayList<>();
        int[] counts = {200, 20, 200};
        double[] centre = {-1, 0, 1};
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < counts[k]; i++) {
                f.add(new float[] {(float) (centre[k] + random.nextGaussian()), (float) random.nextGaussian()});
                l.add(CLASSES[k]);
            }
        }
        ProbeData data = new ProbeData(f, l, "1-d overlap", "2 features", "imbalanced");
        ProbeConfig config = ProbeConfig.defaults().withLambda(1e-3);
        LinearProbe plain = LinearProbe.train(data, config.withClassWeighting(ClassWeighting.NONE));
        LinearProbe balanced = LinearProbe.train(data, config.withClassWeighting(ClassWeighting.BALANCED));
        double plainRecall = evaluate(plain, data).recall(TriageClass.PETS);
        double balancedRecall = evaluate(balanced, data).recall(TriageClass.PETS);
        assertThat(balancedRecall).isGreaterThan(plainRecall + 0.2);
        assertThat(balanced.training().classWeighting()).isEqualTo(ClassWeighting.BALANCED);
    }

    @Test
    void loadingANonProbeFileNamesTheFileAndTheProblem(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("not-a-probe.json");
        Files.writeString(file, "{\"format\": \"something-else\"}", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> LinearProbe.load(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("format is 'something-else'");
    }

    @Test
    void loadingATruncatedWeightRowIsRejected(@TempDir Path dir) throws IOException {
        LinearProbe probe = LinearProbe.train(separable(60, 17, 1, 0), ProbeConfig.defaults().withLambda(0.1));
        Path file = dir.resolve("probe.json");
        probe.save(file);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(file.toFile());
        ((com.fasterxml.jackson.databind.node.ArrayNode) root.get("weights").get(1)).remove(0);
        json.writeValue(file.toFile(), root);
        assertThatThrownBy(() -> LinearProbe.load(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("weights[1] must be an array of 5 numbers");
    }

    @Test
    void weightsAreNotExposedForMutation() {
        LinearProbe probe = LinearProbe.train(separable(60, 18, 1, 0), ProbeConfig.defaults().withLambda(0.1));
        float[] x = {1, 2, 3, 4, 5};
        double[] before = probe.probabilities(x);
        Arrays.fill(probe.weights()[0], 100);
        probe.bias()[0] = 100;
        assertThat(probe.probabilities(x)).isEqualTo(before);
    }
}
