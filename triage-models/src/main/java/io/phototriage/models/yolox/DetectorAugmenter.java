package io.phototriage.models.yolox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded training augmentation for the detector, on an image already resized by the letterbox ratio (so that the
 * held-out and production input, {@link Letterbox}, is the augmentation with scale 1, offset 0, no flip and no colour
 * change):
 * <ol>
 *   <li>scale jitter: the image shrinks by {@code f} in {@code [minScale, 1]} (OpenCV linear resize, as the
 *       letterbox);</li>
 *   <li>placement at a random offset in the {@code size x size} canvas (pad 114, as the letterbox);</li>
 *   <li>colour: contrast {@code c} in {@code [1 - colour, 1 + colour]} around 128 and brightness
 *       {@code b} in {@code [-80 colour, 80 colour]}, the same for the three channels;</li>
 *   <li>horizontal flip of the canvas with probability 1/2.</li>
 * </ol>
 * Boxes follow; a box under {@value #MIN_SIDE} input pixels wide or high after the scaling is dropped. Every draw
 * comes from the caller's {@link Random}, in a fixed order, so a seed gives the same batches.
 */
final class DetectorAugmenter {
    /** Boxes smaller than this (input pixels) after scaling are dropped. */
    static final float MIN_SIDE = 2f;

    private final int size;
    private final double minScale;
    private final double colour;

    DetectorAugmenter(int size, double minScale, double colour) {
        if (!(minScale > 0 && minScale <= 1) || !(colour >= 0 && colour < 1)) {
            throw new IllegalArgumentException("minScale in (0, 1] and colour in [0, 1) needed: " + minScale + ", " + colour);
        }
        this.size = size;
        this.minScale = minScale;
        this.colour = colour;
    }

    /**
     * An image at letterbox scale: interleaved RGB of {@code width x height} pixels and its boxes in those pixels.
     *
     * @param rgb    {@code 3 * width * height} values 0..255
     * @param width  at most the input size
     * @param height at most the input size
     * @param boxes  the boxes, centre-size, in these pixels
     */
    record Scaled(int[] rgb, int width, int height, List<SimOta.Box> boxes) {}

    /**
     * One network input.
     *
     * @param tensor {@code [3, size, size]} BGR 0..255
     * @param boxes  the boxes in input pixels
     */
    record Sample(float[] tensor, List<SimOta.Box> boxes) {}

    /** The image as held-out and production images are fed: scale 1, top-left, colours and orientation kept. */
    Sample plain(Scaled image) {
        return new Sample(render(image.rgb(), image.width(), image.height(), 0, 0, 1, 0, false), image.boxes());
    }

    Sample augment(Scaled image, Random random) {
        double f = minScale + (1 - minScale) * random.nextDouble();
        int w = Math.max(1, (int) Math.round(image.width() * f));
        int h = Math.max(1, (int) Math.round(image.height() * f));
        int ox = random.nextInt(size - w + 1);
        int oy = random.nextInt(size - h + 1);
        double contrast = 1 + colour * (2 * random.nextDouble() - 1);
        double brightness = 80 * colour * (2 * random.nextDouble() - 1);
        boolean flip = random.nextBoolean();
        int[] rgb = w == image.width() && h == image.height() ? image.rgb()
                : OpenCvLinearResize.resize(image.rgb(), image.width(), image.height(), w, h);
        float sx = (float) w / image.width();
        float sy = (float) h / image.height();
        List<SimOta.Box> boxes = new ArrayList<>();
        for (SimOta.Box b : image.boxes()) {
            float bw = b.w() * sx;
            float bh = b.h() * sy;
            if (bw < MIN_SIDE || bh < MIN_SIDE) {
                continue;
            }
            float cx = b.cx() * sx + ox;
            float cy = b.cy() * sy + oy;
            boxes.add(new SimOta.Box(b.cls(), flip ? size - cx : cx, cy, bw, bh));
        }
        return new Sample(render(rgb, w, h, ox, oy, contrast, brightness, flip), boxes);
    }

    /** The canvas: pad 114, the image at the offset, colour change on image pixels, optionally mirrored. */
    private float[] render(int[] rgb, int w, int h, int ox, int oy, double contrast, double brightness, boolean flip) {
        int plane = size * size;
        float[] tensor = new float[3 * plane];
        Arrays.fill(tensor, Letterbox.PAD);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int src = 3 * (y * w + x);
                int cx = ox + x;
                int dst = (oy + y) * size + (flip ? size - 1 - cx : cx);
                tensor[dst] = adjust(rgb[src + 2], contrast, brightness);
                tensor[plane + dst] = adjust(rgb[src + 1], contrast, brightness);
                tensor[2 * plane + dst] = adjust(rgb[src], contrast, brightness);
            }
        }
        return tensor;
    }

    private static float adjust(int v, double contrast, double brightness) {
        return (float) Math.max(0, Math.min(255, Math.rint((v - 128) * contrast + 128 + brightness)));
    }
}
