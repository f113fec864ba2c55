package io.phototriage.models.sd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * The noise schedule a Stable Diffusion model was trained with, and how its sampler walks it (the {@code scheduler}
 * object of an {@code sd-*} model's manifest contract; field names follow diffusers' scheduler configs).
 *
 * @param type                   {@link Type#LCM} (latent consistency, e.g. LCM-Dreamshaper) or {@link Type#EULER_TURBO}
 *                               (Euler, trailing timesteps, e.g. sd-turbo)
 * @param numTrainTimesteps      length of the training schedule, 1000 for SD 1.x / 2.x
 * @param betaStart              first beta of the schedule
 * @param betaEnd                last beta of the schedule
 * @param betaSchedule           {@code scaled_linear} (linear in sqrt(beta), what SD uses) or {@code linear}
 * @param predictionType         what the UNet predicts; only {@code epsilon} is supported
 * @param originalInferenceSteps LCM: the step count of the skipping-step schedule the model was distilled on (50)
 * @param timestepScaling        LCM: scales the timestep in the boundary conditions c_skip and c_out (10)
 */
public record SchedulerConfig(Type type, int numTrainTimesteps, double betaStart, double betaEnd, String betaSchedule,
        String predictionType, int originalInferenceSteps, double timestepScaling) {

    /** The sampler family. */
    public enum Type {
        /** Latent consistency sampling (Luo et al. 2023), diffusers' {@code LCMScheduler}. */
        LCM,
        /** Euler with trailing timestep spacing, diffusers' {@code EulerDiscreteScheduler} as sd-turbo uses it. */
        EULER_TURBO
    }

    /**
     * Validates.
     *
     * @param type                   the sampler family; required
     * @param numTrainTimesteps      length of the training schedule, at least 2
     * @param betaStart              first beta, with {@code 0 < betaStart < betaEnd < 1}
     * @param betaEnd                last beta
     * @param betaSchedule           {@code scaled_linear} or {@code linear}
     * @param predictionType         what the UNet predicts; only {@code epsilon}
     * @param originalInferenceSteps LCM's distillation step count, 1..{@code numTrainTimesteps}
     * @param timestepScaling        LCM's boundary-condition timestep scale, positive
     * @throws IllegalArgumentException when a value is missing or out of range (the message names it)
     */
    public SchedulerConfig {
        if (type == null) {
            throw new IllegalArgumentException("scheduler type is required (lcm or euler)");
        }
        if (numTrainTimesteps < 2) {
            throw new IllegalArgumentException("num_train_timesteps must be at least 2: " + numTrainTimesteps);
        }
        if (!(betaStart > 0 && betaEnd > betaStart && betaEnd < 1)) {
            throw new IllegalArgumentException("need 0 < beta_start < beta_end < 1: " + betaStart + ", " + betaEnd);
        }
        if (!"scaled_linear".equals(betaSchedule) && !"linear".equals(betaSchedule)) {
            throw new IllegalArgumentException("beta_schedule must be scaled_linear or linear: " + betaSchedule);
        }
        if (!"epsilon".equals(predictionType)) {
            throw new IllegalArgumentException("only prediction_type epsilon is supported, not " + predictionType);
        }
        if (originalInferenceSteps < 1 || originalInferenceSteps > numTrainTimesteps) {
            throw new IllegalArgumentException("original_inference_steps must be in 1.." + numTrainTimesteps + ": "
                    + originalInferenceSteps);
        }
        if (!(timestepScaling > 0)) {
            throw new IllegalArgumentException("timestep_scaling must be positive: " + timestepScaling);
        }
    }

    /**
     * LCM on the SD 1.5 schedule, as LCM-Dreamshaper-v7 ships it.
     *
     * @return 1000 training steps, scaled-linear betas 0.00085..0.012, epsilon, 50 original steps, scaling 10
     */
    public static SchedulerConfig lcmDefaults() {
        return new SchedulerConfig(Type.LCM, 1000, 0.00085, 0.012, "scaled_linear", "epsilon", 50, 10.0);
    }

    /**
     * Euler with trailing spacing on the SD schedule, as sd-turbo ships it.
     *
     * @return the {@link #lcmDefaults()} schedule with type {@link Type#EULER_TURBO}
     */
    public static SchedulerConfig eulerTurboDefaults() {
        return new SchedulerConfig(Type.EULER_TURBO, 1000, 0.00085, 0.012, "scaled_linear", "epsilon", 50, 10.0);
    }

    /**
     * This config with another sampler family.
     *
     * @param newType the sampler family
     * @return a copy with that type
     */
    public SchedulerConfig withType(Type newType) {
        return new SchedulerConfig(newType, numTrainTimesteps, betaStart, betaEnd, betaSchedule, predictionType,
                originalInferenceSteps, timestepScaling);
    }

    /**
     * Reads the {@code scheduler} object of a manifest contract, e.g.
     * {@code {"type": "lcm", "num_train_timesteps": 1000, "beta_start": 0.00085, ...}}; missing fields take the
     * {@link #lcmDefaults()} values.
     *
     * @param node the {@code scheduler} object
     * @return the configuration it describes
     * @throws IllegalArgumentException if a value is invalid (the message names it)
     */
    public static SchedulerConfig fromJson(JsonNode node) {
        SchedulerConfig d = lcmDefaults();
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("the contract has no \"scheduler\" object");
        }
        String typeName = node.path("type").asText("lcm").toLowerCase(Locale.ROOT);
        Type type = switch (typeName) {
            case "lcm" -> Type.LCM;
            case "euler", "euler_turbo" -> Type.EULER_TURBO;
            default -> throw new IllegalArgumentException("unknown scheduler type '" + typeName + "' (lcm or euler)");
        };
        return new SchedulerConfig(type,
                node.path("num_train_timesteps").asInt(d.numTrainTimesteps()),
                node.path("beta_start").asDouble(d.betaStart()),
                node.path("beta_end").asDouble(d.betaEnd()),
                node.path("beta_schedule").asText(d.betaSchedule()),
                node.path("prediction_type").asText(d.predictionType()),
                node.path("original_inference_steps").asInt(d.originalInferenceSteps()),
                node.path("timestep_scaling").asDouble(d.timestepScaling()));
    }

    /**
     * The cumulative products of {@code 1 - beta_t}, {@code alphas_cumprod[t]} for t = 0..num_train_timesteps-1
     * (DDPM, Ho et al. 2020); {@code scaled_linear} betas are {@code linspace(sqrt(beta_start), sqrt(beta_end))^2}.
     * Computed in double (diffusers uses float32; the two agree to about 1e-7).
     *
     * @return {@code num_train_timesteps} values, decreasing from just under 1
     */
    public double[] alphasCumprod() {
        int n = numTrainTimesteps;
        double[] out = new double[n];
        double lo = "scaled_linear".equals(betaSchedule) ? Math.sqrt(betaStart) : betaStart;
        double hi = "scaled_linear".equals(betaSchedule) ? Math.sqrt(betaEnd) : betaEnd;
        double product = 1.0;
        for (int t = 0; t < n; t++) {
            double v = lo + (hi - lo) * t / (n - 1);
            double beta = "scaled_linear".equals(betaSchedule) ? v * v : v;
            product *= 1.0 - beta;
            out[t] = product;
        }
        return out;
    }
}
