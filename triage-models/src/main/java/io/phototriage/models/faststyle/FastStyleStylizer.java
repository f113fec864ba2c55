package io.phototriage.models.faststyle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import io.phototriage.core.image.Pixels;
import io.phototriage.core.image.Resize;
import io.phototriage.core.image.StyleInputs;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.StyleRequest;
import io.phototriage.core.stage.Stylized;
import io.phototriage.core.stage.Stylizer;
import io.phototriage.models.djl.Network;
import io.phototriage.models.djl.NetworkStage;
import io.phototriage.models.djl.OrtSessionOptions;
import io.phototriage.models.lite.LiteModels;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Stylizes the hero shot with a Fast Neural Style network (Johnson et al.; the lite set's
 * {@code fast-neural-style/}, run by DJL's OnnxRuntime engine): a feed-forward painter of one fixed style. The input
 * is the hero's cut-out on a neutral background, or the whole photo with option {@code input=photo} or when the hero
 * has no segmentation ({@link StyleInputs#prepare}; {@link Stylized#input()} says which). It is scaled (Pillow's antialiased BILINEAR, {@link Resize}, aspect kept) to at most {@code maxSide} pixels on its longer side,
 * each side rounded down to a multiple of 4, fed as RGB 0..255; the output is clipped to 0..255 and rounded. The
 * prompt and the subject are ignored ({@link Stylized#prompt()} is {@code ""}).
 *
 * <p>Not thread-safe: one call at a time. Close it to free the native session.
 */
public final class FastStyleStylizer extends NetworkStage<FastStyleConfig> implements Stylizer {
    /** The model folder's name in the models directory. */
    public static final String FOLDER = "fast-neural-style";
    /** Class-path resource, next to this class, of the manifest shipped for {@link #FOLDER}. */
    public static final String MANIFEST_RESOURCE = "fast-neural-style.manifest.json";
    private static final float[] ZERO = {0, 0, 0};
    private static final float[] ONE = {1, 1, 1};


    private FastStyleStylizer(FastStyleConfig config, Network network) {
        super("fast-style", config, network);
    }

    /**
     * Loads {@code modelsDir/fast-neural-style/<style>.onnx} after checking its sha256, with
     * {@link FastStyleConfig#sessionThreads()} intra-op threads (the other session options as
     * {@link OrtSessionOptions#fromSystemProperties()}).
     *
     * @param modelsDir the models root
     * @param config    which style, the largest side and what is stylized
     * @return the stylizer, owning its network
     * @throws StageException if the folder or file is missing or corrupt, or the runtime cannot load it
     */
    public static FastStyleStylizer load(Path modelsDir, FastStyleConfig config) throws StageException {
        Objects.requireNonNull(config, "config");
        return new FastStyleStylizer(config, LiteModels.open(modelsDir, FOLDER,
                LiteModels.manifest(FastStyleStylizer.class, MANIFEST_RESOURCE), config.style(),
                "fast-neural-style-" + config.style(), "fast-style stylizer",
                OrtSessionOptions.fromSystemProperties().withIntraOpThreads(config.sessionThreads())));
    }

    /** The size the network runs at for a {@code width x height} photo: long side capped, multiples of 4. */
    static int[] styledSize(int width, int height, int maxSide) {
        double scale = Math.min(1.0, (double) maxSide / Math.max(width, height));
        int w = Math.max(4, (int) Math.floor(width * scale / 4.0 + 1e-6) * 4);
        int h = Math.max(4, (int) Math.floor(height * scale / 4.0 + 1e-6) * 4);
        return new int[] {w, h};
    }

    @Override
    public Stylized apply(StyleRequest request) throws StageException {
        StyleInputs.Prepared prepared = StyleInputs.prepare(request, config.input(), Double.NaN);
        BufferedImage image = prepared.image();
        int[] size = styledSize(image.getWidth(), image.getHeight(), config.maxSide());
        BufferedImage scaled = Resize.resize(image, size[0], size[1], Resize.Filter.BILINEAR);
        float[] input = Pixels.chw(scaled, Pixels.Order.RGB, 1f, ZERO, ONE);
        float[] output;
        try (NDManager manager = network.newScope()) {
            NDArray tensor = manager.create(input, new Shape(1, 3, size[1], size[0]));
            NDArray result = network.predict(new NDList(tensor)).get(0);
            if (!result.getShape().equals(tensor.getShape())) {
                throw new StageException("fast-neural-style " + config.style() + " returned shape " + result.getShape()
                        + " for input " + tensor.getShape() + " on " + request.photo().photo().path()
                        + "; the model file does not follow the lite contract");
            }
            output = result.toFloatArray();
        } catch (TranslateException | RuntimeException e) {
            throw new StageException("fast-neural-style inference failed on " + request.photo().photo().path() + ": "
                    + e.getMessage(), e);
        }
        return prepared.result(Pixels.fromChwRgb(output, size[0], size[1]), "");
    }
}
