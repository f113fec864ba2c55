package io.phototriage.models.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.stage.TriageClass;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parity with an independent numpy fit of the same objective (Newton's method), from
 * {@code tools/export/export.py golden-probe}.
 */
class LinearProbeReferenceTest {

    private static JsonNode golden() throws Exception {
        try (InputStream in = LinearProbeReferenceTest.class.getResourceAsStream("/golden/probe/logreg_reference.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @ParameterizedTest(name = "case {0}")
    @ValueSource(ints = {0, 1, 2})
    void weightsAndProbabilitiesMatchTheNumpyReference(int index) throws Exception {
        JsonNode golden = golden();
        JsonNode c = golden.get("cases").get(index);
        List<float[]> features = new ArrayList<>();
        for (JsonNode row : golden.get("features")) {
            float[] f = new float[row.size()];
            for (int j = 0; j < f.length; j++) {
                f[j] = (float) row.get(j).asDouble();
            }
            features.add(f);
        }
        List<TriageClass> labels = new ArrayList<>();
        golden.get("labels").forEach(l -> labels.add(TriageClass.values()[l.asInt()]));
        ProbeConfig config = ProbeConfig.defaults()
                .withLambda(c.get("lambda").asDouble())
                .withScaling(FeatureScaling.valueOf(c.get("scaling").asText()))
                .withClassWeighting(ClassWeighting.valueOf(c.get("classWeighting").asText()))
                .withGradientTolerance(1e-11);
        LinearProbe probe = LinearProbe.train(new ProbeData(features, labels, "golden", "4 features", "golden"), config);

        // Both solvers converge to the unique optimum (strictly convex in W; the bias gauge sum(b) = 0 is kept by
        // both): 1e-6 absolute on weights of magnitude ~1 leaves room for L-BFGS stopping at |gradient| < 1e-11 / λ.
        double[][] w = probe.weights();
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < 4; j++) {
                assertThat(w[k][j]).as("W[%d][%d]", k, j).isCloseTo(c.get("weights").get(k).get(j).asDouble(), within(1e-6));
            }
            assertThat(probe.bias()[k]).as("b[%d]", k).isCloseTo(c.get("bias").get(k).asDouble(), within(1e-6));
        }
        for (int i = 0; i < features.size(); i++) {
            double[] p = probe.probabilities(features.get(i));
            for (int k = 0; k < 3; k++) {
                assertThat(p[k]).as("p[%d][%d]", i, k).isCloseTo(c.get("probabilities").get(i).get(k).asDouble(), within(1e-7));
            }
        }
    }
}
