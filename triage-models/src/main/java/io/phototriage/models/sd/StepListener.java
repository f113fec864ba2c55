package io.phototriage.models.sd;

/** Progress of a sampling run. Called on the sampling thread after each step; keep it fast. */
@FunctionalInterface
public interface StepListener {
    /** Does nothing. */
    StepListener NONE = (step, steps, timestep) -> {};

    /**
     * @param step     the step just finished, 1-based
     * @param steps    the number of steps of the run
     * @param timestep the timestep the UNet was called at
     */
    void onStep(int step, int steps, int timestep);
}
