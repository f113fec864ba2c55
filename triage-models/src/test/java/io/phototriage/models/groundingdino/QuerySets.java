package io.phototriage.models.groundingdino;

/** Compares two sets of query rows (box + logits) whose order may differ: symmetric nearest-row distance. */
final class QuerySets {
    private QuerySets() {}

    /**
     * {@code {max |logit diff|, max |box diff|}} after pairing each row of either side with its nearest row
     * (L-infinity over box and logits) of the other side; the same rule as the export tool's check.
     */
    static double[] maxDiffs(float[] logitsA, float[] boxesA, float[] logitsB, float[] boxesB, int slots) {
        double[] ab = oneWay(logitsA, boxesA, logitsB, boxesB, slots);
        double[] ba = oneWay(logitsB, boxesB, logitsA, boxesA, slots);
        return new double[] {Math.max(ab[0], ba[0]), Math.max(ab[1], ba[1])};
    }

    private static double[] oneWay(float[] logitsA, float[] boxesA, float[] logitsB, float[] boxesB, int slots) {
        int rowsA = boxesA.length / 4;
        int rowsB = boxesB.length / 4;
        double maxLogit = 0;
        double maxBox = 0;
        for (int i = 0; i < rowsA; i++) {
            int best = -1;
            double bestDist = Double.POSITIVE_INFINITY;
            for (int j = 0; j < rowsB; j++) {
                double d = 0;
                for (int k = 0; k < 4 && d < bestDist; k++) {
                    d = Math.max(d, Math.abs(boxesA[4 * i + k] - boxesB[4 * j + k]));
                }
                for (int k = 0; k < slots && d < bestDist; k++) {
                    d = Math.max(d, Math.abs(logitsA[slots * i + k] - logitsB[slots * j + k]));
                }
                if (d < bestDist) {
                    bestDist = d;
                    best = j;
                }
            }
            for (int k = 0; k < 4; k++) {
                maxBox = Math.max(maxBox, Math.abs(boxesA[4 * i + k] - boxesB[4 * best + k]));
            }
            for (int k = 0; k < slots; k++) {
                maxLogit = Math.max(maxLogit, Math.abs(logitsA[slots * i + k] - logitsB[slots * best + k]));
            }
        }
        return new double[] {maxLogit, maxBox};
    }
}
