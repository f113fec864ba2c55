package io.phototriage.models.sd;

import io.phototriage.core.model.ModelException;
import io.phototriage.core.spi.OptionSpec;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.Stylized;
import io.phototriage.core.stage.Stylizer;
import io.phototriage.models.FolderModelProvider;
import java.util.List;

/**
 * The {@code stable-diffusion} stylizer, the default {@link Stylizer}. Options: {@code model} (a folder in the models
 * folder, default {@value #DEFAULT_MODEL}), {@code steps} (default 4), {@code strength} (default 0.4), {@code input}
 * ({@code cutout}, the default, or {@code photo}).
 */
public final class StableDiffusionProvider extends FolderModelProvider {
    /** The provider name. */
    public static final String NAME = "stable-diffusion";
    /** The model folder used when the {@code model} option is not given. */
    public static final String DEFAULT_MODEL = "sd-lcm";
    /** Option key of {@link SdOptions#input()}. */
    public static final String INPUT = "input";

    /** The provider {@link java.util.ServiceLoader} creates. */
    public StableDiffusionProvider() {
        super(NAME, Stylizer.class, true,
                "Stable Diffusion img2img, 4-step LCM (options: model=" + DEFAULT_MODEL + ", steps=4, strength=0.4)",
                DEFAULT_MODEL, List.of(modelOption(DEFAULT_MODEL),
                        OptionSpec.of("steps", "sampling steps, UNet calls per image (1..50)", String.valueOf(SdOptions.DEFAULTS.steps())),
                        OptionSpec.of("strength", "how much of the input is replaced, (0, 1]", String.valueOf(SdOptions.DEFAULTS.strength())),
                        OptionSpec.of(INPUT, "what is stylized: cutout (the hero's cut-out on neutral grey, padded to the model's "
                                + "aspect; the whole photo when the hero has no segmentation) or photo", SdOptions.DEFAULTS.input().id())));
    }

    @Override
    public Stage<?, ?> create(StageSettings settings) throws StageException {
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
            return StableDiffusionStylizer.load(resolve(settings), options, StepListener.NONE);
        } catch (ModelException | IllegalStateException e) {
            throw failure(e);
        }
    }
}
