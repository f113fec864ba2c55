package io.phototriage.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Numeric JSON arrays of golden files as Java arrays. Anything but an array of numbers is an error rather than a
 * silent zero (as {@link JsonNode#asDouble()} would give). Shared through the core test-jar.
 */
public final class JsonArrays {
    private JsonArrays() {}

    /**
     * The array's numbers as doubles.
     *
     * @param array a JSON array of numbers
     * @return its values in order
     */
    public static double[] doubles(JsonNode array) {
        return numbers(array).mapToDouble(JsonNode::doubleValue).toArray();
    }

    /**
     * The array's numbers rounded to float.
     *
     * @param array a JSON array of numbers
     * @return its values in order
     */
    public static float[] floats(JsonNode array) {
        double[] values = doubles(array);
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /**
     * The array's numbers as longs.
     *
     * @param array a JSON array of integral numbers
     * @return its values in order
     */
    public static long[] longs(JsonNode array) {
        return integers(array).mapToLong(JsonNode::longValue).toArray();
    }

    /**
     * The array's numbers as ints.
     *
     * @param array a JSON array of integral numbers that fit an int
     * @return its values in order
     */
    public static int[] ints(JsonNode array) {
        return integers(array).peek(n -> require(n.canConvertToInt(), n, "an int")).mapToInt(JsonNode::intValue).toArray();
    }

    private static Stream<JsonNode> integers(JsonNode array) {
        return numbers(array).peek(n -> require(n.isIntegralNumber(), n, "a whole number"));
    }

    private static Stream<JsonNode> numbers(JsonNode array) {
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("not a JSON array: " + array);
        }
        return StreamSupport.stream(array.spliterator(), false).peek(n -> require(n.isNumber(), n, "a number"));
    }

    private static void require(boolean holds, JsonNode value, String what) {
        if (!holds) {
            throw new IllegalArgumentException("not " + what + ": " + value);
        }
    }
}
