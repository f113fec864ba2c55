package io.phototriage.models.clip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads the CLIP fixture and golden files written by {@code tools/export/export.py clip --tiny}
 * (phototriage_export/clip.py): {@code fixtures/clip-tiny/} and {@code golden/clip/} on the test class path.
 */
final class ClipGolden {
    static final String TINY = "clip-tiny";

    private ClipGolden() {}

    /** The folder that holds {@code clip-tiny/} (a models folder for {@link io.phototriage.core.model.ModelStore}). */
    static Path fixturesDir() {
        URL url = ClipGolden.class.getResource("/fixtures/" + TINY + "/manifest.json");
        assertThat(url).as("fixtures/clip-tiny on the test class path (tools/export/export.py clip --tiny)").isNotNull();
        try {
            return Path.of(url.toURI()).getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path cocoImage(String fileName) {
        return Path.of(System.getProperty("phototriage.shared")).resolve("data/coco128/images").resolve(fileName);
    }

    /** golden/clip/clip_tiny.json: images (embeddings by photo), texts (prompt, ids, mask, embeddings), logit_scale. */
    static JsonNode json() {
        try (InputStream in = open("clip_tiny.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A float32 little-endian tensor written by common.write_tensor, flattened. */
    static float[] tensor(String name) {
        try (InputStream in = open(name)) {
            ByteBuffer buf = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[buf.remaining() / 4];
            buf.asFloatBuffer().get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** sha256 of the image's pixels as Pillow's {@code np.asarray(rgb).tobytes()} lays them out (rows of R, G, B bytes). */
    static String rgbSha256(BufferedImage image) {
        int w = image.getWidth();
        byte[] row = new byte[3 * w];
        int[] argb = new int[w];
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (int y = 0; y < image.getHeight(); y++) {
                image.getRGB(0, y, w, 1, argb, 0, w);
                for (int x = 0; x < w; x++) {
                    row[3 * x] = (byte) (argb[x] >> 16);
                    row[3 * x + 1] = (byte) (argb[x] >> 8);
                    row[3 * x + 2] = (byte) argb[x];
                }
                md.update(row);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    private static InputStream open(String name) {
        InputStream in = ClipGolden.class.getResourceAsStream("/golden/clip/" + name);
        assertThat(in).as("golden/clip/" + name + " on the test class path (tools/export/export.py clip --tiny)").isNotNull();
        return in;
    }
}
