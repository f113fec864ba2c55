package io.phototriage.bench;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.phototriage.models.djl.DjlRuntime;
import io.phototriage.models.djl.ModelLoadException;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Function;

/**
 * One model file loaded through {@link DjlRuntime} and run on a ready input tensor, the way the library's stages run
 * theirs (a sub-{@link NDManager} per call, outputs copied to Java arrays): the model-only time that the Python
 * reference ({@code tools/export/export.py bench-eager}) is compared with, for models whose stage has no tensor-level
 * entry point. The input is seeded noise of the stage's input shape and value range, or, for a model with several
 * inputs (Grounding DINO's pixels, token ids and masks), whatever the caller builds in each call's manager.
 */
final class RawModel implements AutoCloseable {
    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private final Path file;
    private final String inputDescription;
    private final Function<NDManager, NDList> inputs;

    private RawModel(ZooModel<NDList, NDList> model, Path file, String inputDescription, Function<NDManager, NDList> inputs) {
        this.model = model;
        this.file = file;
        this.inputDescription = inputDescription;
        this.inputs = inputs;
        this.predictor = model.newPredictor();
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
        return open(DjlRuntime.loadOnnx(file), file, shape.toString(), noise(shape, scale));
    }

    /** A TorchScript file (PyTorch engine), input values uniform in {@code [0, scale)}. */
    static RawModel torchScript(Path file, Shape shape, float scale) throws ModelLoadException {
        return open(DjlRuntime.loadTorchScript(file), file, shape.toString(), noise(shape, scale));
    }

    /**
     * A TorchScript file (PyTorch engine) with several inputs, created by {@code inputs} in each call's manager from
     * arrays the caller prepared once (so a call times the copy into native memory, as a stage's call does).
     *
     * @param inputDescription the inputs' shapes, quoted when a call fails
     */
    static RawModel torchScript(Path file, String inputDescription, Function<NDManager, NDList> inputs) throws ModelLoadException {
        return open(DjlRuntime.loadTorchScript(file), file, inputDescription, inputs);
    }

    private static RawModel open(ZooModel<NDList, NDList> model, Path file, String inputDescription,
            Function<NDManager, NDList> inputs) {
        try {
            return new RawModel(model, file, inputDescription, inputs);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Runs the model once; returns the number of output bytes copied back (so the call cannot be optimised away). */
    long forward() throws TranslateException {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList output = predictor.predict(inputs.apply(manager));
            output.attach(manager);
            long values = 0;
            for (NDArray array : output) {
                values += array.toByteArray().length; // copied to the heap, as the stages copy theirs
            }
            return values;
        }
    }

    /** Runs the model {@code times} times, failing with the file's name if it fails (used to warm up a shape). */
    RawModel warmUp(int times) {
        for (int i = 0; i < times; i++) {
            try {
                forward();
            } catch (TranslateException | RuntimeException e) {
                throw new IllegalStateException("model " + file + " failed on input " + inputDescription + ": " + e.getMessage(), e);
            }
        }
        return this;
    }

    @Override
    public void close() {
        try {
            predictor.close();
        } finally {
            model.close();
        }
    }
}
