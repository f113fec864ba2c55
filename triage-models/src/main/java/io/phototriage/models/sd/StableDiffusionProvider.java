package io.phototriage.models.sd;

import io.phototriage.core.model.ModelSources;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.spi.OptionSpec;
import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.Stylized;
import io.phototriage.core.stage.Stylizer;
import io.phototriage.core.spi.OptionSpec;
import java.util.List;
import java.util.Optional;
import io.phototriage.models.ModelPresence;

/**
 * The {@code stable-diffusion} stylizer, the default {@link Stylizer}. Options: {@code model} (a folder in the models
 * folder, default {@value #DEFAULT_MODEL}), {@code steps} (default 4), {@code strength} (default 0.4), {@code input}
 * ({@code cutout}, the default, or {@code photo}).
 */
public final class StableDiffusionProvider implements StageProvider {
    /** The provider name. */
    public static final String NAME = "stable-diffusion";
    /** The model folder used when the {@code model} option is not given. */
    public static final String DEFAULT_MODEL = "sd-lcm";
    /** Option key of {@link SdOptions#input()}. */
    public static final String INPUT = "input";

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

    /** {@code model}, {@code steps}, {@code strength} and {@code input}. */
    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.of(StageSettings.MODEL_OPTION, "model folder in the models folder", DEFAULT_MODEL),
                OptionSpec.of("steps", "sampling steps, UNet calls per image (1..50)", String.valueOf(SdOptions.DEFAULTS.steps())),
                OptionSpec.of("strength", "how much of the input is replaced, (0, 1]", String.valueOf(SdOptions.DEFAULTS.strength())),
                OptionSpec.of(INPUT, "what is stylized: cutout (the hero's cut-out on neutral grey, padded to the model's "
                        + "aspect; the whole photo when the hero has no segmentation) or photo", SdOptions.DEFAULTS.input().id()));
    }

    /** Whether the model folder and the files its manifest lists are there. */
    @Override
    public Optional<String> missing(StageSettings settings) {
        return ModelPresence.ofFolder(settings, settings.modelFolder(DEFAULT_MODEL));
    }

    @Override
    public Stage<?, ?> create(StageSettings settings) throws StageException {
        String model = settings.modelFolder(DEFAULT_MODEL);
        SdOptions options;
        try {
            options = new SdOptions(
                    settings.option("steps").map(Integer::parseInt).orElse(SdOptions.DEFAULTS.steps()),
                    settings.option("strength").map(Double::parseDouble).orElse(SdOptions.DEFAULTS.strength()),
                    settings.option(INPUT).map(Stylized.Input::of).orElse(SdOptions.DEFAULTS.input()));
        } catch (IllegalArgumentException e) {
            throw new StageException("stable-diffusion: bad option: " + e.getMessage() + " (steps is an integer 1..50, "
                    + "strength a number in (0, 1], input cutout or photo)", e);
        }
        try {
            ResolvedModel resolved = ModelStore.at(ModelSources.defaults().root(settings, model)).resolve(model);
            return StableDiffusionStylizer.load(resolved, options, StepListener.NONE);
        } catch (ModelException | IllegalStateException e) {
            throw new StageException("stable-diffusion: " + e.getMessage(), e);
        }
    }
}
