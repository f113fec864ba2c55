package io.phototriage.bench;

import io.phototriage.models.ct.CtReadOptions;
import io.phototriage.models.ct.CtVolume;
import io.phototriage.models.ct.DicomSeries;
import io.phototriage.models.ct.Nifti;
import io.phototriage.models.ct.Resampling;
import io.phototriage.models.ct.TotalSegmentator;
import java.nio.file.Path;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CT path (docs/ct.md):
 * <ul>
 *   <li>{@code patch}: one sliding-window patch through TotalSegmentator's network, {@code variant} {@code tiny} (the
 *       committed fixture, patch 32x32x64) or {@code full} (the real architecture with random weights, patch 112x112x128,
 *       {@code models-full/totalseg-random});</li>
 *   <li>{@code resampleTo15mm}: trilinear resampling of ../shared's example_ct_sm (122x101x30 at 3 mm) to 1.5 mm;</li>
 *   <li>{@code readSeries}: reading ../shared's 20-slice 512x512 JPEG 2000 DICOM series to Hounsfield units.</li>
 * </ul>
 */
@Warmup(iterations = 1, time = 1)
public class CtBenchmark extends BenchmarkDefaults {
    /** One patch through the network. */
    @State(Scope.Benchmark)
    public static class Patch extends OwningState {
        @Param({"tiny", "full"})
        public String variant;

        TotalSegmentator network;
        float[] patch;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            network = own(TotalSegmentator.load(BenchPaths.model("totalseg", variant)));
            int[] p = network.config().patchSize();
            patch = gaussianNoise(new Random(0), p[0] * p[1] * p[2]);
            for (int n = 0; n < SHAPE_WARMUP_CALLS; n++) {
                network.patchLogits(patch);  // TorchScript optimises on its first calls of a shape
            }
        }
    }

    /** The small real CT for resampling. */
    @State(Scope.Benchmark)
    public static class Volume {
        CtVolume volume;
        int[] size;
        int[] target;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            volume = Nifti.readVolume(BenchPaths.shared().resolve("data/ct/example_ct_sm.nii.gz"), CtReadOptions.DEFAULT_VOXEL_BUDGET);
            size = new int[] {volume.geometry().nz(), volume.geometry().ny(), volume.geometry().nx()};
            double[] s = volume.geometry().spacing();
            target = Resampling.sizeAtSpacing(size, new double[] {s[2], s[1], s[0]}, new double[] {1.5, 1.5, 1.5});
        }
    }

    /** The real DICOM series' folder. */
    @State(Scope.Benchmark)
    public static class Series {
        Path folder;

        @Setup(Level.Trial)
        public void setUp() {
            folder = BenchPaths.shared().resolve("data/ct/example_ct_dicom");
        }
    }

    /**
     * One patch's logits.
     *
     * @param state the network and a seeded random patch
     * @return the logits
     * @throws Exception if the network fails
     */
    @Benchmark
    public float[] patch(Patch state) throws Exception {
        return state.network.patchLogits(state.patch);
    }

    /**
     * 3 mm to 1.5 mm.
     *
     * @param state the volume
     * @return the resampled values
     */
    @Benchmark
    public float[] resampleTo15mm(Volume state) {
        return Resampling.trilinear(state.volume.hu(), state.size, state.target);
    }

    /**
     * 20 JPEG 2000 slices to HU.
     *
     * @param state the folder
     * @return the volume
     * @throws Exception if reading fails
     */
    @Benchmark
    public CtVolume readSeries(Series state) throws Exception {
        return DicomSeries.read(state.folder, CtReadOptions.defaults());
    }
}
