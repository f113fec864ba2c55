package io.phototriage.models.sam;

/**
 * SamProcessor.post_process_masks for one mask: bilinear upsampling of the low-resolution logits to the square
 * input, crop of the padding, bilinear resize to the embedded image's size. Bilinear as
 * {@code torch.nn.functional.interpolate(mode="bilinear", align_corners=False)} (no antialiasing), in float.
 */
final class MaskUpsampler {
    private MaskUpsampler() {}

    /** Logits at {@code geometry.originalWidth() x originalHeight()}, row-major. */
    static float[] upsample(float[] lowRes, int lowSize, ResizeGeometry geometry) {
        if (lowRes.length != lowSize * lowSize) {
            throw new IllegalArgumentException("expected " + lowSize * lowSize + " logits, got " + lowRes.length);
        }
        int input = geometry.inputSize();
        // Step 1: lowSize^2 -> input^2, but only the rows and columns that survive the crop.
        float[] padded = resize(lowRes, lowSize, lowSize, input, input, geometry.resizedWidth(), geometry.resizedHeight());
        // Step 2: the crop (resizedWidth x resizedHeight) -> the original size.
        return resize(padded, geometry.resizedWidth(), geometry.resizedHeight(), geometry.originalWidth(),
                geometry.originalHeight(), geometry.originalWidth(), geometry.originalHeight());
    }

    /**
     * Bilinear resize of a {@code srcW x srcH} plane to {@code dstW x dstH}, computing only the top-left
     * {@code keepW x keepH} output pixels (returned as a {@code keepW x keepH} plane).
     */
    static float[] resize(float[] src, int srcW, int srcH, int dstW, int dstH, int keepW, int keepH) {
        Axis ax = Axis.of(srcW, dstW, keepW);
        Axis ay = Axis.of(srcH, dstH, keepH);
        float[] out = new float[keepW * keepH];
        for (int y = 0; y < keepH; y++) {
            int r0 = ay.index0[y] * srcW;
            int r1 = ay.index1[y] * srcW;
            float h0 = ay.lambda0[y];
            float h1 = ay.lambda1[y];
            int o = y * keepW;
            for (int x = 0; x < keepW; x++) {
                int c0 = ax.index0[x];
                int c1 = ax.index1[x];
                float w0 = ax.lambda0[x];
                float w1 = ax.lambda1[x];
                out[o + x] = h0 * (w0 * src[r0 + c0] + w1 * src[r0 + c1]) + h1 * (w0 * src[r1 + c0] + w1 * src[r1 + c1]);
            }
        }
        return out;
    }

    /** Source indices and weights along one axis, as ATen's compute_source_index_and_lambda. */
    private record Axis(int[] index0, int[] index1, float[] lambda0, float[] lambda1) {
        static Axis of(int inSize, int outSize, int keep) {
            float scale = (float) inSize / outSize;
            int[] i0 = new int[keep];
            int[] i1 = new int[keep];
            float[] l0 = new float[keep];
            float[] l1 = new float[keep];
            for (int d = 0; d < keep; d++) {
                float real = Math.max(scale * (d + 0.5f) - 0.5f, 0f);
                int index = (int) real;
                i0[d] = index;
                i1[d] = index + (index < inSize - 1 ? 1 : 0);
                float lambda = Math.min(Math.max(real - index, 0f), 1f);
                l1[d] = lambda;
                l0[d] = 1f - lambda;
            }
            return new Axis(i0, i1, l0, l1);
        }
    }
}
