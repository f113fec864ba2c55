package io.phototriage.models.sd;

import static org.assertj.core.api.Assertions.assertThat;

import io.phototriage.core.testing.NumberList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.converter.ConvertWith;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The timesteps of each scheduler, as the sampler gets them from {@link DiffusionScheduler#create}, against diffusers'
 * formulas computed in numpy float64 (the same code that writes golden/sd/scheduler.json,
 * tools/export/phototriage_export/stable_diffusion.py {@code lcm_reference});
 * {@link SdGoldenParityTest#scheduleMatchesTheNumpyReference()} checks the full tables.
 */
class DiffusionSchedulerTest {

    @ParameterizedTest(name = "{0}: {1} steps at strength {2}: {3}")
    @CsvSource(delimiter = ';', value = {
        // LCM: the skipping-step schedule of LCM
        "LCM; 4; 1.0; 999 759 499 259",
        "LCM; 4; 0.5; 499 379 259 139",
        "LCM; 4; 0.3; 299 239 159 79",
        "LCM; 1; 1.0; 999",
        "LCM; 2; 0.4; 399 199",
        "LCM; 8; 1.0; 999 879 759 639 499 379 259 139",
        // Euler: trailing spacing, and img2img keeps the last strength share
        "EULER_TURBO; 4; 1.0; 999 749 499 249",
        "EULER_TURBO; 4; 0.5; 499 249",
        "EULER_TURBO; 2; 0.5; 499",
        "EULER_TURBO; 1; 1.0; 999",
        "EULER_TURBO; 3; 1.0; 999 666 332",
    })
    void timestepsFollowEachSchedulersSpacingAndStrength(SchedulerConfig.Type type, int steps, double strength,
            @ConvertWith(NumberList.class) int[] expected) {
        SchedulerConfig config = switch (type) {
            case LCM -> SchedulerConfig.lcmDefaults();
            case EULER_TURBO -> SchedulerConfig.eulerTurboDefaults();
        };
        assertThat(DiffusionScheduler.create(config, steps, strength).timesteps()).containsExactly(expected);
    }
}
