package io.phototriage.models.sam2;

import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.video.VideoSegmenter;
import io.phototriage.models.FolderModelProvider;
import java.util.List;

/**
 * Provides {@link Sam2VideoSegmenter} as a {@link VideoSegmenter} named {@code sam2}. Option {@code model}: the
 * folder under the models folder, default {@value #DEFAULT_MODEL} (the tiny test fixture is {@code sam2-tiny}).
 */
public final class Sam2StageProvider extends FolderModelProvider {
    /** The model folder used when the {@code model} option is not set. */
    public static final String DEFAULT_MODEL = "sam2.1-hiera-tiny";

    /** The provider {@link java.util.ServiceLoader} creates. */
    public Sam2StageProvider() {
        super("sam2", VideoSegmenter.class, false,
                "sam2: SAM 2 video segmentation (box or mask prompt on the first frame, memory across frames), "
                        + "four TorchScript parts",
                DEFAULT_MODEL, List.of(modelOption(DEFAULT_MODEL)));
    }

    @Override
    public Stage<?, ?> create(StageSettings settings) throws StageException {
        return Sam2VideoSegmenter.load(resolveTorchScript(settings, "sam2"));
    }
}
