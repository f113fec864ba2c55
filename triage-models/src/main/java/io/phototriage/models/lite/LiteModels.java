package io.phototriage.models.lite;

import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelFile;
import io.phototriage.core.model.ModelManifest;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.djl.Network;
import io.phototriage.models.djl.OrtSessionOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Resolves folders of the lite model set ({@code ../shared/models}), which carry only weights and a
 * {@code SHA256SUMS}: their manifests ship with this library as class-path resources, and each stage resolves
 * (and sha256-checks) only the one file it loads.
 */
public final class LiteModels {
    private LiteModels() {}

    /**
     * Reads the manifest resource {@code resource} next to {@code anchor}'s class.
     *
     * @param anchor   a class in the package that holds the resource
     * @param resource the resource name, relative to that package
     * @return the parsed manifest
     * @throws IllegalStateException if the resource is missing or broken (a packaging bug, not a user error)
     */
    public static ModelManifest manifest(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("manifest resource " + resource + " is missing next to " + anchor.getName()
                        + "; the triage-models jar is incomplete");
            }
            return ModelManifest.read(in);
        } catch (IOException e) {
            throw new IllegalStateException("manifest resource " + resource + " of " + anchor.getName() + " is unreadable: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Resolves {@code modelsDir/folder} with only the file of {@code role} from {@code manifest}, so that a stage
     * checks the weights it loads and not every variant in the folder.
     *
     * @param modelsDir the models root
     * @param folder    the model folder name
     * @param manifest  the manifest packaged with the stage (the folder's files must match it)
     * @param role      which file the stage loads
     * @return the folder resolved with that one file, sha256-checked
     * @throws ModelException if the folder or file is missing or its sha256 differs; the message says which and how
     *                        to get the lite models
     */
    public static ResolvedModel resolve(Path modelsDir, String folder, ModelManifest manifest, String role)
            throws ModelException {
        ModelFile file = manifest.files().get(role);
        if (file == null) {
            throw new IllegalArgumentException("model " + manifest.name() + " has no file with role '" + role + "'; it has "
                    + manifest.files().keySet());
        }
        ModelManifest only = new ModelManifest(manifest.name(), manifest.engine(), Map.of(role, file), manifest.contract(),
                manifest.source());
        return ModelStore.at(modelsDir).resolve(folder, only);
    }

    /**
     * Resolves {@code modelsDir/folder} as {@link #resolve} does and loads the file of {@code role} as a
     * {@link Network} (the engine the manifest names).
     *
     * @param modelsDir  the models root
     * @param folder     the model folder name
     * @param manifest   the manifest packaged with the stage
     * @param role       which file to load
     * @return the loaded network; the caller closes it
     * @param modelName  the name recorded in every result the network produces
     * @param stageLabel how errors name the stage, e.g. {@code "DeepLab segmenter"}
     * @throws StageException if the folder or file is missing or corrupt (the message starts with {@code stageLabel}),
     *                        or the runtime cannot load it
     */
    public static Network open(Path modelsDir, String folder, ModelManifest manifest, String role, String modelName,
            String stageLabel) throws StageException {
        return Network.load(resolveForStage(modelsDir, folder, manifest, role, stageLabel), role, modelName);
    }

    /**
     * As {@link #open(Path, String, ModelManifest, String, String, String)}, with the ONNX model's own session
     * options.
     *
     * @param modelsDir  the models root
     * @param folder     the model folder name
     * @param manifest   the manifest packaged with the stage (its engine must be OnnxRuntime)
     * @param role       which file to load
     * @param modelName  the name recorded in every result the network produces
     * @param stageLabel how errors name the stage
     * @param options    the ONNX Runtime session options
     * @return the loaded network; the caller closes it
     * @throws StageException if the folder or file is missing or corrupt, or the runtime cannot load it
     */
    public static Network open(Path modelsDir, String folder, ModelManifest manifest, String role, String modelName,
            String stageLabel, OrtSessionOptions options) throws StageException {
        return Network.load(resolveForStage(modelsDir, folder, manifest, role, stageLabel), role, modelName, options);
    }

    private static ResolvedModel resolveForStage(Path modelsDir, String folder, ModelManifest manifest, String role,
            String stageLabel) throws StageException {
        try {
            return resolve(modelsDir, folder, manifest, role);
        } catch (ModelException e) {
            throw new StageException(stageLabel + ": " + e.getMessage(), e);
        }
    }
}
