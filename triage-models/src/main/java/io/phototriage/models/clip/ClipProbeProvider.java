package io.phototriage.models.clip;

import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.spi.OptionSpec;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.FolderModelProvider;
import io.phototriage.models.probe.LinearProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Provider {@value ClipProbeClassifier#NAME}: the {@link ClipProbeClassifier}.
 *
 * <p>Options: {@code probe} (required: a probe file written by {@link LinearProbe#save}, trained on this model's
 * embeddings); {@code model} (folder name under the models folder, default {@value ClipZeroShotProvider#DEFAULT_MODEL}).
 */
public final class ClipProbeProvider extends FolderModelProvider {

    /** The provider {@link java.util.ServiceLoader} creates. */
    public ClipProbeProvider() {
        super(ClipProbeClassifier.NAME, Classifier.class, false, "linear probe on CLIP ViT-B/32 image embeddings (TorchScript, folder "
                + ClipZeroShotProvider.DEFAULT_MODEL + ")", ClipZeroShotProvider.DEFAULT_MODEL, List.of(
                        OptionSpec.of("probe", "the probe file (required), trained on this model's embeddings"),
                        modelOption(ClipZeroShotProvider.DEFAULT_MODEL)));
    }

    /** Whether a probe is given and the CLIP model folder and its files are there. */
    @Override
    public Optional<String> missing(StageSettings settings) {
        if (settings.option("probe").isEmpty()) {
            return Optional.of("no probe file (option probe=FILE)");
        }
        return super.missing(settings);
    }

    @Override
    public Stage<?, ?> create(StageSettings settings) throws StageException {
        String probeOption = settings.option("probe").orElseThrow(() -> new StageException(ClipProbeClassifier.NAME
                + " needs a probe file (option probe=FILE) trained on the CLIP model's image embeddings"
                + " (ClipProbeClassifier.trainingData + LinearProbe.train, then LinearProbe.save)"));
        Path probeFile = Path.of(probeOption);
        if (!Files.isRegularFile(probeFile)) {
            throw new StageException(ClipProbeClassifier.NAME + ": probe file " + probeFile.toAbsolutePath()
                    + " (option probe) does not exist");
        }
        LinearProbe probe;
        try {
            probe = LinearProbe.load(probeFile);
        } catch (IOException e) {
            throw failure(e);
        }
        ResolvedModel resolved = resolve(settings);
        ClipImageEncoder encoder;
        try {
            encoder = ClipImageEncoder.load(resolved);
        } catch (ModelException | IllegalStateException e) {
            throw failure(e);
        }
        try {
            return new ClipProbeClassifier(encoder, resolved.manifest().name(), resolved.weightsId(ClipImageEncoder.ROLE), probe);
        } catch (IllegalArgumentException e) {
            encoder.close();
            throw new StageException(ClipProbeClassifier.NAME + ": probe " + probeFile + ": " + e.getMessage(), e);
        }
    }
}
