package io.phototriage.core.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Predicate;

/** Field readers shared by the COCO file readers; they throw IllegalArgumentException naming the entry. */
final class Json {
    private static final ObjectMapper READER = new ObjectMapper();

    private Json() {
    }

    /**
     * Parses a COCO JSON document.
     *
     * @param in     the JSON
     * @param source names the input in the error message
     * @return the document's root
     * @throws IOException when it is not JSON, naming {@code source}
     */
    static JsonNode read(InputStream in, String source) throws IOException {
        try {
            return READER.readTree(in);
        } catch (IOException e) {
            throw new IOException(source + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    static long longField(JsonNode n, String field, String what) {
        return field(n, field, what, JsonNode::isIntegralNumber, "an integer").asLong();
    }

    static int intField(JsonNode n, String field, String what) {
        return field(n, field, what, v -> v.isIntegralNumber() && v.canConvertToInt(), "a 32-bit integer").asInt();
    }

    static double doubleField(JsonNode n, String field, String what) {
        return field(n, field, what, JsonNode::isNumber, "a number").asDouble();
    }

    static String textField(JsonNode n, String field, String what) {
        return field(n, field, what, JsonNode::isTextual, "a string").asText();
    }

    /** {@code n.field}, when it is there and {@code ok}; else an exception saying it is missing or not {@code kind}. */
    private static JsonNode field(JsonNode n, String field, String what, Predicate<JsonNode> ok, String kind) {
        JsonNode v = n.get(field);
        if (v == null || !ok.test(v)) {
            throw new IllegalArgumentException(what + ": \"" + field + "\" is missing or not " + kind);
        }
        return v;
    }

    static CocoBox box(JsonNode bbox, String what) {
        if (bbox == null || !bbox.isArray() || bbox.size() != 4) {
            throw new IllegalArgumentException(what + ": \"bbox\" must be [x, y, width, height]");
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            if (!bbox.get(i).isNumber()) {
                throw new IllegalArgumentException(what + ": bbox value " + bbox.get(i) + " is not a number");
            }
            v[i] = bbox.get(i).asDouble();
        }
        try {
            return new CocoBox(v[0], v[1], v[2], v[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }
}
