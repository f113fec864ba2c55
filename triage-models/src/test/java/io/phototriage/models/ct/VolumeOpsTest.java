package io.phototriage.models.ct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Reorientation, resampling and windowing by hand-computed cases. */
class VolumeOpsTest {

    @Test
    void lasGridIsFlippedAlongIToRasAndBack() {
        // the real DICOM series' affine: i runs to the left (LAS)
        double[] las = {-0.9765625, 0, 0, 249.51171875, 0, 0.9765625, 0, -61.51171875, 0, 0, 2, -804.5, 0, 0, 0, 1};
        VolumeGeometry g = new VolumeGeometry(3, 2, 2, las);
        CanonicalOrientation o = CanonicalOrientation.of(g);
        assertThat(o.identity()).isFalse();
        VolumeGeometry c = o.canonical();
        assertThat(c.affine(0, 0)).isEqualTo(0.9765625);
        assertThat(c.affine(0, 3)).isCloseTo(249.51171875 - 2 * 0.9765625, within(1e-9));
        // every canonical voxel sits where its source voxel sat
        float[] values = new float[12];
        for (int n = 0; n < 12; n++) {
            values[n] = n;
        }
        float[] canon = o.toCanonical(values);
        for (int k = 0; k < 2; k++) {
            for (int j = 0; j < 2; j++) {
                for (int i = 0; i < 3; i++) {
                    double[] p = c.toRas(i, j, k);
                    double[] q = g.toRas(2 - i, j, k);
                    assertThat(p).containsExactly(q, within(1e-9));
                    assertThat(canon[c.index(i, j, k)]).isEqualTo(values[g.index(2 - i, j, k)]);
                }
            }
        }
        short[] labels = new short[12];
        for (int n = 0; n < 12; n++) {
            labels[n] = (short) canon[n];
        }
        short[] back = o.fromCanonical(labels);
        for (int n = 0; n < 12; n++) {
            assertThat(back[n]).isEqualTo((short) n);
        }
    }

    @Test
    void permutedAxesAreReordered() {
        // i along z, j along x, k along y (a sagittal-like stack)
        double[] a = {0, 2, 0, 0, 0, 0, 3, 0, 1, 0, 0, 0, 0, 0, 0, 1};
        CanonicalOrientation o = CanonicalOrientation.of(new VolumeGeometry(4, 5, 6, a));
        VolumeGeometry c = o.canonical();
        assertThat(new int[] {c.nx(), c.ny(), c.nz()}).containsExactly(5, 6, 4);
        assertThat(c.spacing()).containsExactly(new double[] {2, 3, 1}, within(1e-12));
    }

    @Test
    void tooObliqueGridIsRefused() {
        double s = Math.sqrt(0.5);
        double[] a = {s, s, 0, 0, s, s, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
        assertThatThrownBy(() -> CanonicalOrientation.of(new VolumeGeometry(2, 2, 2, a))).hasMessageContaining("too oblique");
    }

    @Test
    void trilinearUsesHalfPixelCentresAndClampsAtTheEdges() {
        // 1-D along x: [0, 10] upsampled to 4: source positions -0.25 (clamped 0), 0.25, 0.75, 1.25 (clamped to the last)
        float[] out = Resampling.trilinear(new float[] {0, 10}, new int[] {1, 1, 2}, new int[] {1, 1, 4});
        assertThat(out).containsExactly(new float[] {0f, 2.5f, 7.5f, 10f}, within(1e-6f));
        short[] nearest = Resampling.nearest(new short[] {1, 2, 3}, new int[] {1, 1, 3}, new int[] {1, 1, 7});
        // source index floor((d + 0.5) * 3/7) for d = 0..6: 0, 0, 1, 1, 1, 2, 2
        assertThat(nearest).containsExactly((short) 1, (short) 1, (short) 2, (short) 2, (short) 2, (short) 3, (short) 3);
        assertThat(Resampling.sizeAtSpacing(new int[] {30, 101, 122}, new double[] {3, 3, 3}, new double[] {1.5, 1.5, 1.5}))
                .containsExactly(60, 202, 244);
    }

    @Test
    void softTissueWindowMapsMinus160To240() {
        CtWindow w = CtWindow.SOFT_TISSUE;
        assertThat(w.grey(-1000)).isZero();
        assertThat(w.grey(-160)).isZero();
        assertThat(w.grey(40)).isEqualTo(128);
        assertThat(w.grey(240)).isEqualTo(255);
        assertThat(CtWindow.parse("50, 350")).isEqualTo(new CtWindow(50, 350));
        assertThatThrownBy(() -> CtWindow.parse("40")).hasMessageContaining("LEVEL,WIDTH");
        assertThatThrownBy(() -> CtWindow.parse("40,0")).hasMessageContaining("positive width");
    }

    @Test
    void classMapNamesTotalSegmentatorsLabels() {
        assertThat(TotalSegClasses.all()).hasSize(117);
        assertThat(TotalSegClasses.ids(java.util.List.of("liver", "spleen"))).containsExactly(1, 5);
        assertThat(TotalSegClasses.name(117)).isEqualTo("costal_cartilages");
        assertThatThrownBy(() -> TotalSegClasses.ids(java.util.List.of("kidney"))).hasMessageContaining("kidney_right");
    }
}
