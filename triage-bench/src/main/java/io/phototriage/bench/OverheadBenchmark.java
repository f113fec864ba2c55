package io.phototriage.bench;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.HeroPicker;
import io.phototriage.core.Photo;
import io.phototriage.core.image.Cutouts;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.image.PhotoDecoder;
import io.phototriage.core.image.Pixels;
import io.phototriage.core.stage.Mask;
import java.awt.image.BufferedImage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The library's own per-photo overhead, apart from model time: decoding a real COCO photo, building a model input
 * tensor, cutting out a subject, and scoring sharpness for the hero pick.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OverheadBenchmark extends BenchmarkDefaults {
    /** 000000000009.jpg is 640x480; 000000000034.jpg is 640x425. */
    @Param({"000000000009.jpg"})
    public String photo;

    private PhotoDecoder decoder;
    private Photo source;
    private BufferedImage image;
    private Mask mask;

    @Setup
    public void setUp() throws Exception {
        decoder = ImageIoPhotoDecoder.defaults();
        source = Photo.of(BenchPaths.cocoImage(photo));
        image = decoder.decode(source).image();
        boolean[] bits = new boolean[image.getWidth() * image.getHeight()];
        for (int y = image.getHeight() / 4; y < 3 * image.getHeight() / 4; y++) {
            for (int x = image.getWidth() / 4; x < 3 * image.getWidth() / 4; x++) {
                bits[y * image.getWidth() + x] = true;
            }
        }
        mask = Mask.of(image.getWidth(), image.getHeight(), bits);
    }

    @Benchmark
    public DecodedPhoto decode() throws Exception {
        return decoder.decode(source);
    }

    @Benchmark
    public float[] chwTensor() {
        return Pixels.chw(image, Pixels.Order.RGB, 1 / 255f, new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
    }

    @Benchmark
    public BufferedImage cutoutAndThumbnail() {
        return Cutouts.thumbnail(Cutouts.cutout(image, mask), 256);
    }

    @Benchmark
    public double sharpness() {
        return HeroPicker.laplacianVariance(image);
    }
}
