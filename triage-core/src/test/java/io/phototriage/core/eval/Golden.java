package io.phototriage.core.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The golden files of tools/export/phototriage_export/golden_eval.py (pycocotools on coco128), regenerate with
 * {@code tools/export/.venv/bin/python tools/export/export.py golden-eval}; and the coco128 ground truth.
 */
final class Golden {
    static final String DIR = "/golden/eval/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static CocoDataset coco128;

    private Golden() {
    }

    static synchronized CocoDataset coco128() {
        if (coco128 == null) {
            try {
                coco128 = CocoDataset.read(coco128Annotations());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return coco128;
    }

    static Path coco128Annotations() {
        String shared = System.getProperty("phototriage.shared");
        if (shared == null) {
            throw new IllegalStateException("system property phototriage.shared is not set; run the tests with Maven"
                    + " (surefire sets it to ../shared)");
        }
        return Path.of(shared, "data", "coco128", "annotations.json");
    }

    static JsonNode json(String name) {
        try (InputStream in = stream(name)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InputStream stream(String name) {
        InputStream in = Golden.class.getResourceAsStream(DIR + name);
        if (in == null) {
            throw new IllegalStateException("golden file " + DIR + name + " is missing from the test class path;"
                    + " run tools/export/export.py golden-eval");
        }
        return in;
    }
}
