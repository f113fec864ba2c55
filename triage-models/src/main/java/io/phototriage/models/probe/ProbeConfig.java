package io.phototriage.models.probe;

import java.util.List;
import java.util.Objects;

/**
 * How a {@link LinearProbe} is trained.
 *
 * @param scaling           feature scaling (standardise, or L2-normalise for CLIP-style embeddings)
 * @param classWeighting    how classes are weighted in the loss
 * @param lambdas           the L2 strengths to choose from by k-fold cross-validation; one value means no choice
 *                          (and no cross-validation)
 * @param folds             k of the stratified k-fold cross-validation (at least 2)
 * @param seed              seeds the fold assignment (the only random step of training)
 * @param maxIterations     L-BFGS iteration limit per fit
 * @param gradientTolerance L-BFGS stops when every gradient component is smaller than this
 * @param unscaledTail      with {@link FeatureScaling#L2_NORMALIZE_HEAD}: how many trailing features pass unscaled
 *                          (0 for the other scalings)
 */
public record ProbeConfig(FeatureScaling scaling, ClassWeighting classWeighting, List<Double> lambdas, int folds, long seed,
        int maxIterations, double gradientTolerance, int unscaledTail) {

    /**
     * The L2 grid searched by default: 10^-4 .. 10^2 in decades (on coco128 with MobileNet features, CV picked 1 or 10,
     * so the grid reaches a decade past that; at 10^2 a probe predicts little more than the class prior).
     */
    public static final List<Double> DEFAULT_LAMBDAS = List.of(1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0);

    /**
     * Validates and copies the grid.
     *
     * @param scaling           feature scaling
     * @param classWeighting    how classes are weighted in the loss
     * @param lambdas           the L2 strengths to choose from; at least one, each positive and finite
     * @param folds             k of the stratified k-fold cross-validation, at least 2
     * @param seed              seeds the fold assignment
     * @param maxIterations     L-BFGS iteration limit per fit, positive
     * @param gradientTolerance L-BFGS stops when every gradient component is smaller than this, positive
     * @param unscaledTail      trailing features passed unscaled, 0 unless {@code scaling} is
     *                          {@link FeatureScaling#L2_NORMALIZE_HEAD}
     * @throws IllegalArgumentException when a value is out of range (the message says which)
     * @throws NullPointerException     when {@code scaling}, {@code classWeighting} or {@code lambdas} is null
     */
    public ProbeConfig {
        Objects.requireNonNull(scaling, "scaling");
        Objects.requireNonNull(classWeighting, "classWeighting");
        lambdas = List.copyOf(lambdas);
        if (lambdas.isEmpty()) {
            throw new IllegalArgumentException("lambdas: give at least one L2 strength");
        }
        for (double l : lambdas) {
            if (!(l > 0) || Double.isInfinite(l)) {
                throw new IllegalArgumentException("lambdas must be positive and finite: " + lambdas);
            }
        }
        if (folds < 2) {
            throw new IllegalArgumentException("folds must be at least 2: " + folds);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be positive: " + maxIterations);
        }
        if (!(gradientTolerance > 0)) {
            throw new IllegalArgumentException("gradientTolerance must be positive: " + gradientTolerance);
        }
        if (unscaledTail < 0 || (unscaledTail > 0 && scaling != FeatureScaling.L2_NORMALIZE_HEAD)) {
            throw new IllegalArgumentException("unscaledTail " + unscaledTail + " goes with L2_NORMALIZE_HEAD only");
        }
    }

    /**
     * Standardised features, balanced classes, λ from {@link #DEFAULT_LAMBDAS} by 5-fold CV, seed 42.
     *
     * @return the default recipe (2000 L-BFGS iterations, gradient tolerance 1e-7)
     */
    public static ProbeConfig defaults() {
        return new ProbeConfig(FeatureScaling.STANDARDIZE, ClassWeighting.BALANCED, DEFAULT_LAMBDAS, 5, 42L, 2000, 1e-7, 0);
    }

    /**
     * The lite classifier's recipe: {@link #defaults()} with {@link FeatureScaling#L2_NORMALIZE_HEAD}, the image features
     * L2-normalised and the {@code detectorScores} trailing detector scores unscaled. On coco128 it cross-validates
     * at 0.92 ± 0.05 accuracy against 0.79 ± 0.06 for standardised features (10 x 5-fold; docs/classify.md).
     *
     * @param detectorScores how many trailing detector scores the lite feature vector carries
     * @return the lite recipe
     */
    public static ProbeConfig liteDefaults(int detectorScores) {
        return defaults().withScaling(FeatureScaling.L2_NORMALIZE_HEAD, detectorScores);
    }

    /**
     * Another scaling, with no unscaled tail.
     *
     * @param value the scaling
     * @return a copy with that scaling
     */
    public ProbeConfig withScaling(FeatureScaling value) {
        return withScaling(value, 0);
    }

    /**
     * Another scaling; {@code tail} trailing features pass unscaled ({@link FeatureScaling#L2_NORMALIZE_HEAD} only).
     *
     * @param value the scaling
     * @param tail  trailing features passed unscaled, not negative
     * @return a copy with that scaling and tail
     * @throws IllegalArgumentException when {@code tail} is negative, or positive with another scaling
     */
    public ProbeConfig withScaling(FeatureScaling value, int tail) {
        return new ProbeConfig(value, classWeighting, lambdas, folds, seed, maxIterations, gradientTolerance, tail);
    }

    /**
     * Another class weighting.
     *
     * @param value how classes are weighted in the loss
     * @return a copy with that weighting
     */
    public ProbeConfig withClassWeighting(ClassWeighting value) {
        return new ProbeConfig(scaling, value, lambdas, folds, seed, maxIterations, gradientTolerance, unscaledTail);
    }

    /**
     * Several strengths are chosen among by cross-validation.
     *
     * @param value the L2 strengths; at least one, each positive and finite
     * @return a copy with that grid
     * @throws IllegalArgumentException when the grid is empty or holds a non-positive or non-finite value
     */
    public ProbeConfig withLambdas(List<Double> value) {
        return new ProbeConfig(scaling, classWeighting, value, folds, seed, maxIterations, gradientTolerance, unscaledTail);
    }

    /**
     * A fixed strength: no cross-validation.
     *
     * @param value the L2 strength, positive and finite
     * @return a copy with a one-value grid
     * @throws IllegalArgumentException when {@code value} is not positive and finite
     */
    public ProbeConfig withLambda(double value) {
        return withLambdas(List.of(value));
    }

    /**
     * Another number of cross-validation folds.
     *
     * @param value k, at least 2
     * @return a copy with that k
     * @throws IllegalArgumentException when {@code value} is below 2
     */
    public ProbeConfig withFolds(int value) {
        return new ProbeConfig(scaling, classWeighting, lambdas, value, seed, maxIterations, gradientTolerance, unscaledTail);
    }

    /**
     * Another seed for the fold assignment.
     *
     * @param value the seed
     * @return a copy with that seed
     */
    public ProbeConfig withSeed(long value) {
        return new ProbeConfig(scaling, classWeighting, lambdas, folds, value, maxIterations, gradientTolerance, unscaledTail);
    }

    /**
     * Another L-BFGS stopping tolerance.
     *
     * @param value the largest gradient component at which a fit stops, positive
     * @return a copy with that tolerance
     * @throws IllegalArgumentException when {@code value} is not positive
     */
    public ProbeConfig withGradientTolerance(double value) {
        return new ProbeConfig(scaling, classWeighting, lambdas, folds, seed, maxIterations, value, unscaledTail);
    }
}
