package io.phototriage.models.lite;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Arrays;

final class LiteGoldenParityTestSupport {
    private LiteGoldenParityTestSupport() {}

    static JsonNode styles() throws IOException {
        return LiteTestData.goldenCases().get("style");
    }

    /** Mean, 99th percentile and max of the per-channel absolute difference of two RGB images of one size. */
    static double[] absDiff(BufferedImage a, BufferedImage b) {
        int w = a.getWidth();
        int h = a.getHeight();
        int[] diffs = new int[3 * w * h];
        long sum = 0;
        int i = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    int d = Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
                    diffs[i++] = d;
                    sum += d;
                }
            }
        }
        Arrays.sort(diffs);
        return new double[] {(double) sum / diffs.length, diffs[(int) (0.99 * (diffs.length - 1))], diffs[diffs.length - 1]};
    }
}
