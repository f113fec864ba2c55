package io.phototriage.models.yolox;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.PhotoScratch;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.Detections;
import io.phototriage.core.stage.EvaluationModeDetector;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.djl.Network;
import io.phototriage.models.djl.NetworkStage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the ONNX {@link YoloxDetector} and the TorchScript {@link FineTunedYoloxDetector} share, written once: the
 * {@link Letterbox} at {@link YoloxDetector#INPUT_SIZE}, the network's grid output kept in the photo's scratch so it
 * runs once per photo, the {@link YoloxDecoder}, production and evaluation modes, and the threshold and labels of the
 * {@link YoloxConfig}. A subclass only says how its network turns the letterbox into the decoder's grid
 * ({@link #forward}).
 */
abstract sealed class YoloxStage extends NetworkStage<YoloxConfig> implements EvaluationModeDetector
        permits YoloxDetector, FineTunedYoloxDetector {
    private static final int INPUT = YoloxDetector.INPUT_SIZE;

    private final YoloxDecoder decoder;
    private final AtomicLong networkRuns = new AtomicLong();

    YoloxStage(String name, YoloxConfig config, Network network, YoloxDecoder decoder) {
        super(name, config, network);
        this.decoder = decoder;
    }

    /**
     * The network's outputs on one letterboxed photo as the grid {@link YoloxDecoder#decode} reads
     * ({@code [anchors, 5 + C]}: boxes, objectness and class probabilities).
     *
     * @param outputs what the network returned, still in the call's scope
     * @return the grid, row-major
     * @throws StageException when the output has the wrong shape
     */
    abstract float[] grid(NDList outputs) throws StageException;

    /** Production mode: the configured classes with {@code score >= threshold}, best first. */
    @Override
    public Detections apply(DecodedPhoto photo) throws StageException {
        List<Detection> kept = new ArrayList<>();
        for (Detection d : detectAll(photo, EvalSettings.coco())) {
            if (d.score() >= config.threshold()) {
                kept.add(d);
            }
        }
        return new Detections(kept, config.threshold());
    }

    /**
     * Evaluation mode: every box of the configured classes that {@code settings} let through, best first.
     *
     * <p>The network runs at most once per photo: its grid output is kept in the photo's
     * {@link DecodedPhoto#scratch()} under this model's name, weights and input ({@link YoloxDetector#SCRATCH_INPUT}),
     * so a second YOLOX stage with the same weights on the same photo (the lite classifier's detector and the detect
     * stage) only decodes it again, with its own settings.
     *
     * @param photo    the decoded photo
     * @param settings score floor, NMS IoU and box limit
     * @return the boxes in pixels of {@code photo.image()}, best first
     * @throws StageException when the network fails on this photo
     */
    public List<Detection> detectAll(DecodedPhoto photo, EvalSettings settings) throws StageException {
        GridOutput out = photo.scratch().memo(PhotoScratch.Key.of(network.info(), YoloxDetector.SCRATCH_INPUT),
                GridOutput.class, () -> {
                    Letterbox letterbox = Letterbox.of(photo.image(), INPUT);
                    float[] grid;
                    try {
                        grid = network.call(scope -> new NDList(scope.create(letterbox.tensor(), new Shape(1, 3, INPUT, INPUT))),
                                this::grid);
                    } catch (TranslateException | RuntimeException e) {
                        throw new StageException("YOLOX detector failed on " + photo.photo().path() + " (model "
                                + network.file() + "): " + e.getMessage(), e);
                    }
                    networkRuns.incrementAndGet();
                    return new GridOutput(grid, letterbox.geometry());
                });
        return decoder.decode(out.grid(), out.geometry(), settings);
    }

    /** The network's grid output on one photo, with the letterbox geometry that maps it back (read-only). */
    private record GridOutput(float[] grid, Letterbox geometry) {}

    /**
     * How many times this detector ran its network (not counting answers taken from a photo's scratch): for tests and
     * benchmarks that check each model runs once per photo.
     *
     * @return the count since this detector was created
     */
    public long networkRuns() {
        return networkRuns.get();
    }

    /** Evaluation mode with {@link EvalSettings#coco()}: the boxes {@code eval} and {@code calibrate} score. */
    @Override
    public List<Detection> detectForEvaluation(DecodedPhoto photo) throws StageException {
        return detectAll(photo, EvalSettings.coco());
    }

    /** The production threshold of the configuration. */
    @Override
    public double threshold() {
        return config.threshold();
    }

    /** Where the production threshold comes from ({@link YoloxConfig#thresholdSource()}). */
    @Override
    public String thresholdSource() {
        return config.thresholdSource();
    }

    /** The configured classes ({@link YoloxConfig#classes()}). */
    @Override
    public List<String> labels() {
        return config.classes();
    }

    /** {@link EvalSettings#coco()} in words. */
    @Override
    public String evaluationSettings() {
        return EvalSettings.coco().describe();
    }
}
