package io.phototriage.models.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.djl.Network;
import io.phototriage.models.djl.ModelLoadException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * One TorchScript file of a Stable Diffusion folder as a {@link Network}, with the shape check every part's output
 * gets; runs a call in its own {@link NDManager} scope.
 */
final class TorchScriptPart implements AutoCloseable {
    private final Network network;
    private final Path file;

    private TorchScriptPart(Network network) {
        this.network = network;
        this.file = network.file();
    }

    static TorchScriptPart load(ResolvedModel resolved, String role) throws ModelLoadException {
        return new TorchScriptPart(Network.load(resolved, role, resolved.manifest().name()));
    }

    Path file() {
        return file;
    }

    /**
     * Builds the inputs with {@code inputs} in a fresh scope, runs the part and returns its first output as floats,
     * checking its shape.
     */
    float[] run(Function<NDManager, NDList> inputs, Shape expected, String what) throws StageException {
        try {
            return network.call(inputs, output -> {
                NDArray first = output.get(0);
                if (!first.getShape().equals(expected)) {
                    throw new StageException(what + " " + file + " returned shape " + first.getShape()
                            + ", the contract says " + expected + "; the file does not match its manifest, re-export the model");
                }
                return first.toFloatArray();
            });
        } catch (TranslateException | RuntimeException e) {
            throw new StageException(what + " " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        network.close();
    }
}
