package io.phototriage.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.spi.StageRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Runs of the folder driver as the driver tests make them: progress captured, results.json read back. */
final class DriverRuns {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DriverRuns() {}

    /** What one run returned and printed. */
    record Run(FolderTriage.Report report, String log) {}

    /** {@link FolderTriage#run} with plain (not terminal) progress, captured. */
    static Run run(FolderTriage.Options options, StageRegistry registry) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FolderTriage.Report report;
        try (PrintStream progress = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            report = FolderTriage.run(options, registry, progress, false);
        }
        return new Run(report, bytes.toString(StandardCharsets.UTF_8));
    }

    /** The results.json a run wrote into {@code output}. */
    static JsonNode results(Path output) throws IOException {
        return JSON.readTree(output.resolve("results.json").toFile());
    }

    /** The photo entries of results.json by their relative path. */
    static Map<String, JsonNode> byPath(JsonNode results) {
        Map<String, JsonNode> out = new TreeMap<>();
        results.get("photos").forEach(p -> out.put(p.get("path").asText(), p));
        return out;
    }
}
