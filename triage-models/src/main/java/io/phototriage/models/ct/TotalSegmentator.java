package io.phototriage.models.ct;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.djl.Network;
import io.phototriage.models.djl.NetworkStage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * TotalSegmentator's network (nnU-Net v2 3d_fullres PlainConvUNet, TorchScript) with nnU-Net's inference around it:
 * reorient to the closest RAS-canonical grid, CT normalisation, trilinear resampling to the model spacing, the
 * Gaussian-weighted sliding window ({@link SlidingWindow}), argmax, nearest-neighbour resampling back and the inverse
 * reorientation, so that the labels lie on the input's own grid.
 *
 * <p>Owns the network (closed by {@link #close()}); not thread-safe, like every stage.
 */
public final class TotalSegmentator extends NetworkStage<TotalSegPlans> {
    /** The manifest role of the TorchScript file. */
    public static final String ROLE = "network";

    private TotalSegmentator(TotalSegPlans plans, Network network) {
        super("totalsegmentator", plans, network);
    }

    /**
     * Loads a model folder written by {@code tools/export/export.py totalseg}.
     *
     * @param model the resolved (sha256-checked) folder
     * @return the segmenter; close it when done
     * @throws ModelException if the contract is unusable
     * @throws StageException if the network cannot be loaded (a {@code ModelLoadException})
     */
    public static TotalSegmentator load(ResolvedModel model) throws ModelException, StageException {
        TotalSegPlans plans = TotalSegPlans.fromContract(model.manifest().contract());
        Network network = Network.load(model, ROLE, model.manifest().name());
        return new TotalSegmentator(plans, network);
    }

    /**
     * Loads one part network of a multi-part folder ({@link TotalSegmentatorParts}).
     *
     * @param model the resolved folder
     * @param role  the part's manifest role
     * @param plans the part's plans
     * @return the part's segmenter, returning the part's local label ids
     * @throws StageException if the network cannot be loaded
     */
    static TotalSegmentator loadPart(ResolvedModel model, String role, TotalSegPlans plans) throws StageException {
        return new TotalSegmentator(plans, Network.load(model, role, model.manifest().name() + "/" + role));
    }

    /**
     * The logits of one patch, straight from the network.
     *
     * @param patch normalised values of one patch, {@code [z][y][x]} flattened, the plans' patch size
     * @return {@code [class][z][y][x]} flattened
     * @throws StageException if the network fails or returns another shape
     */
    public float[] patchLogits(float[] patch) throws StageException {
        int[] p = config.patchSize();
        try {
            return network.call(m -> new NDList(m.create(patch, new Shape(1, 1, p[0], p[1], p[2]))), out -> {
                NDArray logits = out.singletonOrThrow();
                Shape expected = new Shape(1, config.classes(), p[0], p[1], p[2]);
                if (!logits.getShape().equals(expected)) {
                    throw new StageException("the network returned " + logits.getShape() + ", expected " + expected);
                }
                return logits.toFloatArray();
            });
        } catch (ai.djl.translate.TranslateException e) {
            throw new StageException("the TotalSegmentator network failed on a patch: " + e.getMessage(), e);
        }
    }

    /**
     * Segments a volume.
     *
     * @param volume the CT in Hounsfield units
     * @param keep   the label ids to keep (others become background), or an empty set for all
     * @return the labels on the volume's grid, with timings
     * @throws StageException if the network fails or the grid cannot be reoriented
     */
    public CtSegmentation segment(CtVolume volume, Set<Integer> keep) throws StageException {
        Map<String, Long> millis = new LinkedHashMap<>();
        long t = System.nanoTime();
        CanonicalOrientation orientation;
        try {
            orientation = CanonicalOrientation.of(volume.geometry());
        } catch (IllegalArgumentException e) {
            throw new StageException(e.getMessage(), e);
        }
        VolumeGeometry canonical = orientation.canonical();
        float[] data = orientation.toCanonical(volume.hu());
        t = lap(millis, "reorient", t);
        data = config.normalization().apply(data);
        t = lap(millis, "normalize", t);
        int[] size = {canonical.nz(), canonical.ny(), canonical.nx()};
        double[] spacing = canonical.spacing();
        double[] model = config.spacingMm();
        int[] modelSize = Resampling.sizeAtSpacing(size, new double[] {spacing[2], spacing[1], spacing[0]},
                new double[] {model[2], model[1], model[0]});
        float[] resampled = Resampling.trilinear(data, size, modelSize);
        t = lap(millis, "resample", t);
        SlidingWindow.Result result;
        try {
            result = SlidingWindow.logits(resampled, modelSize, config.patchSize(), config.classes(), config.tileStepSize(),
                    config.sigmaScale(), this::patchLogits);
        } catch (StageException e) {
            throw e;
        } catch (Exception e) {
            throw new StageException("sliding-window inference failed: " + e.getMessage(), e);
        }
        t = lap(millis, "network", t);
        short[] labels = result.argmax();
        if (!keep.isEmpty()) {
            for (int n = 0; n < labels.length; n++) {
                if (!keep.contains((int) labels[n])) {
                    labels[n] = 0;
                }
            }
        }
        t = lap(millis, "argmax", t);
        short[] back = orientation.fromCanonical(Resampling.nearest(labels, modelSize, size));
        lap(millis, "resample_back", t);
        VolumeGeometry modelGrid = VolumeGeometry.axisAligned(modelSize[2], modelSize[1], modelSize[0], model,
                canonical.toRas(0, 0, 0));
        return new CtSegmentation(new LabelVolume(volume.geometry(), back), modelGrid, result.patches(), millis, model());
    }

    private static long lap(Map<String, Long> millis, String step, long since) {
        long now = System.nanoTime();
        millis.put(step, (now - since) / 1_000_000);
        return now;
    }
}
