package io.phototriage.models.groundingdino;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.StreamSupport;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The golden files written by {@code tools/export/export.py grounding-dino --tiny} (Python: transformers'
 * GroundingDinoProcessor, the traced tiny model, reference post-processing) and the tiny model fixture.
 */
final class GoldenCases {
    static final String FIXTURE_MODEL = "grounding-dino-tiny";
    private static final ObjectMapper JSON = new ObjectMapper();

    private GoldenCases() {}

    /** One golden case: a photo and a class list. */
    record Case(String stem, JsonNode json) {
        String photo() {
            return json.get("photo").asText();
        }

        List<String> classes() {
            return StreamSupport.stream(json.get("classes").spliterator(), false).map(JsonNode::asText).toList();
        }

        long[] inputIds() {
            return StreamSupport.stream(json.get("input_ids").spliterator(), false).mapToLong(JsonNode::asLong).toArray();
        }

        @Override
        public String toString() {
            return stem;
        }
    }

    static Path fixtures() {
        return resource("fixtures");
    }

    static ResolvedModel tinyModel() throws Exception {
        return ModelStore.at(fixtures()).resolve(FIXTURE_MODEL);
    }

    static List<Case> all() {
        JsonNode index = json("index.json");
        List<Case> cases = new ArrayList<>();
        for (JsonNode name : index.get("cases")) {
            String file = name.asText();
            cases.add(new Case(file.substring(0, file.length() - ".json".length()), json(file)));
        }
        return cases;
    }

    static JsonNode json(String file) {
        try (InputStream in = Files.newInputStream(resource("golden/grounding-dino").resolve(file))) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A little-endian float32 golden tensor (its shape is in the sidecar .json). */
    static float[] tensor(String file) {
        try {
            byte[] bytes = Files.readAllBytes(resource("golden/grounding-dino").resolve(file));
            float[] out = new float[bytes.length / 4];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[] shape(String file) {
        return StreamSupport.stream(json(file + ".json").get("shape").spliterator(), false).mapToInt(JsonNode::asInt).toArray();
    }

    /**
     * The photo as PIL decodes it (libjpeg, no colour management), so the parity tests feed the detector exactly
     * what the Python reference was fed. The project's decoder (and the JDK reader's {@code read}) apply embedded
     * ICC profiles, which changes the pixels of 000000000025 and 000000000036; that is a decoder policy the
     * detector's parity must not depend on. How: the JDK reader's raw (upsampled) YCbCr raster, converted with
     * libjpeg's fixed-point {@code jdcolor.c} tables.
     */
    static BufferedImage photo(String name) throws IOException {
        Path file = Path.of(System.getProperty("phototriage.shared")).resolve("data/coco128/images").resolve(name);
        ImageReader reader = jdkJpegReader();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            reader.setInput(in);
            Raster raster = reader.readRaster(0, null);
            int w = raster.getWidth();
            int h = raster.getHeight();
            int bands = raster.getNumBands();
            BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            int[] px = new int[bands];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    raster.getPixel(x, y, px);
                    int r;
                    int g;
                    int b;
                    if (bands == 1) {
                        r = g = b = px[0];
                    } else if (bands == 3) {
                        int luma = px[0];
                        int cb = px[1] - 128;
                        int cr = px[2] - 128;
                        r = clamp(luma + ((fix(1.40200) * cr + (1 << 15)) >> 16));
                        g = clamp(luma + ((-fix(0.34414) * cb + (1 << 15) - fix(0.71414) * cr) >> 16));
                        b = clamp(luma + ((fix(1.77200) * cb + (1 << 15)) >> 16));
                    } else {
                        throw new IOException(name + ": " + bands + "-band JPEG is not a golden photo");
                    }
                    out.setRGB(x, y, (r << 16) | (g << 8) | b);
                }
            }
            return out;
        } finally {
            reader.dispose();
        }
    }

    private static ImageReader jdkJpegReader() {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
        while (readers.hasNext()) {
            ImageReader r = readers.next();
            if (r.getClass().getName().startsWith("com.sun.imageio")) {
                return r;
            }
            r.dispose();
        }
        throw new IllegalStateException("the JDK's JPEG reader is not available");
    }

    private static int fix(double v) {
        return (int) (v * 65536 + 0.5);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static Path resource(String name) {
        try {
            return Path.of(GoldenCases.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource " + name + " missing; run tools/export/export.py grounding-dino --tiny", e);
        }
    }
}
