package io.phototriage.models.deeplab;

import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelSources;
import io.phototriage.core.spi.OptionSpec;
import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.spi.OptionSpec;
import java.util.List;
import java.util.Optional;
import io.phototriage.models.ModelPresence;
import io.phototriage.models.lite.LiteModels;
import io.phototriage.models.lite.CutoutOptions;
import java.util.ArrayList;
import java.util.stream.Collectors;

/**
 * Provider {@code deeplab}: {@link DeepLabSegmenter} on {@code <models>/deeplabv3-pascal/}. Options: {@code variant}
 * ({@code full} | {@code half}), {@code thumbnail} (pixels, 256), {@code feather} (pixels, 0), {@code min-size}
 * (pixels, 16), {@code fallbacks} ({@code selfie,other-class,box}, or {@code none}); see {@link #options()}.
 */
public final class DeepLabSegmenterProvider implements StageProvider {
    @Override
    public String name() {
        return "deeplab";
    }

    @Override
    public Class<? extends Stage<?, ?>> kind() {
        return Segmenter.class;
    }

    @Override
    public String description() {
        return "deeplab: DeepLabV3-MobileNetV2 PASCAL VOC semantic masks inside the prompt box (lite, OnnxRuntime)";
    }

    /** {@code variant}, the cut-out options ({@code thumbnail}, {@code feather}, {@code min-size}) and {@code fallbacks}. */
    @Override
    public List<OptionSpec> options() {
        List<OptionSpec> options = new ArrayList<>();
        options.add(OptionSpec.of(DeepLabConfig.VARIANT, "network: full (better masks) or half (faster)", "full"));
        options.addAll(CutoutOptions.optionSpecs());
        options.add(OptionSpec.of(DeepLabConfig.FALLBACKS, "what to try, in order, when a box's own-class mask is empty "
                + "or under min-size: comma-separated selfie (person matte, if its model is present), other-class "
                + "(DeepLab's dominant other class in the box), box (the box itself, flagged approximate); none = skip",
                DeepLabConfig.DEFAULT_FALLBACKS.stream().map(DeepLabConfig.Fallback::id).collect(Collectors.joining(","))));
        return List.copyOf(options);
    }

    /** Whether {@code deeplabv3-pascal/} and its weights are in the models folder. */
    @Override
    public Optional<String> missing(StageSettings settings) {
        return ModelPresence.ofLite(settings, DeepLabSegmenter.FOLDER,
                LiteModels.manifest(DeepLabSegmenter.class, "deeplabv3-pascal.manifest.json"));
    }

    @Override
    public Stage<?, ?> create(StageSettings settings) throws StageException {
        try {
            return DeepLabSegmenter.load(ModelSources.defaults().root(settings, DeepLabSegmenter.FOLDER), DeepLabConfig.of(settings));
        } catch (ModelException | IllegalArgumentException | IllegalStateException e) {
            throw new StageException("deeplab: " + e.getMessage(), e);
        }
    }
}
