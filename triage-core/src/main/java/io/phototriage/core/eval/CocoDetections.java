package io.phototriage.core.eval;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A COCO results file, {@code [{"image_id", "category_id", "bbox": [x, y, w, h], "score"}, ...]}, as pycocotools'
 * {@code COCO.loadRes} reads it. Other fields in the file are ignored. The order of the detections is kept: the
 * evaluator breaks score ties by it, as pycocotools does.
 *
 * <pre>{@code
 * CocoDetections.write(out, detections);
 * List<CocoDetection> back = CocoDetections.read(out);
 * }</pre>
 */
public final class CocoDetections {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CocoDetections() {
    }

    /**
     * Reads a results file.
     *
     * @param resultsJson a COCO results JSON file (an array of detections)
     * @return the detections, in file order
     * @throws IOException when it cannot be read or an entry lacks a field (the message names the file and entry)
     */
    public static List<CocoDetection> read(Path resultsJson) throws IOException {
        try (InputStream in = Files.newInputStream(resultsJson)) {
            return read(in, resultsJson.toString());
        } catch (NoSuchFileException e) {
            throw new IOException("COCO results file " + resultsJson + " does not exist", e);
        }
    }

    /**
     * Reads results JSON from a stream.
     *
     * @param source names the input in error messages
     * @param in     the JSON
     * @return the detections, in file order
     * @throws java.io.IOException when the JSON is invalid or a field is missing (the message names {@code source})
     */
    public static List<CocoDetection> read(InputStream in, String source) throws IOException {
        JsonNode root = Json.read(in, source);
        if (root == null || !root.isArray()) {
            throw new IOException(source + " is not a COCO results file: expected a JSON array of"
                    + " {\"image_id\", \"category_id\", \"bbox\", \"score\"} objects");
        }
        List<CocoDetection> detections = new ArrayList<>(root.size());
        int index = 0;
        for (JsonNode n : root) {
            String what = "result " + index;
            try {
                detections.add(new CocoDetection(Json.longField(n, "image_id", what),
                        Json.intField(n, "category_id", what), Json.box(n.get("bbox"), what),
                        Json.doubleField(n, "score", what)));
            } catch (IllegalArgumentException e) {
                throw new IOException(source + ": " + e.getMessage(), e);
            }
            index++;
        }
        return List.copyOf(detections);
    }

    /**
     * Writes a results file (creating parent folders). Doubles are written in full precision.
     *
     * @param resultsJson where to write
     * @param detections  the detections
     * @throws java.io.IOException when the file cannot be written
     */
    public static void write(Path resultsJson, List<CocoDetection> detections) throws IOException {
        if (resultsJson.getParent() != null) {
            Files.createDirectories(resultsJson.getParent());
        }
        try (OutputStream out = Files.newOutputStream(resultsJson)) {
            write(out, detections);
        }
    }

    /**
     * Writes results JSON to a stream (left open).
     *
     * @param out        where to write (not closed)
     * @param detections the detections
     * @throws java.io.IOException when the stream fails
     */
    public static void write(OutputStream out, List<CocoDetection> detections) throws IOException {
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.writeStartArray();
            for (CocoDetection d : detections) {
                g.writeStartObject();
                g.writeNumberField("image_id", d.imageId());
                g.writeNumberField("category_id", d.categoryId());
                g.writeArrayFieldStart("bbox");
                for (double v : d.bbox().toArray()) {
                    g.writeNumber(v);
                }
                g.writeEndArray();
                g.writeNumberField("score", d.score());
                g.writeEndObject();
                g.writeRaw('\n');
            }
            g.writeEndArray();
            g.writeRaw('\n');
        }
    }
}
