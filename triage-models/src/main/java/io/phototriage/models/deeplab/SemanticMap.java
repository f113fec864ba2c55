package io.phototriage.models.deeplab;

import io.phototriage.core.stage.Mask;
import java.util.Objects;
import java.util.Optional;

/**
 * DeepLab's answer for a whole picture as plain Java: the PASCAL VOC label of every model pixel and the class logits,
 * read at picture pixels by nearest neighbour on pixel centres ({@link DeepLabFrame}). Made by
 * {@link DeepLabSegmenter#semanticMap}. Immutable.
 */
public final class SemanticMap {
    private final DeepLabFrame frame;
    private final long[] labels;
    private final float[] logits;
    private final int classes;

    SemanticMap(DeepLabFrame frame, long[] labels, float[] logits, int classes) {
        int plane = DeepLabFrame.SIZE * DeepLabFrame.SIZE;
        if (labels.length != plane || logits.length != (long) classes * plane) {
            throw new IllegalArgumentException("expected 513x513 labels and " + classes + "x513x513 logits, got "
                    + labels.length + " and " + logits.length + " values");
        }
        this.frame = Objects.requireNonNull(frame, "frame");
        this.labels = labels;
        this.logits = logits;
        this.classes = classes;
    }

    DeepLabFrame frame() {
        return frame;
    }

    long[] labels() {
        return labels;
    }

    float[] logits() {
        return logits;
    }

    /**
     * The PASCAL class index of a detection label (PASCAL or COCO name), never background.
     *
     * @param label e.g. {@code person}, {@code dog}, {@code cat}
     * @return its class index (1 to 20), or empty when PASCAL has no such class
     */
    public static Optional<Integer> pascalClass(String label) {
        return PascalClasses.of(label);
    }

    /**
     * The PASCAL name of a class index.
     *
     * @param pascalClass 0 (background) to 20
     * @return its name, e.g. {@code person}
     */
    public static String className(int pascalClass) {
        return PascalClasses.NAMES.get(pascalClass);
    }

    /**
     * The picture's width.
     *
     * @return width in pixels
     */
    public int width() {
        return frame.imageWidth();
    }

    /**
     * The picture's height.
     *
     * @return height in pixels
     */
    public int height() {
        return frame.imageHeight();
    }

    /**
     * The class (not background) DeepLab gives most of the pixels of {@code region}.
     *
     * @param region a mask of the picture's size
     * @return the class index, or -1 when DeepLab sees only background there
     */
    public int dominantClass(Mask region) {
        checkSize(region);
        long[] counts = new long[classes];
        java.util.BitSet bits = region.bits();
        int w = width();
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            int label = label(i % w, i / w);
            if (label >= 0 && label < classes) {
                counts[label]++;
            }
        }
        int best = -1;
        for (int c = 1; c < classes; c++) {
            if (counts[c] > 0 && (best < 0 || counts[c] > counts[best])) {
                best = c;
            }
        }
        return best;
    }

    /**
     * The label of a picture pixel.
     *
     * @param x column
     * @param y row
     * @return its PASCAL class index
     */
    public int label(int x, int y) {
        return (int) labels[frame.sourceY(y) * DeepLabFrame.SIZE + frame.sourceX(x)];
    }

    /**
     * The softmax probability of {@code pascalClass} at every picture pixel, row-major.
     *
     * @param pascalClass 0 to 20
     * @return {@code width * height} probabilities in [0, 1]
     */
    public float[] probability(int pascalClass) {
        if (pascalClass < 0 || pascalClass >= classes) {
            throw new IllegalArgumentException("no PASCAL class " + pascalClass);
        }
        int plane = DeepLabFrame.SIZE * DeepLabFrame.SIZE;
        // the softmax of each model pixel the picture reads, computed once
        float[] model = new float[plane];
        for (int sy = 0; sy < frame.scaledHeight(); sy++) {
            for (int sx = 0; sx < frame.scaledWidth(); sx++) {
                int s = sy * DeepLabFrame.SIZE + sx;
                model[s] = (float) DeepLabFrame.softmax(logits, classes, s, pascalClass);
            }
        }
        int w = width();
        int h = height();
        float[] out = new float[w * h];
        int[] sourceX = new int[w];
        for (int x = 0; x < w; x++) {
            sourceX[x] = frame.sourceX(x);
        }
        for (int y = 0; y < h; y++) {
            int row = frame.sourceY(y) * DeepLabFrame.SIZE;
            for (int x = 0; x < w; x++) {
                out[y * w + x] = model[row + sourceX[x]];
            }
        }
        return out;
    }

    /**
     * Every picture pixel DeepLab labels {@code pascalClass}.
     *
     * @param pascalClass 0 to 20
     * @return the mask, the picture's size
     */
    public Mask classMask(int pascalClass) {
        int w = width();
        int h = height();
        boolean[] values = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                values[y * w + x] = label(x, y) == pascalClass;
            }
        }
        return Mask.of(w, h, values);
    }

    private void checkSize(Mask mask) {
        if (mask.width() != width() || mask.height() != height()) {
            throw new IllegalArgumentException("mask is " + mask.width() + "x" + mask.height() + ", the picture is " + width()
                    + "x" + height());
        }
    }
}
