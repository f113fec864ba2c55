package io.phototriage.models.sd;

import io.phototriage.core.model.ModelSources;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.Stylizer;

/**
 * The {@code stable-diffusion} stylizer, the default {@link Stylizer}. Options: {@code model} (a folder in the models
 * folder, default {@value #DEFAULT_MODEL}), {@code steps} (default 4), {@code strength} (default 0.4).
 */
public final class StableDiffusionProvider implements StageProvider {
    /** The provider name. */
    public static final String NAME = "stable-diffusion";
    /** The model folder used when the {@code model} option is not given. */
    public static final String DEFAULT_MODEL = "sd-lcm";
    /** The tiny random-weight fixture of the same architecture, chosen with option {@code tiny=true}. */
    public static final String TINY_FIXTURE = "sd-tiny";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<? extends Stage<?, ?>> kind() {
        return Stylizer.class;
    }

    @Override
    public boolean isDefault() {
        return true;
    }

    @Override
    public String description() {
        return "Stable Diffusion img2img, 4-step LCM (options: model=" + DEFAULT_MODEL + ", steps=4, strength=0.4)";
    }

    @Override
    public Stage<?, ?> create(StageSettings settings) throws StageException {
        String model = settings.modelFolder(DEFAULT_MODEL, TINY_FIXTURE);
        SdOptions options;
        try {
            options = new SdOptions(
                    settings.option("steps").map(Integer::parseInt).orElse(SdOptions.DEFAULTS.steps()),
                    settings.option("strength").map(Double::parseDouble).orElse(SdOptions.DEFAULTS.strength()));
        } catch (IllegalArgumentException e) {
            throw new StageException("stable-diffusion: bad option: " + e.getMessage() + " (steps is an integer 1..50, "
                    + "strength a number in (0, 1])", e);
        }
        try {
            ResolvedModel resolved = ModelStore.at(ModelSources.defaults().root(settings, model)).resolve(model);
            return StableDiffusionStylizer.load(resolved, options, StepListener.NONE);
        } catch (ModelException | IllegalStateException e) {
            throw new StageException("stable-diffusion: " + e.getMessage(), e);
        }
    }
}
