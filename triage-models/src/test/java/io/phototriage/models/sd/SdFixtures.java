package io.phototriage.models.sd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** The tiny SD fixture and the golden files of tools/export/export.py stable-diffusion --tiny. */
final class SdFixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    private SdFixtures() {}

    static Path resource(String name) {
        URL url = SdFixtures.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("test resource " + name + " is missing; run tools/export/export.py stable-diffusion --tiny");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The folder that holds {@code sd-tiny}. */
    static Path fixturesDir() {
        return resource("/fixtures/sd-tiny/manifest.json").getParent().getParent();
    }

    static ResolvedModel tiny() throws Exception {
        return ModelStore.at(fixturesDir()).resolve("sd-tiny");
    }

    /** A golden float32 tensor, flat. */
    static float[] tensor(String name) {
        try {
            byte[] bytes = Files.readAllBytes(resource("/golden/sd/" + name + ".f32"));
            float[] out = new float[bytes.length / 4];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String name) {
        try {
            return JSON.readTree(resource("/golden/sd/" + name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path shared() {
        return Path.of(System.getProperty("phototriage.shared"));
    }

    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
