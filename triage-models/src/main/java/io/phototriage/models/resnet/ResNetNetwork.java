package io.phototriage.models.resnet;

import ai.djl.Model;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.initializer.Initializer;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.Closeables;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.TriageClass;
import io.phototriage.models.djl.DjlRuntime;
import io.phototriage.models.djl.ModelLoadException;
import io.phototriage.models.djl.Network;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * The ResNet classifier network: the TorchScript backbone (a {@link PtSymbolBlock}, pixel_values to pooled
 * features) followed by a DJL {@link Linear} head with one logit per {@link TriageClass}, in a DJL {@link Model}.
 *
 * <p>On disk a fine-tuned network is two files: {@code backbone.pt}, the backbone's TorchScript module with its
 * updated weights (libtorch's own format, loadable by {@code torch.jit.load} too), and {@code head.params}, the
 * head's parameters in DJL's block parameter format. The backbone model stays open as long as this object: the
 * sequential block runs the backbone's native module.
 */
final class ResNetNetwork implements AutoCloseable {
    static final String BACKBONE = "backbone";
    static final String HEAD = "head";
    static final String BACKBONE_FILE = "backbone.pt";
    static final String HEAD_FILE = "head.params";
    static final int CLASSES = TriageClass.values().length;

    private final Network backbone;
    private final Model model;
    private final Linear head;
    private final int featureDim;

    private ResNetNetwork(Network backbone, Model model, Linear head, int featureDim) {
        this.backbone = backbone;
        this.model = model;
        this.head = head;
        this.featureDim = featureDim;
    }

    /**
     * A backbone from {@code backboneFile} and a new head whose weights a {@code Trainer} initialises (on
     * {@code initialize}) from {@code seed}: normal with standard deviation 0.01, drawn by {@code new Random(seed)}
     * in Java, so the head depends on the seed only, not on the PyTorch engine's process-wide generator; the bias
     * starts at zero.
     *
     * @param trainBackbone whether the backbone's parameters are trained too ({@code trainParam} option), or frozen
     */
    static ResNetNetwork forTraining(Path backboneFile, int featureDim, boolean trainBackbone, long seed)
            throws ModelLoadException {
        Network backbone = Network.torchScript(backboneFile, Map.of("trainParam", String.valueOf(trainBackbone)));
        ResNetNetwork network = assemble(backbone, featureDim);
        // Small initial logits: the first loss is about ln 3 (uniform), so every later drop is learning, not the
        // head unlearning a large random scale (Xavier on pooled ReLU features gives logits of several units).
        network.head.setInitializer(new SeededNormal(seed, 0.01f), Parameter.Type.WEIGHT);
        return network;
    }

    /** Normal(0, sigma) values from {@code new Random(seed)}, in row-major order of the shape. */
    private record SeededNormal(long seed, float sigma) implements Initializer {
        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            Random random = new Random(seed);
            float[] values = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextGaussian() * sigma);
            }
            return manager.create(values, shape).toType(dataType, false);
        }
    }

    /** A fine-tuned network from a classifier folder ({@code backbone} and {@code head} files). */
    static ResNetNetwork load(ResolvedModel classifier, int featureDim) throws StageException {
        Network backbone = Network.load(classifier, BACKBONE, classifier.manifest().name());
        ResNetNetwork network = assemble(backbone, featureDim);
        Path headFile = classifier.file(HEAD);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(headFile)))) {
            network.head.initialize(network.model.getNDManager(), DataType.FLOAT32, new Shape(1, featureDim));
            network.head.loadParameters(network.model.getNDManager(), in);
            return network;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            network.close();
            throw new ModelLoadException("cannot read the classifier head " + headFile + " (feature dim " + featureDim
                    + "): " + e.getMessage() + "; re-run the fine-tuning that wrote it", e);
        }
    }

    private static ResNetNetwork assemble(Network backbone, int featureDim) throws ModelLoadException {
        Model model = null;
        try {
            Linear head = Linear.builder().setUnits(CLASSES).build();
            model = Model.newInstance("resnet-triage", DjlRuntime.PYTORCH);
            model.setBlock(new SequentialBlock().add(backbone.block()).add(head));
            return new ResNetNetwork(backbone, model, head, featureDim);
        } catch (RuntimeException e) {
            if (model != null) {
                model.close();
            }
            backbone.close();
            throw new ModelLoadException("cannot build the ResNet classifier network: " + e.getMessage(), e);
        }
    }

    Model model() {
        return model;
    }

    Block block() {
        return model.getBlock();
    }

    int featureDim() {
        return featureDim;
    }

    /** Writes {@code dir/backbone.pt} and {@code dir/head.params} (the current weights). */
    void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        Block backboneBlock = backbone.block();
        if (!(backboneBlock instanceof PtSymbolBlock symbolBlock)) {
            throw new IllegalStateException("backbone is not a TorchScript block: " + backboneBlock.getClass());
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(BACKBONE_FILE)))) {
            JniUtils.writeModule(symbolBlock, out, false);
        }
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(HEAD_FILE))))) {
            head.saveParameters(out);
        }
    }

    @Override
    public void close() {
        Closeables.closeAll(model, backbone);
    }
}
