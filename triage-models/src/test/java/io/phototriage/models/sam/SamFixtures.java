package io.phototriage.models.sam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.imageio.ImageIO;

/** The tiny SAM fixture and the golden files of tools/export/export.py sam --tiny. */
final class SamFixtures {
    static final String MODEL = "sam-tiny";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SamFixtures() {}

    static Path fixturesDir() {
        try {
            return Path.of(SamFixtures.class.getResource("/fixtures").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ResolvedModel tinyModel() throws Exception {
        return ModelStore.at(fixturesDir()).resolve(MODEL);
    }

    static Path shared() {
        return Path.of(System.getProperty("phototriage.shared"));
    }

    static JsonNode golden(String name) throws IOException {
        try (InputStream in = resource("/golden/sam/" + name)) {
            return JSON.readTree(in);
        }
    }

    /** A float32 little-endian golden tensor. */
    static float[] goldenFloats(String name) throws IOException {
        byte[] bytes;
        try (InputStream in = resource("/golden/sam/" + name)) {
            bytes = in.readAllBytes();
        }
        float[] out = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    static BufferedImage goldenImage(String name) throws IOException {
        try (InputStream in = resource("/golden/sam/" + name)) {
            return ImageIO.read(in);
        }
    }

    /** A COCO128 photo decoded with ImageIO into TYPE_INT_RGB. */
    static DecodedPhoto cocoPhoto(String fileName) throws IOException {
        Path file = shared().resolve("data/coco128/images").resolve(fileName);
        BufferedImage read = ImageIO.read(file.toFile());
        if (read == null) {
            throw new IOException("ImageIO cannot read " + file);
        }
        BufferedImage rgb = new BufferedImage(read.getWidth(), read.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(read, 0, 0, null);
        return DecodedPhoto.full(Photo.of(file), rgb);
    }

    /** sha256 of the image's RGB bytes in row-major order, as numpy's {@code asarray(image).tobytes()}. */
    static String rgbSha256(BufferedImage image) throws Exception {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] bytes = new byte[3 * w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int i = 3 * (y * w + x);
                bytes[i] = (byte) (row[x] >> 16);
                bytes[i + 1] = (byte) (row[x] >> 8);
                bytes[i + 2] = (byte) row[x];
            }
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = SamFixtures.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("missing test resource " + name + "; run tools/export/export.py sam --tiny");
        }
        return in;
    }
}
