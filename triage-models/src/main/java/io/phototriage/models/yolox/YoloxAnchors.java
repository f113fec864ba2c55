package io.phototriage.models.yolox;

/**
 * The anchor grid of a square YOLOX input: one anchor per cell of strides 8, 16 and 32, level by level, row-major
 * within a level (the order of the head's output rows).
 */
final class YoloxAnchors {
    private final float[] x;
    private final float[] y;
    private final float[] stride;

    private YoloxAnchors(float[] x, float[] y, float[] stride) {
        this.x = x;
        this.y = y;
        this.stride = stride;
    }

    static YoloxAnchors of(int size) {
        int n = 0;
        for (int s : YoloxDecoder.STRIDES) {
            n += (size / s) * (size / s);
        }
        float[] x = new float[n];
        float[] y = new float[n];
        float[] stride = new float[n];
        int i = 0;
        for (int s : YoloxDecoder.STRIDES) {
            int cells = size / s;
            for (int gy = 0; gy < cells; gy++) {
                for (int gx = 0; gx < cells; gx++) {
                    x[i] = gx;
                    y[i] = gy;
                    stride[i] = s;
                    i++;
                }
            }
        }
        return new YoloxAnchors(x, y, stride);
    }

    int count() {
        return x.length;
    }

    float x(int anchor) {
        return x[anchor];
    }

    float y(int anchor) {
        return y[anchor];
    }

    float stride(int anchor) {
        return stride[anchor];
    }

    float[] xs() {
        return x.clone();
    }

    float[] ys() {
        return y.clone();
    }

    float[] strides() {
        return stride.clone();
    }
}
