package io.phototriage.examples.custom;

import io.phototriage.core.HeroPicker;
import io.phototriage.core.PhotoContext;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.Stage;

/**
 * An example custom stage: flags blurred photos by the variance of the Laplacian of the luma (the measure the
 * default hero rule uses). Add it with
 * {@code Pipeline.builder()...stage(SharpnessStage.KEY, new SharpnessStage(100))}.
 */
public final class SharpnessStage implements Stage<PhotoContext, SharpnessStage.Sharpness> {
    /** Where the outcome is stored in each {@link io.phototriage.core.PhotoResult}. */
    public static final io.phototriage.core.StageKey<Sharpness> KEY = io.phototriage.core.StageKey.of("sharpness", Sharpness.class);

    /**
     * @param laplacianVariance the measured sharpness (higher is sharper)
     * @param blurred           whether it is under the stage's threshold
     */
    public record Sharpness(double laplacianVariance, boolean blurred) {}

    private final double blurThreshold;

    /** @param blurThreshold photos whose Laplacian variance is below this are flagged as blurred */
    public SharpnessStage(double blurThreshold) {
        if (!(blurThreshold >= 0)) {
            throw new IllegalArgumentException("blurThreshold must be >= 0: " + blurThreshold);
        }
        this.blurThreshold = blurThreshold;
    }

    @Override
    public Sharpness apply(PhotoContext input) {
        double v = HeroPicker.laplacianVariance(input.photo().image());
        return new Sharpness(v, v < blurThreshold);
    }

    @Override
    public ModelInfo model() {
        return new ModelInfo("laplacian-variance", "threshold=" + blurThreshold, "java");
    }
}
