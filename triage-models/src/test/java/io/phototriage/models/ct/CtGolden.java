package io.phototriage.models.ct;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test access to the ct fixtures and golden-ct.json (tools/export/export.py golden-ct) and to ../shared/data/ct. */
final class CtGolden {
    private static JsonNode golden;

    private CtGolden() {}

    static synchronized JsonNode golden() throws IOException {
        if (golden == null) {
            try (InputStream in = CtGolden.class.getResourceAsStream("/ct/golden-ct.json")) {
                golden = new ObjectMapper().readTree(in);
            }
        }
        return golden;
    }

    static Path resource(String relative) {
        try {
            return Path.of(CtGolden.class.getResource("/ct/" + relative).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource ct/" + relative, e);
        }
    }

    static Path sharedCt() {
        return Path.of(System.getProperty("phototriage.shared", "../shared")).resolve("data/ct");
    }

    static boolean hasSharedCt() {
        return Files.isDirectory(sharedCt().resolve("example_ct_dicom"));
    }

    static double[] affine(JsonNode rows) {
        double[] out = new double[16];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                out[r * 4 + c] = rows.get(r).get(c).asDouble();
            }
        }
        return out;
    }
}
