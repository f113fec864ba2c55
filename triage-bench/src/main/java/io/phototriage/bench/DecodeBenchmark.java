package io.phototriage.bench;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.image.DecodeOptions;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.image.PhotoDecodeException;
import io.phototriage.core.image.PhotoDecoder;
import io.phototriage.core.image.Resize;
import io.phototriage.models.image.OpenCvPhotoDecoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Photo decoding at full resolution against reduced-scale decoding, by both decoders: {@code imageio}
 * ({@link ImageIoPhotoDecoder}, source subsampling: every pixel is still entropy-decoded and IDCT'd, then
 * decimated) and {@code opencv} ({@link OpenCvPhotoDecoder}, libjpeg-turbo; its scaled IDCT for reduced sizes, and at
 * full resolution the same pixels as the ImageIO decoder). Also the PIL-compatible {@link Resize} from a decoded photo to a model's input
 * size.
 *
 * <p>At target 1024 a 4000x3000 photo decodes to 1334x1000 with ImageIO (factor 3) but 2000x1500 with OpenCV
 * (libjpeg offers 1/2, 1/4, 1/8 only); target 1000 gives 1000x750 from both, the like-for-like comparison.
 *
 * <pre>java -jar triage-bench/target/benchmarks.jar DecodeBenchmark.decode -p targetLongSide=0,1000,1024</pre>
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DecodeBenchmark extends BenchmarkDefaults {
    /** {@link DecodeOptions#FULL_RESOLUTION} (0) or a target long side for subsampled decoding. */
    @Param({"0", "1024"})
    public int targetLongSide;

    /** Which decoder: {@code imageio} or {@code opencv}. */
    @Param({"imageio", "opencv"})
    public String decoderName;

    /** Long side of the generated JPEG photo (4:3; 4000 is 12 MP). */
    @Param({"4000"})
    public int photoLongSide;

    private Path dir;
    private Photo photo;
    private PhotoDecoder decoder;
    private BufferedImage decoded;

    @Setup(Level.Trial)
    public void setUp() throws IOException, PhotoDecodeException {
        dir = Files.createTempDirectory("decode-bench");
        int w = photoLongSide;
        int h = photoLongSide * 3 / 4;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(0);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // Smooth gradient plus mild noise: compresses like a photo, not like flat colour.
                int v = (x * 255 / w + y * 255 / h) / 2;
                int n = random.nextInt(24);
                row[x] = (Math.min(255, v + n) << 16) | (Math.min(255, 255 - v + n) << 8) | Math.min(255, (v + n) / 2);
            }
            image.setRGB(0, y, w, 1, row, 0, w);
        }
        Path file = dir.resolve("photo.jpg");
        ImageIO.write(image, "jpeg", file.toFile());
        photo = Photo.of(file);
        DecodeOptions options = DecodeOptions.defaults().withTargetLongSide(targetLongSide);
        decoder = switch (decoderName) {
            case "imageio" -> new ImageIoPhotoDecoder(options);
            case "opencv" -> new OpenCvPhotoDecoder(options);
            default -> throw new IllegalArgumentException("decoderName must be imageio or opencv: " + decoderName);
        };
        decoded = decoder.decode(photo).image();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(photo.path());
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public DecodedPhoto decode() throws PhotoDecodeException {
        return decoder.decode(photo);
    }

    /** Resizing the decoded photo to a 224x224 model input, as a CLIP-style processor does. */
    @Benchmark
    public BufferedImage resizeBicubicTo224() {
        return Resize.resize(decoded, 224, 224, Resize.Filter.BICUBIC);
    }
}
