package io.phototriage.core.eval;

import com.fasterxml.jackson.databind.JsonNode;

/** Field readers shared by the COCO file readers; they throw IllegalArgumentException naming the entry. */
final class Json {
    private Json() {
    }

    static long longField(JsonNode n, String field, String what) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(what + ": \"" + field + "\" is missing or not an integer");
        }
        return v.asLong();
    }

    static int intField(JsonNode n, String field, String what) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException(what + ": \"" + field + "\" is missing or not a 32-bit integer");
        }
        return v.asInt();
    }

    static double doubleField(JsonNode n, String field, String what) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException(what + ": \"" + field + "\" is missing or not a number");
        }
        return v.asDouble();
    }

    static String textField(JsonNode n, String field, String what) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(what + ": \"" + field + "\" is missing or not a string");
        }
        return v.asText();
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
