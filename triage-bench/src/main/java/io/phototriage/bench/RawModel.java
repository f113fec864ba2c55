package io.phototriage.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.djl.ModelLoadException;
import io.phototriage.models.djl.Network;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Function;

/**
 * One model file loaded as a library {@link Network} and run on a ready input tensor, the way the library's stages run
 * theirs ({@link Network#call}: a sub-{@link NDManager} per call, outputs copied to Java arrays): the model-only time that the Python
 * reference ({@code tools/export/export.py bench-eager}) is compared with, for models whose stage has no tensor-level
 * entry point. The input is seeded noise of the stage's input shape and value range, or, for a model with several
 * inputs (Grounding DINO's pixels, token ids and masks), whatever the caller builds in each call's manager.
 */
final class RawModel implements AutoCloseable {
    private final Network network;
    private final String inputDescription;
    private final Function<NDManager, NDList> inputs;

    private RawModel(Network network, String inputDescription, Function<NDManager, NDList> inputs) {
        this.network = network;
        this.inputDescription = inputDescription;
        this.inputs = inputs;
    }

    /** Seeded noise uniform in {@code [0, scale)} of the given shape, as the model's single input. */
    private static Function<NDManager, NDList> noise(Shape shape, float scale) {
        float[] input = new float[Math.toIntExact(shape.size())];
        Random random = new Random(0);
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextFloat() * scale;
        }
        return manager -> new NDList(manager.create(input, shape));
    }

    /** An ONNX file (OnnxRuntime engine), input values uniform in {@code [0, scale)}. */
    static RawModel onnx(Path file, Shape shape, float scale) throws ModelLoadException {
        return new RawModel(Network.onnx(file), shape.toString(), noise(shape, scale));
    }

    /** A TorchScript file (PyTorch engine), input values uniform in {@code [0, scale)}. */
    static RawModel torchScript(Path file, Shape shape, float scale) throws ModelLoadException {
        return new RawModel(Network.torchScript(file), shape.toString(), noise(shape, scale));
    }

    /**
     * A TorchScript file (PyTorch engine) with several inputs, created by {@code inputs} in each call's manager from
     * arrays the caller prepared once (so a call times the copy into native memory, as a stage's call does).
     *
     * @param inputDescription the inputs' shapes, quoted when a call fails
     */
    static RawModel torchScript(Path file, String inputDescription, Function<NDManager, NDList> inputs) throws ModelLoadException {
        return new RawModel(Network.torchScript(file), inputDescription, inputs);
    }

    /** Runs the model once; returns the number of output bytes copied back (so the call cannot be optimised away). */
    long forward() throws TranslateException, StageException {
        return network.call(inputs, output -> {
            long values = 0;
            for (NDArray array : output) {
                values += array.toByteArray().length; // copied to the heap, as the stages copy theirs
            }
            return values;
        });
    }

    /** Runs the model {@code times} times, failing with the file's name if it fails (used to warm up a shape). */
    RawModel warmUp(int times) {
        for (int i = 0; i < times; i++) {
            try {
                forward();
            } catch (TranslateException | StageException | RuntimeException e) {
                throw new IllegalStateException("model " + network.file() + " failed on input " + inputDescription + ": " + e.getMessage(), e);
            }
        }
        return this;
    }

    @Override
    public void close() {
        network.close();
    }
}
