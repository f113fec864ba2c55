package com.example.stage;

import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Stage;

/** Registers {@link BrightnessStage} as {@code brightness} (listed in META-INF/services). */
public final class BrightnessProvider implements StageProvider {
    @Override
    public String name() {
        return "brightness";
    }

    @Override
    public Class<? extends Stage<?, ?>> kind() {
        return BrightnessStage.class;
    }

    @Override
    public String description() {
        return "mean luma of the photo (example custom stage)";
    }

    @Override
    public Stage<?, ?> create(StageSettings settings) {
        return new BrightnessStage();
    }
}
